package io.github.imageedits.image;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads an image's format, dimensions and alpha from its header bytes, without decoding pixels.
 * Streams: what it skips is skipped, not buffered, so a 50 MB file costs a few KB of memory.
 *
 * <pre>{@code
 * ImageInfo info = ImageInspector.inspect(Path.of("cat.png"));
 * if (info.format() == ImageFormat.PNG && info.hasAlpha()) { ... }
 * }</pre>
 *
 * <p>Understood: PNG (IHDR colour type; a {@code tRNS} chunk before the image data counts as alpha),
 * JPEG (the first SOF frame header; JPEG has no alpha) and WebP in its three flavours (lossy
 * {@code VP8}, lossless {@code VP8L} with its alpha bit, extended {@code VP8X} with its alpha flag
 * and canvas size). Anything else fails with {@link NotAnImageException}.
 */
public final class ImageInspector {
  private ImageInspector() {}

  /**
   * Inspects a file; the byte size is the file's size on disk.
   *
   * @throws NotAnImageException the file is not a PNG, JPEG or WebP image, or its header is damaged
   * @throws IOException the file cannot be read
   */
  public static ImageInfo inspect(Path file) throws IOException {
    requireNonNull(file, "file == null");
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      return inspect(in, file.toString(), size);
    }
  }

  /**
   * Inspects the image at the start of {@code in}, reading only its header. The stream is left
   * open and positioned somewhere after the header.
   *
   * @param in the image bytes
   * @param name names the image in error messages, for example its file name
   * @param byteSize the full size of the encoded image as the caller knows it, or -1 when unknown;
   *     copied into the result
   * @throws NotAnImageException the bytes are not a PNG, JPEG or WebP image
   */
  public static ImageInfo inspect(InputStream in, String name, long byteSize) throws IOException {
    requireNonNull(in, "in == null");
    requireNonNull(name, "name == null");
    // A small buffer lets us peek at the signature and reset; big skips still reach the file. A
    // header is read a few bytes at a time between skips: 512 bytes hold any of them, and an
    // edit inspects each of its images, so a larger buffer is only more memory to clear.
    BufferedInputStream buffered = new BufferedInputStream(in, 512);
    buffered.mark(16);
    byte[] signature = buffered.readNBytes(12);
    buffered.reset();
    Optional<ImageFormat> format = ImageFormat.sniff(signature, signature.length);
    if (format.isEmpty()) throw new NotAnImageException(name, null);
    Header header = new Header(buffered, name, format.get());
    return switch (format.get()) {
      case PNG -> header.png(byteSize);
      case JPEG -> header.jpeg(byteSize);
      case WEBP -> header.webp(byteSize);
    };
  }

  /** A cursor over one image's header bytes. */
  private static final class Header {
    private final InputStream in;
    private final String name;
    private final ImageFormat format;

    Header(InputStream in, String name, ImageFormat format) {
      this.in = in;
      this.name = name;
      this.format = format;
    }

    ImageInfo png(long byteSize) throws IOException {
      skip(8); // signature
      long length = u32be();
      if (length != 13 || !"IHDR".equals(fourCc())) throw damaged("the PNG does not start with an IHDR chunk");
      long width = u32be();
      long height = u32be();
      u8(); // bit depth
      int colorType = u8();
      skip(3 + 4); // compression, filter, interlace; CRC
      // Colour types 4 (grey + alpha) and 6 (RGBA) carry an alpha channel.
      boolean alpha = colorType == 4 || colorType == 6;
      // Otherwise a tRNS chunk, which must come before the first IDAT, makes pixels transparent.
      while (!alpha) {
        long chunkLength = u32be();
        String type = fourCc();
        if (chunkLength > Integer.MAX_VALUE) throw damaged("a PNG chunk length is out of range");
        if (type.equals("IDAT") || type.equals("IEND")) break;
        if (type.equals("tRNS")) alpha = true;
        skip(chunkLength + 4); // data and CRC
      }
      return info(width, height, alpha, byteSize);
    }

    ImageInfo jpeg(long byteSize) throws IOException {
      skip(2); // SOI
      while (true) {
        if (u8() != 0xFF) throw damaged("a JPEG marker was expected");
        int marker = u8();
        while (marker == 0xFF) marker = u8(); // fill bytes
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
          continue; // markers without a length
        }
        if (marker == 0xD9 || marker == 0xDA) throw damaged("the JPEG has no frame header before its image data");
        int length = u16be();
        if (length < 2) throw damaged("a JPEG segment length is out of range");
        if (isStartOfFrame(marker)) {
          u8(); // sample precision
          int height = u16be();
          int width = u16be();
          return info(width, height, false, byteSize);
        }
        skip(length - 2L);
      }
    }

    /** SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isStartOfFrame(int marker) {
      return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    ImageInfo webp(long byteSize) throws IOException {
      skip(12); // RIFF, file size, WEBP
      String chunk = fourCc();
      skip(4); // chunk size
      switch (chunk) {
        case "VP8 ": {
          // RFC 6386 9.1: 3-byte frame tag, start code 9D 01 2A, then 14-bit width and height.
          int tag = u8();
          skip(2);
          if ((tag & 1) != 0) throw damaged("the lossy WebP does not start with a key frame");
          if (u8() != 0x9D || u8() != 0x01 || u8() != 0x2A) throw damaged("the lossy WebP start code is missing");
          int width = u16le() & 0x3FFF;
          int height = u16le() & 0x3FFF;
          return info(width, height, false, byteSize); // alpha needs VP8X + ALPH
        }
        case "VP8L": {
          // Lossless: signature 0x2F, then width-1 (14 bits), height-1 (14 bits), alpha (1), version (3).
          if (u8() != 0x2F) throw damaged("the lossless WebP signature is missing");
          long bits = u32le();
          if ((bits >>> 29) != 0) throw damaged("the lossless WebP version is unknown");
          long width = (bits & 0x3FFF) + 1;
          long height = ((bits >>> 14) & 0x3FFF) + 1;
          return info(width, height, ((bits >>> 28) & 1) == 1, byteSize);
        }
        case "VP8X": {
          // Extended: flags (alpha is 0x10), 3 reserved bytes, canvas width-1 and height-1 (24 bits each).
          int flags = u8();
          skip(3);
          long width = u24le() + 1;
          long height = u24le() + 1;
          return info(width, height, (flags & 0x10) != 0, byteSize);
        }
        default:
          throw damaged("the WebP starts with an unknown chunk '" + chunk.strip() + "'");
      }
    }

    private ImageInfo info(long width, long height, boolean alpha, long byteSize) throws NotAnImageException {
      if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
        throw damaged("the " + format + " header gives the size " + width + "x" + height);
      }
      return new ImageInfo(format, (int) width, (int) height, alpha, byteSize);
    }

    private NotAnImageException damaged(String detail) {
      return new NotAnImageException(name, detail);
    }

    private int u8() throws IOException {
      int b = in.read();
      if (b < 0) throw damaged("the " + format + " header ends early");
      return b;
    }

    private int u16be() throws IOException {
      return u8() << 8 | u8();
    }

    private int u16le() throws IOException {
      return u8() | u8() << 8;
    }

    private long u24le() throws IOException {
      return u8() | u8() << 8 | (long) u8() << 16;
    }

    private long u32be() throws IOException {
      return (long) u16be() << 16 | u16be();
    }

    private long u32le() throws IOException {
      return u16le() | (long) u16le() << 16;
    }

    private String fourCc() throws IOException {
      char[] c = {(char) u8(), (char) u8(), (char) u8(), (char) u8()};
      return new String(c);
    }

    private void skip(long count) throws IOException {
      try {
        in.skipNBytes(count);
      } catch (EOFException e) {
        throw damaged("the " + format + " header ends early");
      }
    }
  }
}
