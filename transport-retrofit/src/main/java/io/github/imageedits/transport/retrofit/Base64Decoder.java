package io.github.imageedits.transport.retrofit;

import java.io.IOException;
import java.io.OutputStream;

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

  private final OutputStream out;
  private final byte[] pending = new byte[8192];
  private int pendingSize;
  private int bits;
  private int bitCount;
  private long symbols;
  private boolean padded;

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
