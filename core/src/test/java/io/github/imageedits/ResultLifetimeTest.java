package io.github.imageedits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How long result bytes live: temporary files until released, saved copies for good. */
@DisplayName("Result lifetimes")
class ResultLifetimeTest {
  @TempDir Path folder;

  private byte[] png() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_ARGB), "png", out);
    return out.toByteArray();
  }

  private Path temporary(byte[] bytes) throws IOException {
    return Files.write(Files.createTempFile(folder, "imageedits-", ".img"), bytes);
  }

  @Test
  @DisplayName("a temporary file is readable until release() deletes it; releasing twice is harmless")
  void temporaryFile() throws IOException {
    byte[] png = png();
    Path file = temporary(png);
    ImageData data = ImageData.ofTemporaryFile(file);

    assertThat(data.bytes()).isEqualTo(png);
    assertThat(data.size()).isEqualTo(png.length);
    data.release();
    data.release();

    assertThat(file).doesNotExist();
    assertThatThrownBy(data::bytes).isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(NoSuchFileException.class);
    assertThat(data.toString()).contains("released");
  }

  @Test
  @DisplayName("release() leaves files of your own and data in memory alone")
  void ownFilesStay() throws IOException {
    byte[] png = png();
    Path mine = Files.write(folder.resolve("mine.png"), png);
    ImageData.ofFile(mine).release();
    ImageData inMemory = ImageData.ofBytes(png);
    inMemory.release();

    assertThat(mine).exists();
    assertThat(inMemory.bytes()).isEqualTo(png);
  }

  @Test
  @DisplayName("closing a result deletes its temporary files, and a copy saved before stays")
  void closeAfterSave() throws IOException {
    byte[] png = png();
    Path first = temporary(png);
    Path second = temporary(png);
    EditResult result = EditResult.builder("p").model("m").images(List.of(
        new EditedImage(null, ImageData.ofTemporaryFile(first), null),
        new EditedImage("https://cdn.example.com/x.png", null, null),
        new EditedImage(null, ImageData.ofTemporaryFile(second), null))).created(1).elapsed(Duration.ZERO).build();

    Path saved;
    try (result) {
      saved = ImageFiles.saveNew(result.images().get(0).data(), folder.resolve("out"), "edited");
    }

    assertThat(first).doesNotExist();
    assertThat(second).doesNotExist();
    assertThat(Files.readAllBytes(saved)).isEqualTo(png);
    assertThat(result.images().get(1).url()).isEqualTo("https://cdn.example.com/x.png");
  }

  @Test
  @DisplayName("saving a temporary file moves it into place; the data reads the saved file, and release() leaves it")
  void saveMoves() throws IOException {
    byte[] png = png();
    Path file = temporary(png);
    ImageData data = ImageData.ofTemporaryFile(file);
    Path out = folder.resolve("out");

    Path saved = ImageFiles.saveNew(data, out, "edited");

    assertThat(file).as("moved, not copied").doesNotExist();
    assertThat(saved).isEqualTo(out.toAbsolutePath().resolve("edited.png"));
    assertThat(Files.readAllBytes(saved)).isEqualTo(png);
    assertThat(data.bytes()).isEqualTo(png);
    assertThat(data.size()).isEqualTo(png.length);
    if (Files.getFileAttributeView(saved, PosixFileAttributeView.class) != null) {
      Path copied = ImageFiles.saveNew(ImageData.ofBytes(png), out, "copied");
      assertThat(Files.getPosixFilePermissions(saved)).as("a new file's permissions, not the temporary file's")
          .isEqualTo(Files.getPosixFilePermissions(copied));
    }
    data.release();
    data.release();

    assertThat(Files.readAllBytes(saved)).isEqualTo(png);
    assertThatThrownBy(data::bytes).isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(NoSuchFileException.class);
  }

  @Test
  @DisplayName("saving the same temporary data twice gives two files: the second is a copy of the first")
  void saveTwice() throws IOException {
    byte[] png = png();
    Path file = temporary(png);
    ImageData data = ImageData.ofTemporaryFile(file);

    Path first = ImageFiles.saveNew(data, folder.resolve("out"), "edited");
    Path second = ImageFiles.saveNew(data, folder.resolve("out"), "edited");
    Path elsewhere = ImageFiles.saveNew(data, folder.resolve("other"), "edited");
    data.release();

    assertThat(second).isNotEqualTo(first).hasFileName("edited-1.png");
    assertThat(first).exists();
    assertThat(Files.readAllBytes(first)).isEqualTo(png);
    assertThat(Files.readAllBytes(second)).isEqualTo(png);
    assertThat(Files.readAllBytes(elsewhere)).isEqualTo(png);
    assertThat(file).doesNotExist();
  }

  @Test
  @DisplayName("saving released temporary data fails and leaves no file")
  void saveAfterRelease() throws IOException {
    ImageData data = ImageData.ofTemporaryFile(temporary(png()));
    Path out = Files.createDirectory(folder.resolve("out"));
    data.release();

    assertThatThrownBy(() -> ImageFiles.saveNew(data, out, "edited")).isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(NoSuchFileException.class);
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  @DisplayName("a copy that fails half-way, even with an unchecked exception, leaves no file")
  void failedCopyLeavesNothing() throws IOException {
    byte[] png = png();
    InputStream breaking = new InputStream() {
      private int read;

      @Override
      public int read() {
        if (read == png.length / 2) throw new IllegalStateException("the download broke");
        return png[read++] & 0xFF;
      }
    };

    assertThatThrownBy(() -> ImageFiles.saveNew(breaking, folder, "half", "png"))
        .isInstanceOf(IllegalStateException.class);
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files).isEmpty();
    }
  }
}
