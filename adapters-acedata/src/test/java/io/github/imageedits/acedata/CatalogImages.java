package io.github.imageedits.acedata;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
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
 * Real image files for the validation catalog: PNG and JPEG written by javax.imageio, a lossless
 * WebP laid out per the WebP container spec (ImageIO cannot write WebP), and large images made by
 * padding a real PNG after its IEND chunk up to the wanted size (a sparse file on most file systems).
 */
final class CatalogImages {
  private CatalogImages() {}

  static Path png(Path dir, String name, int width, int height, boolean alpha) {
    BufferedImage image = new BufferedImage(width, height,
        alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    if (alpha) { // a fully transparent quarter: the area to edit
      g.setComposite(AlphaComposite.Clear);
      g.fillRect(0, 0, width / 2, height / 2);
    }
    g.dispose();
    return write(image, "png", dir.resolve(name));
  }

  static Path jpeg(Path dir, String name, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.BLUE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return write(image, "jpg", dir.resolve(name));
  }

  /** A lossless WebP: RIFF, WEBP, a VP8L chunk (0x2F, width-1, height-1, alpha bit, version 0). */
  static Path webp(Path dir, String name, int width, int height) {
    int bits = (width - 1) | (height - 1) << 14;
    ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(22).put("WEBP".getBytes(StandardCharsets.US_ASCII));
    b.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(10).put((byte) 0x2F).putInt(bits);
    return file(dir, name, b.array());
  }

  static Path file(Path dir, String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of {@code image} extended with zeros to exactly {@code size} bytes. */
  static Path padded(Path image, String name, long size) {
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

  private static Path write(BufferedImage image, String format, Path file) {
    try {
      if (!ImageIO.write(image, format, file.toFile())) throw new IllegalStateException("no " + format + " writer");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
