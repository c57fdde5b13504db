package io.github.imageedits.testkit;

import static java.util.Objects.requireNonNull;

import java.awt.Color;
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
import javax.imageio.ImageIO;

/**
 * Real images for tests, encoded by {@code javax.imageio}: PNG and JPEG photos whose pixels differ
 * by name (so two files never have the same bytes), PNG masks with a transparent editable area, and
 * a file that only pretends to be an image.
 *
 * <pre>{@code
 * Path photo = TestImages.png(tempDir, "photo.png", 64, 64);
 * Path mask = TestImages.mask(tempDir, "mask.png", 64, 64);
 * }</pre>
 */
public final class TestImages {
  private TestImages() {}

  /** Writes an opaque RGB PNG to {@code dir/name}. */
  public static Path png(Path dir, String name, int width, int height) {
    return write(dir, name, pngBytes(name, width, height));
  }

  /** Writes an RGB JPEG to {@code dir/name}. */
  public static Path jpeg(Path dir, String name, int width, int height) {
    return write(dir, name, jpegBytes(name, width, height));
  }

  /**
   * Writes an ARGB PNG mask to {@code dir/name}: the top half fully transparent (the area to edit),
   * the bottom half opaque.
   */
  public static Path mask(Path dir, String name, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, y < height / 2 ? 0x00000000 : 0xFF000000);
      }
    }
    return write(dir, name, encode(image, "png"));
  }

  /** Writes a text file named {@code name} (for example {@code fake.png}) that is no image at all. */
  public static Path notAnImage(Path dir, String name) {
    return write(dir, name, "this is not an image, whatever its name says\n".getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes a lossless WebP (ImageIO cannot write WebP): RIFF, WEBP and a VP8L chunk holding the
   * signature byte 0x2F, width-1 and height-1 in 14 bits each, no alpha, version 0.
   */
  public static Path webp(Path dir, String name, int width, int height) {
    int bits = (width - 1) | (height - 1) << 14;
    ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(22).put("WEBP".getBytes(StandardCharsets.US_ASCII));
    b.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(10).put((byte) 0x2F).putInt(bits);
    return file(dir, name, b.array());
  }

  /**
   * A copy of {@code image} named {@code name}, extended with zeros to exactly {@code size} bytes:
   * a real image header with a large file behind it, sparse on most file systems, so a "50 MB"
   * image costs a few KB of disk.
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

  /** Writes {@code bytes} to {@code dir/name}. */
  public static Path file(Path dir, String name, byte[] bytes) {
    return write(dir, name, bytes);
  }

  /** An opaque RGB PNG; {@code seed} varies the pixels. */
  public static byte[] pngBytes(String seed, int width, int height) {
    return encode(photo(seed, width, height, BufferedImage.TYPE_INT_RGB), "png");
  }

  /** An RGB JPEG; {@code seed} varies the pixels. */
  public static byte[] jpegBytes(String seed, int width, int height) {
    return encode(photo(seed, width, height, BufferedImage.TYPE_INT_RGB), "jpeg");
  }

  private static BufferedImage photo(String seed, int width, int height, int type) {
    if (width <= 0 || height <= 0) throw new IllegalArgumentException("size must be positive");
    BufferedImage image = new BufferedImage(width, height, type);
    float hue = (requireNonNull(seed, "seed == null").hashCode() & 0xFFFF) / 65536f;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        float brightness = 0.3f + 0.7f * (x + y) / (width + height);
        image.setRGB(x, y, Color.HSBtoRGB(hue, 0.6f, brightness));
      }
    }
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no ImageIO writer for " + format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Path write(Path dir, String name, byte[] bytes) {
    requireNonNull(dir, "dir == null");
    requireNonNull(name, "name == null");
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
