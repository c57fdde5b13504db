package io.github.imageedits.transport.retrofit;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;

/**
 * A base64 decoder fed one character at a time, writing bytes as soon as they are complete, so that
 * a value of any length decodes in constant memory. It accepts the standard and the URL-safe
 * alphabets, skips whitespace (some gateways wrap lines), allows missing padding, and rejects
 * anything else.
 */
final class Base64Decoder {
  private static final int SKIP = -1;
  private static final int INVALID = -2;
  private static final int PAD = -3;
  private static final int[] TABLE = new int[128];

  static {
    java.util.Arrays.fill(TABLE, INVALID);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) TABLE[alphabet.charAt(i)] = i;
    TABLE['-'] = 62;
    TABLE['_'] = 63;
    TABLE['='] = PAD;
    TABLE[' '] = SKIP;
    TABLE['\n'] = SKIP;
    TABLE['\r'] = SKIP;
    TABLE['\t'] = SKIP;
  }

  /**
   * {@link #TABLE} for the fast path, indexed by the unsigned byte: the 6-bit value of a symbol,
   * -1 (all bits set) for anything else, so that a group with any such byte, shifted and
   * or-ed together, is negative.
   */
  private static final int[] GROUP = new int[256];

  static {
    for (int i = 0; i < 256; i++) GROUP[i] = i < 128 && TABLE[i] >= 0 ? TABLE[i] : -1;
  }

  /** The JDK's decoder: on the machines it has an intrinsic for, many times faster than ours. */
  private static final Base64.Decoder JDK = Base64.getDecoder();

  /**
   * The length of the text {@link #acceptBlock} takes: the JDK decodes whole arrays only, so a
   * caller stages text in an array of this length (64 KiB, 48 KiB decoded).
   */
  static final int BLOCK = 64 * 1024;

  private final OutputStream out;
  /** Decoded bytes not yet written; grown to hold a decoded block by the first block. */
  private byte[] pending = new byte[8192];
  private int pendingSize;
  private int bits;
  private int bitCount;
  private long symbols;
  private boolean padded;
  /** False once a block was refused: text that is not plain base64 (wrapped, URL-safe) stays so. */
  private boolean blocks = true;

  Base64Decoder(OutputStream out) {
    this.out = out;
  }

  /** Decodes one character of base64 text. */
  void accept(int c) throws IOException {
    int value = c >= 0 && c < 128 ? TABLE[c] : INVALID;
    if (value == SKIP) return;
    if (value == PAD) {
      padded = true;
      return;
    }
    if (value == INVALID) {
      throw new IOException("b64_json holds a character that is not base64 (code " + c + ")");
    }
    if (padded) throw new IOException("b64_json has data after its padding");
    symbols++;
    bits = (bits << 6) | value;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      pending[pendingSize++] = (byte) (bits >> bitCount);
      bits &= (1 << bitCount) - 1;
      if (pendingSize == pending.length) flush();
    }
  }

  /**
   * Decodes {@code length} characters of base64 text from {@code text} (one byte each, as read
   * from the wire), exactly as if each were given to {@link #accept(int)}.
   */
  void accept(byte[] text, int offset, int length) throws IOException {
    int end = offset + length;
    for (int i = offset; i < end; ) {
      int next = acceptGroups(text, i, end);
      if (next == i) accept(text[i++] & 0xFF);
      else i = next;
    }
  }

  /**
   * The fast path: decodes whole groups of four alphabet characters from {@code text[start..end)}
   * straight into the output buffer, three bytes at a time, and returns the index of the first
   * character it left, {@code start} itself when it took none. It stops before anything that is
   * not a plain group (whitespace, padding, a quote, an escape, a group cut by {@code end}), which
   * the caller hands to {@link #accept(int)}; it takes nothing while a group is half done.
   */
  int acceptGroups(byte[] text, int start, int end) throws IOException {
    if (bitCount != 0 || padded) return start;
    byte[] pending = this.pending;
    int i = start;
    int size = pendingSize;
    while (end - i >= 4) {
      if (size > pending.length - 3) {
        pendingSize = size;
        flush();
        size = 0;
      }
      int bits = GROUP[text[i] & 0xFF] << 18 | GROUP[text[i + 1] & 0xFF] << 12
          | GROUP[text[i + 2] & 0xFF] << 6 | GROUP[text[i + 3] & 0xFF];
      if (bits < 0) break; // a byte that is not an alphabet symbol: its entry is negative
      pending[size] = (byte) (bits >> 16);
      pending[size + 1] = (byte) (bits >> 8);
      pending[size + 2] = (byte) bits;
      size += 3;
      i += 4;
    }
    pendingSize = size;
    symbols += i - start;
    return i;
  }

  /**
   * Decodes {@code text}, {@link #BLOCK} characters, in one go with the JDK's decoder when they are
   * whole groups of plain (standard alphabet, unpadded) base64 and the value so far ends on a
   * group; otherwise it decodes nothing and returns false, and the caller gives the text to
   * {@link #accept(byte[], int, int)}, which decodes or rejects it exactly as it would have.
   */
  boolean acceptBlock(byte[] text) throws IOException {
    if (!blocks || bitCount != 0 || padded || text.length != BLOCK || text[BLOCK - 1] == '=') {
      return false;
    }
    flush();
    if (pending.length < BLOCK / 4 * 3) pending = new byte[BLOCK / 4 * 3];
    int n;
    try {
      n = JDK.decode(text, pending); // padding can only end the array: refused above
    } catch (IllegalArgumentException e) {
      blocks = false; // pending holds nothing of value: it was flushed
      return false;
    }
    symbols += BLOCK;
    out.write(pending, 0, n);
    return true;
  }

  /** How many base64 symbols were decoded so far. */
  long symbols() {
    return symbols;
  }

  /** Ends the value: checks it was complete and writes the last bytes. */
  void finish() throws IOException {
    if (symbols % 4 == 1) throw new IOException("b64_json ends in the middle of a byte");
    flush();
  }

  private void flush() throws IOException {
    if (pendingSize > 0) out.write(pending, 0, pendingSize);
    pendingSize = 0;
  }
}
