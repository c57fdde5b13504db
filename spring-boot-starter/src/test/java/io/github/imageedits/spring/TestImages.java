package io.github.imageedits.spring;

import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageSource;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** A small real PNG and an edit request for it. */
final class TestImages {
  private TestImages() {}

  static byte[] png() {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) image.setRGB(x, y, new Color(x * 8, y * 8, 128).getRGB());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static EditRequest request() {
    return EditRequest.builder().model("gpt-image-1").prompt("Put a red scarf on the cat")
        .image(ImageSource.bytes("cat.png", png())).build();
  }
}
