package io.github.imageedits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
  @TempDir Path folder;

  @Test
  void savesWithTheExtensionOfTheRealFormat() throws IOException {
    Path saved = ImageFiles.saveNew(ImageData.ofBytes(encode("jpeg")), folder, "result");
    assertThat(saved).isEqualTo(folder.toAbsolutePath().resolve("result.jpg"));
    assertThat(ImageIO.read(saved.toFile()).getWidth()).isEqualTo(8);
  }

  @Test
  void neverOverwritesAnExistingFile() throws IOException {
    Path existing = Files.writeString(folder.resolve("result.png"), "keep me");
    Path first = ImageFiles.saveNew(ImageData.ofBytes(encode("png")), folder, "result");
    Path second = ImageFiles.saveNew(ImageData.ofBytes(encode("png")), folder, "result");
    assertThat(Files.readString(existing)).isEqualTo("keep me");
    assertThat(first.getFileName()).hasToString("result-1.png");
    assertThat(second.getFileName()).hasToString("result-2.png");
  }

  @Test
  void neverWritesOutsideTheFolderWhateverTheName() throws IOException {
    Path saved = ImageFiles.saveNew(ImageData.ofBytes(encode("png")), folder, "../../etc/passwd");
    assertThat(saved.getParent()).isEqualTo(folder.toAbsolutePath());
    assertThat(saved.getFileName().toString()).doesNotContain("/").endsWith(".png");
    Path dots = ImageFiles.saveNew(ImageData.ofBytes(encode("png")), folder, "..");
    assertThat(dots.getParent()).isEqualTo(folder.toAbsolutePath());
  }

  @Test
  void refusesBytesThatAreNotAnImage() {
    assertThatThrownBy(() -> ImageFiles.saveNew(ImageData.ofBytes("<html>".getBytes()), folder, "x"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a png, jpeg or webp");
    assertThat(folder).isEmptyDirectory();
  }

  @Test
  void decodesBase64AsItWrites() throws IOException {
    byte[] png = encode("png");
    String base64 = java.util.Base64.getEncoder().encodeToString(png);
    Path saved = ImageFiles.saveNew(ImageData.ofBase64(base64), folder, "b64");
    assertThat(Files.readAllBytes(saved)).isEqualTo(png);
  }

  private static byte[] encode(String format) throws IOException {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }
}
