package io.github.imageedits;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Real image files for tests: written by javax.imageio, or (WebP) laid out byte by byte per spec. */
public final class TestImages {
  private TestImages() {}

  /** A PNG written by ImageIO: RGB, or ARGB with a transparent corner when {@code alpha}. */
  public static Path png(Path dir, String name, int width, int height, boolean alpha) {
    BufferedImage image = new BufferedImage(width, height,
        alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    if (alpha) {
      g.setComposite(java.awt.AlphaComposite.Clear);
      g.fillRect(0, 0, width / 2, height / 2);
    }
    g.dispose();
    return write(image, "png", dir.resolve(name));
  }

  /** A JPEG written by ImageIO. */
  public static Path jpeg(Path dir, String name, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.BLUE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return write(image, "jpg", dir.resolve(name));
  }

  /** A file holding {@code bytes}. */
  public static Path file(Path dir, String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies {@code image} to {@code name} and extends the copy to exactly {@code size} bytes with
   * zeros after the PNG's IEND (or the JPEG's EOI): still a valid image, and a sparse file on most
   * file systems, so a "50 MB" image costs no disk.
   */
  public static Path padded(Path image, String name, long size) {
    try {
      Path copy = Files.copy(image, image.resolveSibling(name));
      try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
        file.setLength(size);
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Inserts a chunk right after IHDR (which always ends at byte 33) of an encoded PNG. */
  public static byte[] withChunk(byte[] png, String type, byte[] data) {
    ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
    chunk.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
    CRC32 crc = new CRC32();
    crc.update(chunk.array(), 4, 4 + data.length);
    chunk.putInt((int) crc.getValue());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, 33);
    out.writeBytes(chunk.array());
    out.write(png, 33, png.length - 33);
    return out.toByteArray();
  }

  /** Encodes {@code image} in memory. */
  public static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no writer for " + format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A lossy WebP: RIFF, "VP8 " chunk with a key-frame tag, start code 9D 01 2A and 14-bit sizes. */
  public static byte[] webpLossy(int width, int height) {
    return riff(chunk("VP8 ", vp8Frame(width, height)));
  }

  /** A lossless WebP: "VP8L" chunk, signature 0x2F, then width-1, height-1, alpha bit, version 0. */
  public static byte[] webpLossless(int width, int height, boolean alpha) {
    int bits = (width - 1) | (height - 1) << 14 | (alpha ? 1 : 0) << 28;
    ByteBuffer payload = le(5 + 5).put((byte) 0x2F).putInt(bits).put(new byte[5]);
    return riff(chunk("VP8L", payload.array()));
  }

  /**
   * An extended WebP: "VP8X" (flags with alpha 0x10, three reserved bytes, canvas width-1 and
   * height-1 as 24-bit little-endian), then an ALPH chunk when {@code alpha}, then the VP8 frame.
   */
  public static byte[] webpExtended(int width, int height, boolean alpha) {
    ByteBuffer vp8x = le(10).put((byte) (alpha ? 0x10 : 0)).put(new byte[3]);
    putU24(vp8x, width - 1);
    putU24(vp8x, height - 1);
    byte[] frame = chunk("VP8 ", vp8Frame(width, height));
    return alpha
        ? riff(chunk("VP8X", vp8x.array()), chunk("ALPH", new byte[] {0, 0, 0, 0}), frame)
        : riff(chunk("VP8X", vp8x.array()), frame);
  }

  private static byte[] vp8Frame(int width, int height) {
    // Frame tag: key frame (bit 0 = 0), version 0, show_frame (bit 4), first partition size 1.
    int tag = 1 << 4 | 1 << 5;
    ByteBuffer payload = le(10 + 6)
        .put((byte) tag).put((byte) (tag >> 8)).put((byte) (tag >> 16))
        .put((byte) 0x9D).put((byte) 0x01).put((byte) 0x2A)
        .putShort((short) (width & 0x3FFF)).putShort((short) (height & 0x3FFF))
        .put(new byte[6]);
    return payload.array();
  }

  /** A RIFF chunk: FourCC, little-endian size, payload, a pad byte when the size is odd. */
  public static byte[] chunk(String fourCc, byte[] payload) {
    ByteBuffer chunk = le(8 + payload.length + (payload.length & 1));
    chunk.put(fourCc.getBytes(StandardCharsets.US_ASCII)).putInt(payload.length).put(payload);
    return chunk.array();
  }

  /** "RIFF", the size of what follows, "WEBP", the chunks. */
  public static byte[] riff(byte[]... chunks) {
    int length = 4;
    for (byte[] c : chunks) length += c.length;
    ByteBuffer riff = le(8 + length);
    riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(length)
        .put("WEBP".getBytes(StandardCharsets.US_ASCII));
    for (byte[] c : chunks) riff.put(c);
    return riff.array();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void putU24(ByteBuffer buffer, int value) {
    buffer.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
  }

  private static Path write(BufferedImage image, String format, Path file) {
    try {
      if (!ImageIO.write(image, format, file.toFile())) throw new IllegalStateException("no writer for " + format);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
