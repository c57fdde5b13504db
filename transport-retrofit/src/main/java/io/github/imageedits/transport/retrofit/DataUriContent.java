package io.github.imageedits.transport.retrofit;

import io.github.imageedits.ImageData;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the raw bytes of a JSON string (quotes and escapes included) that may carry images as
 * {@code data:image/…;base64,…} URIs, as chat-completion {@code content} does at ChainHub, and
 * decodes each image while it is read, like a {@code b64_json} value: the base64 text never
 * becomes a String. The result is the plain String when the value holds no data URI, else a list
 * of its text (String, without the {@code data:image/…;base64,} prefixes) and its images
 * ({@link ImageData}), in order.
 *
 * <p>Two layers, fed one byte at a time: JSON unescaping (to UTF-8 bytes; {@code \\uXXXX}
 * escapes and surrogate pairs included), then a scanner that spots the data URI prefix in the text
 * and sends what follows to a {@link Base64Decoder} up to the first byte outside the base64
 * alphabet (a closing parenthesis, a quote, a space).
 */
final class DataUriContent {
  private static final byte[] PREFIX = "data:image/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MARKER = ";base64,".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_SUBTYPE = 32;

  /** Makes the output of one image: memory, then a temporary file, within the image limit. */
  interface Images {
    SpillOutput open();
  }

  /** Called when an image starts and ends, to pause counting its bytes against the JSON limit. */
  interface Counting {
    void counting(boolean on);
  }

  private final Images images;
  private final Counting counting;
  private final List<Object> parts = new ArrayList<>();
  private final List<SpillOutput> opened = new ArrayList<>();
  private byte[] text = new byte[256];
  private int textSize;

  // JSON layer
  private int jsonState; // 0 before, 1 in, 2 escape, 3 unicode, 4 closed
  private int unicodeDigits;
  private int unicodeValue;
  private int highSurrogate = -1;

  // scanner layer
  private int scanState; // 0 text, 1 subtype, 2 marker, 3 base64
  private int subtypeLength;
  private int markerMatched;
  private int prefixStart;
  private SpillOutput image;
  private Base64Decoder decoder;

  DataUriContent(Images images, Counting counting) {
    this.images = images;
    this.counting = counting;
  }

  /** Feeds {@code n} raw bytes of the JSON string. */
  void accept(byte[] chunk, int n) throws IOException {
    for (int i = 0; i < n; i++) json(chunk[i] & 0xFF);
  }

  /** Ends the value: a String, or the list of text and images. */
  Object finish() throws IOException {
    if (jsonState != 4) throw new EOFException("a JSON string ends before its closing quote");
    if (scanState == 3) endImage();
    if (parts.isEmpty()) return new String(text, 0, textSize, StandardCharsets.UTF_8);
    flushText();
    return List.copyOf(parts);
  }

  /** Closes the files of images begun (the caller deletes them) after a failure. */
  void abandon() {
    for (SpillOutput out : opened) out.abandon();
  }

  private void json(int b) throws IOException {
    switch (jsonState) {
      case 0 -> {
        if (b != '"') throw new IOException("content is not a JSON string");
        jsonState = 1;
      }
      case 1 -> {
        if (b == '"') {
          jsonState = 4;
        } else if (b == '\\') {
          jsonState = 2;
        } else {
          scan(b);
        }
      }
      case 2 -> {
        jsonState = 1;
        switch (b) {
          case 'n' -> scan('\n');
          case 'r' -> scan('\r');
          case 't' -> scan('\t');
          case 'b' -> scan('\b');
          case 'f' -> scan('\f');
          case 'u' -> {
            jsonState = 3;
            unicodeDigits = 0;
            unicodeValue = 0;
          }
          default -> scan(b); // \" \\ \/
        }
      }
      case 3 -> {
        int digit = Character.digit(b, 16);
        if (digit < 0) throw new IOException("content has a bad unicode escape");
        unicodeValue = unicodeValue * 16 + digit;
        if (++unicodeDigits == 4) {
          jsonState = 1;
          codeUnit(unicodeValue);
        }
      }
      default -> throw new IOException("data after the end of a JSON string");
    }
  }

  /** A UTF-16 code unit from an escape, joined with its pair when it is a surrogate. */
  private void codeUnit(int unit) throws IOException {
    if (Character.isHighSurrogate((char) unit)) {
      highSurrogate = unit;
      return;
    }
    int codePoint = unit;
    if (Character.isLowSurrogate((char) unit) && highSurrogate >= 0) {
      codePoint = Character.toCodePoint((char) highSurrogate, (char) unit);
    }
    highSurrogate = -1;
    for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) scan(b & 0xFF);
  }

  private void scan(int b) throws IOException {
    switch (scanState) {
      case 3 -> {
        if (isBase64(b)) {
          decoder.accept(b);
          return;
        }
        endImage();
        scanText(b);
      }
      case 1 -> {
        append(b);
        if (b == ';' && subtypeLength > 0) {
          scanState = 2;
          markerMatched = 1;
        } else if (isSubtype(b) && ++subtypeLength <= MAX_SUBTYPE) {
          return;
        } else {
          scanState = 0; // not a data URI after all; the bytes stay text
        }
      }
      case 2 -> {
        append(b);
        if (b == MARKER[markerMatched]) {
          if (++markerMatched == MARKER.length) startImage();
        } else {
          scanState = 0;
        }
      }
      default -> scanText(b);
    }
  }

  private void scanText(int b) {
    append(b);
    if (b == '/' && endsWith(PREFIX)) {
      scanState = 1;
      subtypeLength = 0;
      prefixStart = textSize - PREFIX.length;
    }
  }

  private void startImage() {
    textSize = prefixStart; // the prefix is not text
    flushText();
    image = images.open();
    opened.add(image);
    decoder = new Base64Decoder(image);
    scanState = 3;
    counting.counting(false);
  }

  private void endImage() throws IOException {
    counting.counting(true);
    decoder.finish();
    ImageData data = image.finish();
    if (decoder.symbols() > 0) parts.add(data); // "data:image/png;base64," with nothing after is no image
    image = null;
    decoder = null;
    scanState = 0;
  }

  private void flushText() {
    if (textSize > 0) parts.add(new String(text, 0, textSize, StandardCharsets.UTF_8));
    textSize = 0;
  }

  private void append(int b) {
    if (textSize == text.length) text = Arrays.copyOf(text, text.length * 2);
    text[textSize++] = (byte) b;
  }

  private boolean endsWith(byte[] suffix) {
    if (textSize < suffix.length) return false;
    for (int i = 0; i < suffix.length; i++) {
      if (text[textSize - suffix.length + i] != suffix[i]) return false;
    }
    return true;
  }

  private static boolean isBase64(int b) {
    return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
        || b == '+' || b == '/' || b == '=' || b == '-' || b == '_';
  }

  private static boolean isSubtype(int b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
        || b == '.' || b == '+' || b == '-';
  }
}
