package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.image.ImageFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * The bytes of a returned image, wherever they are kept: in memory, still base64-encoded, or in a
 * file the transport streamed them to. Read them with {@link #open()} or {@link #writeTo}; call
 * {@link #bytes()} only for images you are happy to hold in memory.
 *
 * <p>Lifetime: a large image the transport decoded lives in a temporary file (owner-only) until
 * {@link #release()} deletes it, which {@link EditResult#close()} does for every image of a result;
 * the JVM deletes what is left when it exits. A saved file outlives the release: saving such an
 * image ({@link ImageFiles#saveNew(ImageData, Path, String)}, the client's {@code save}) moves its
 * temporary file into place when it can, rather than writing the bytes a second time, and the data
 * then reads the saved file; a later save copies that.
 *
 * <pre>{@code
 * try (OutputStream out = Files.newOutputStream(Path.of("edited.png"))) {
 *   image.data().writeTo(out);
 * }
 * }</pre>
 */
public interface ImageData {

  /** Opens a fresh stream over the decoded image bytes. */
  InputStream open() throws IOException;

  /** The decoded size in bytes, or -1 when it is not known without decoding. */
  long size();

  /** Copies the decoded bytes to {@code out}, streaming. */
  default void writeTo(OutputStream out) throws IOException {
    requireNonNull(out, "out == null");
    try (InputStream in = open()) {
      in.transferTo(out);
    }
  }

  /** Reads the whole image into memory. */
  default byte[] bytes() {
    try (InputStream in = open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The real format, judged from the first bytes, whatever the provider announced. */
  default Optional<ImageFormat> format() {
    try (InputStream in = open()) {
      byte[] header = in.readNBytes(12);
      return ImageFormat.sniff(header, header.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Frees what holds the bytes: deletes the temporary file a transport streamed them to. Reading
   * afterwards fails. Data in memory and files of your own ({@link #ofFile}) are left alone; calling
   * it twice is harmless.
   */
  default void release() {}

  /** Image bytes held in memory. */
  static ImageData ofBytes(byte[] bytes) {
    byte[] copy = requireNonNull(bytes, "bytes == null").clone();
    return new ImageData() {
      @Override
      public InputStream open() {
        return new ByteArrayInputStream(copy);
      }

      @Override
      public long size() {
        return copy.length;
      }

      @Override
      public String toString() {
        return "ImageData[" + copy.length + " bytes]";
      }
    };
  }

  /** Base64 text (as in {@code b64_json}), decoded as it is read. */
  static ImageData ofBase64(String base64) {
    requireNonNull(base64, "base64 == null");
    return new ImageData() {
      @Override
      public InputStream open() {
        // MIME decoder: tolerates the line breaks some gateways insert.
        return Base64.getMimeDecoder()
            .wrap(new ByteArrayInputStream(base64.getBytes(StandardCharsets.ISO_8859_1)));
      }

      @Override
      public long size() {
        return -1;
      }

      @Override
      public String toString() {
        return "ImageData[base64, " + base64.length() + " chars]";
      }
    };
  }

  /** Decoded image bytes in a file (for example one the transport streamed a large result to). */
  static ImageData ofFile(Path file) {
    requireNonNull(file, "file == null");
    return new ImageData() {
      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }

      @Override
      public long size() {
        try {
          return Files.size(file);
        } catch (IOException e) {
          return -1;
        }
      }

      @Override
      public String toString() {
        return "ImageData[" + file + "]";
      }
    };
  }

  /**
   * Decoded image bytes in a temporary file that belongs to this data: {@link #release()} deletes
   * it, unless it was saved (moved into place) first. For transports that stream large results
   * aside; use {@link #ofFile} for files of your own.
   */
  static ImageData ofTemporaryFile(Path file) {
    requireNonNull(file, "file == null");
    return new TemporaryFileData(file);
  }
}
