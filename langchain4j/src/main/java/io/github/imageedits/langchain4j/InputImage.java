package io.github.imageedits.langchain4j;

import dev.langchain4j.data.image.Image;
import io.github.imageedits.ImageSource;
import io.github.imageedits.image.ImageFormat;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One LangChain4j {@link Image} as an {@link ImageSource}, and the temporary file it may own until
 * the edit has been sent ({@link #close()} deletes it).
 */
final class InputImage implements AutoCloseable {
  private static final String DATA_PREFIX = "data:";
  private static final String BASE64_MARK = ";base64,";

  final ImageSource source;
  private final @Nullable Path temporary;

  private InputImage(ImageSource source, @Nullable Path temporary) {
    this.source = source;
    this.temporary = temporary;
  }

  /**
   * Maps {@code image}: a URL (http or https, sent as a link for the provider to fetch; a
   * {@code file:} URL read from disk; a {@code data:} URL decoded) or base64 data, decoded as a
   * stream. Returns null when the image carries neither, for the caller to report.
   *
   * @throws IllegalArgumentException the base64 text or the {@code file:} URL is malformed
   *
   * @param name the part name, {@code image} or {@code mask}
   * @param spillChars base64 text longer than this is decoded into a temporary file, not memory
   */
  static @Nullable InputImage of(Image image, String name, int spillChars) {
    String base64 = image.base64Data();
    if (base64 != null && !base64.isEmpty()) {
      return decode(base64, 0, image.mimeType(), name, spillChars);
    }
    URI url = image.url();
    if (url == null) return null;
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "file":
        return new InputImage(ImageSource.file(Path.of(url)), null);
      case "data":
        // Read from the URI's own text, not getSchemeSpecificPart(), which would decode and copy it.
        String text = url.toString();
        int comma = text.indexOf(',');
        if (comma < 0) return null;
        // Only the short header is lower-cased: data:image/png;base64,
        String header = text.substring(0, comma + 1).toLowerCase(Locale.ROOT);
        if (!header.startsWith(DATA_PREFIX) || !header.endsWith(BASE64_MARK)) return null;
        String mimeType = header.substring(DATA_PREFIX.length(), header.length() - BASE64_MARK.length());
        return decode(text, comma + 1, mimeType.isEmpty() ? null : mimeType, name, spillChars);
      default:
        // http and https, and anything else: the client's validation refuses what is not a web link.
        return new InputImage(ImageSource.url(url.toString()), null);
    }
  }

  private static InputImage decode(String text, int start, @Nullable String mimeType, String name,
      int spillChars) {
    try (InputStream decoded = new DecodingStream(
        Base64.getMimeDecoder().wrap(new CharsInputStream(text, start)))) {
      if (text.length() - start <= spillChars) {
        byte[] bytes = decoded.readAllBytes();
        return new InputImage(ImageSource.bytes(fileName(name, bytes, mimeType), bytes), null);
      }
      Path file = Files.createTempFile("imageedits-lc4j-", ".img");
      try {
        try (OutputStream out = Files.newOutputStream(file)) {
          decoded.transferTo(out);
        }
        byte[] header;
        try (InputStream in = Files.newInputStream(file)) {
          header = in.readNBytes(12);
        }
        // The file name tells the provider the type; the source's own path keeps the random name.
        Path named = Files.move(file, file.resolveSibling(
            file.getFileName().toString().replace(".img", "-" + fileName(name, header, mimeType))));
        return new InputImage(ImageSource.file(named), named);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
    } catch (BadBase64 e) {
      // The MIME decoder skips characters outside the alphabet; a broken end (a lone last
      // character, padding in the middle) is what is left to report.
      throw new IllegalArgumentException("not base64 text: " + e.getCause().getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not decode the " + name + " to a temporary file", e);
    }
  }

  /** {@code image.png}: the real format first, then the declared MIME type, then none. */
  private static String fileName(String name, byte[] header, @Nullable String mimeType) {
    Optional<ImageFormat> sniffed = ImageFormat.sniff(header, Math.min(header.length, 12));
    if (sniffed.isPresent()) return name + "." + sniffed.get().extension();
    if (mimeType != null) {
      for (ImageFormat format : ImageFormat.values()) {
        if (format.mediaType().equalsIgnoreCase(mimeType.trim())) return name + "." + format.extension();
      }
    }
    return name;
  }

  @Override
  public void close() {
    if (temporary == null) return;
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      temporary.toFile().deleteOnExit();
    }
  }

  /** What the decoder could not read, told apart from a failing temporary file. */
  private static final class BadBase64 extends IOException {
    BadBase64(IOException cause) {
      super(cause);
    }
  }

  /** Marks the decoder's own failures as {@link BadBase64}. */
  private static final class DecodingStream extends FilterInputStream {
    DecodingStream(InputStream decoder) {
      super(decoder);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new BadBase64(e);
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        return super.read(buffer, offset, length);
      } catch (IOException e) {
        throw new BadBase64(e);
      }
    }
  }

  /**
   * The characters of a string from {@code start} as ASCII bytes, read in place: base64 text is
   * ASCII, and {@code getBytes} would make a second full copy of what may be megabytes.
   */
  private static final class CharsInputStream extends InputStream {
    private final String text;
    private int position;

    CharsInputStream(String text, int start) {
      this.text = text;
      this.position = start;
    }

    @Override
    public int read() {
      if (position >= text.length()) return -1;
      char c = text.charAt(position++);
      return c < 0x80 ? c : '?';
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (length == 0) return 0;
      if (position >= text.length()) return -1;
      int count = Math.min(length, text.length() - position);
      for (int i = 0; i < count; i++) {
        // A non-ASCII character becomes '?', outside the base64 alphabet: the MIME decoder skips it.
        char c = text.charAt(position + i);
        buffer[offset + i] = c < 0x80 ? (byte) c : (byte) '?';
      }
      position += count;
      return count;
    }

    @Override
    public int available() {
      return text.length() - position;
    }
  }
}
