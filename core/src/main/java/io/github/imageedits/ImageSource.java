package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An image to edit (or a mask): a file on disk, bytes in memory, or an http(s) URL that the provider
 * fetches itself.
 *
 * <pre>{@code
 * ImageSource photo = ImageSource.file(Path.of("photo.png"));
 * ImageSource logo = ImageSource.bytes("logo.png", logoBytes);
 * ImageSource remote = ImageSource.url("https://example.com/item.png");
 * }</pre>
 *
 * <p>Files are streamed to the provider, never read whole into memory.
 */
public sealed interface ImageSource {

  /** A file read from disk when the request is sent. */
  static ImageSource file(Path path) {
    return new FileImage(path);
  }

  /** Bytes already in memory; {@code filename} names the part on the wire. */
  static ImageSource bytes(String filename, byte[] bytes) {
    return new BytesImage(filename, bytes);
  }

  /** An http or https URL the provider fetches. */
  static ImageSource url(String url) {
    requireNonNull(url, "url == null");
    return new UrlImage(URI.create(url));
  }

  /** A short description for messages: the file name, the byte count, or the URL. */
  String describe();

  /** An image file on disk. */
  record FileImage(Path path) implements ImageSource {
    public FileImage {
      requireNonNull(path, "path == null");
    }

    @Override
    public String describe() {
      return path.toString();
    }
  }

  /** An image held in memory. The array is copied in and out, so the value stays immutable. */
  record BytesImage(String filename, byte[] bytes) implements ImageSource {
    public BytesImage {
      requireNonNull(filename, "filename == null");
      requireNonNull(bytes, "bytes == null");
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    /** The length without copying the bytes. */
    public int length() {
      return bytes.length;
    }

    /** Reads the bytes without copying them. */
    public java.io.InputStream open() {
      return new java.io.ByteArrayInputStream(bytes);
    }

    @Override
    public String describe() {
      return filename + " (" + bytes.length + " bytes in memory)";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof BytesImage other
          && filename.equals(other.filename)
          && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return filename.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "BytesImage[" + describe() + "]";
    }
  }

  /** An image the provider downloads itself. */
  record UrlImage(URI url) implements ImageSource {
    public UrlImage {
      requireNonNull(url, "url == null");
    }

    @Override
    public String describe() {
      return url.toString();
    }
  }
}
