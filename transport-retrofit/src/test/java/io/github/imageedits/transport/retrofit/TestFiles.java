package io.github.imageedits.transport.retrofit;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import javax.imageio.ImageIO;

/** Real image bytes for tests: PNG and JPEG written by ImageIO, a WebP built by hand. */
final class TestFiles {
  private TestFiles() {}

  /** A PNG of {@code size}×{@code size}; noisy pixels make it large, as photos are. */
  static byte[] png(int size, boolean noisy) {
    return encode(image(size, noisy, BufferedImage.TYPE_INT_ARGB), "png");
  }

  static byte[] jpeg(int size) {
    return encode(image(size, true, BufferedImage.TYPE_INT_RGB), "jpg");
  }

  /**
   * A 1×1 lossless WebP (RIFF header, VP8L chunk): ImageIO has no WebP writer, so the 34 bytes are
   * spelled out. This is the image browsers' WebP feature tests decode.
   */
  static byte[] webp() {
    return Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
  }

  static Path write(Path dir, String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage image(int size, boolean noisy, int type) {
    BufferedImage image = new BufferedImage(size, size, type);
    Random random = new Random(size);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int rgb = noisy ? random.nextInt() | 0xFF000000 : new Color(x * 255 / size, 90, 200).getRGB();
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no writer for " + format);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
