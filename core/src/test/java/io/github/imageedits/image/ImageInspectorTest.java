package io.github.imageedits.image;

import static io.github.imageedits.TestImages.chunk;
import static io.github.imageedits.TestImages.riff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInspectorTest {
  @TempDir Path dir;

  @Nested
  @DisplayName("PNG")
  class Png {
    @Test
    void rgbHasNoAlpha() throws IOException {
      Path file = TestImages.png(dir, "rgb.png", 120, 80, false);

      assertThat(ImageInspector.inspect(file))
          .isEqualTo(new ImageInfo(ImageFormat.PNG, 120, 80, false, Files.size(file)));
    }

    @Test
    void argbHasAlpha() throws IOException {
      Path file = TestImages.png(dir, "argb.png", 33, 77, true);

      assertThat(ImageInspector.inspect(file))
          .isEqualTo(new ImageInfo(ImageFormat.PNG, 33, 77, true, Files.size(file)));
    }

    @Test
    void grayWithTrnsChunkCountsAsAlpha() throws IOException {
      byte[] gray = TestImages.encode(new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY), "png");
      assertThat(ImageInspector.inspect(TestImages.file(dir, "gray.png", gray)).hasAlpha()).isFalse();

      // tRNS for greyscale: the 16-bit grey level that is transparent.
      byte[] keyed = TestImages.withChunk(gray, "tRNS", new byte[] {0, 0});
      Path file = TestImages.file(dir, "gray-trns.png", keyed);

      assertThat(ImageIO.read(file.toFile())).as("still a PNG ImageIO reads").isNotNull();
      assertThat(ImageInspector.inspect(file))
          .isEqualTo(new ImageInfo(ImageFormat.PNG, 40, 30, true, keyed.length));
    }

    @Test
    void palettePngWithTransparentEntryWrittenByImageIoHasAlpha() throws IOException {
      byte[] rgb = {0, (byte) 255};
      byte[] alpha = {0, (byte) 255};
      IndexColorModel palette = new IndexColorModel(8, 2, rgb, rgb, rgb, alpha);
      BufferedImage image = new BufferedImage(16, 9, BufferedImage.TYPE_BYTE_INDEXED, palette);
      Path file = TestImages.file(dir, "palette.png", TestImages.encode(image, "png"));

      assertThat(ImageInspector.inspect(file))
          .isEqualTo(new ImageInfo(ImageFormat.PNG, 16, 9, true, Files.size(file)));
    }

    @Test
    void skipsLargeChunksBeforeTrnsWithoutReadingThem() throws IOException {
      byte[] gray = TestImages.encode(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png");
      byte[] withTrns = TestImages.withChunk(gray, "tRNS", new byte[] {0, 0});
      byte[] bulky = TestImages.withChunk(withTrns, "zzZz", new byte[3_000_000]);
      CountingStream in = new CountingStream(new ByteArrayInputStream(bulky));

      ImageInfo info = ImageInspector.inspect(in, "bulky.png", bulky.length);

      assertThat(info.hasAlpha()).isTrue();
      assertThat(in.read).as("bytes read, not skipped").isLessThan(16 * 1024);
    }

    @Test
    void readsOnlyTheHeaderOfAFiftyMegabyteFile() throws IOException {
      Path small = TestImages.png(dir, "small.png", 64, 48, false);
      Path big = TestImages.padded(small, "big.png", 50L * 1024 * 1024);
      ImageInfo info;
      CountingStream in = new CountingStream(Files.newInputStream(big));
      try (in) {
        info = ImageInspector.inspect(in, big.toString(), Files.size(big));
      }

      assertThat(info).isEqualTo(new ImageInfo(ImageFormat.PNG, 64, 48, false, 50L * 1024 * 1024));
      assertThat(ImageInspector.inspect(big).byteSize()).isEqualTo(50L * 1024 * 1024);
      assertThat(in.read).isLessThan(16 * 1024);
    }

    @Test
    void truncatedAfterSignatureIsNotAnImage() {
      byte[] png = TestImages.encode(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png");
      Path file = TestImages.file(dir, "cut.png", Arrays.copyOf(png, 20));

      assertThatThrownBy(() -> ImageInspector.inspect(file))
          .isInstanceOf(NotAnImageException.class)
          .hasMessage(file + " is not an image of an accepted format (png, jpeg, webp): the PNG header ends early");
    }
  }

  @Nested
  @DisplayName("JPEG")
  class Jpeg {
    @Test
    void baselineJpegFromImageIo() throws IOException {
      Path file = TestImages.jpeg(dir, "photo.jpg", 200, 150);

      assertThat(ImageInspector.inspect(file))
          .isEqualTo(new ImageInfo(ImageFormat.JPEG, 200, 150, false, Files.size(file)));
    }

    @Test
    void progressiveJpegHasItsSizeInSof2() throws IOException {
      BufferedImage image = new BufferedImage(321, 123, BufferedImage.TYPE_INT_RGB);
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      Path file = dir.resolve("progressive.jpg");
      try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(image, null, null), param);
      } finally {
        writer.dispose();
      }
      byte[] bytes = Files.readAllBytes(file);
      assertThat(indexOf(bytes, (byte) 0xFF, (byte) 0xC2)).as("has an SOF2 marker").isPositive();

      assertThat(ImageInspector.inspect(file))
          .isEqualTo(new ImageInfo(ImageFormat.JPEG, 321, 123, false, bytes.length));
    }

    @Test
    void skipsApplicationSegmentsBeforeTheFrame() throws IOException {
      byte[] jpeg = Files.readAllBytes(TestImages.jpeg(dir, "plain.jpg", 10, 20));
      // SOI, then a 60 KB APP1 segment, then the rest of the original file after its SOI.
      byte[] app1 = new byte[4 + 60_000];
      app1[0] = (byte) 0xFF;
      app1[1] = (byte) 0xE1;
      app1[2] = (byte) ((60_002) >> 8);
      app1[3] = (byte) 60_002;
      byte[] fat = new byte[jpeg.length + app1.length];
      System.arraycopy(jpeg, 0, fat, 0, 2);
      System.arraycopy(app1, 0, fat, 2, app1.length);
      System.arraycopy(jpeg, 2, fat, 2 + app1.length, jpeg.length - 2);
      assertThat(ImageIO.read(new ByteArrayInputStream(fat))).as("ImageIO still reads it").isNotNull();
      CountingStream in = new CountingStream(new ByteArrayInputStream(fat));

      assertThat(ImageInspector.inspect(in, "fat.jpg", fat.length))
          .isEqualTo(new ImageInfo(ImageFormat.JPEG, 10, 20, false, fat.length));
      assertThat(in.read).isLessThan(16 * 1024);
    }

    @Test
    void jpegWithoutFrameHeaderIsNotAnImage() {
      // SOI, then straight to EOI.
      Path file = TestImages.file(dir, "empty.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});

      assertThatThrownBy(() -> ImageInspector.inspect(file))
          .isInstanceOf(NotAnImageException.class)
          .hasMessageContaining("empty.jpg is not an image of an accepted format (png, jpeg, webp)")
          .hasMessageContaining("no frame header");
    }
  }

  @Nested
  @DisplayName("WebP")
  class WebP {
    @Test
    void lossyVp8() throws IOException {
      byte[] webp = TestImages.webpLossy(640, 480);
      Path file = TestImages.file(dir, "lossy.webp", webp);

      assertThat(ImageInspector.inspect(file))
          .isEqualTo(new ImageInfo(ImageFormat.WEBP, 640, 480, false, webp.length));
    }

    @Test
    void losslessVp8lWithAndWithoutAlpha() throws IOException {
      assertThat(ImageInspector.inspect(TestImages.file(dir, "a.webp", TestImages.webpLossless(16383, 1, true))))
          .isEqualTo(new ImageInfo(ImageFormat.WEBP, 16383, 1, true, 30));
      assertThat(ImageInspector.inspect(TestImages.file(dir, "b.webp", TestImages.webpLossless(1, 16384, false))))
          .isEqualTo(new ImageInfo(ImageFormat.WEBP, 1, 16384, false, 30));
    }

    @Test
    void extendedVp8xCanvasAndAlphaFlag() throws IOException {
      byte[] withAlpha = TestImages.webpExtended(3000, 2000, true);
      byte[] opaque = TestImages.webpExtended(3000, 2000, false);

      assertThat(ImageInspector.inspect(new ByteArrayInputStream(withAlpha), "x.webp", withAlpha.length))
          .isEqualTo(new ImageInfo(ImageFormat.WEBP, 3000, 2000, true, withAlpha.length));
      assertThat(ImageInspector.inspect(new ByteArrayInputStream(opaque), "y.webp", opaque.length))
          .isEqualTo(new ImageInfo(ImageFormat.WEBP, 3000, 2000, false, opaque.length));
    }

    @Test
    void truncatedWebpIsNotAnImage() {
      byte[] cut = Arrays.copyOf(TestImages.webpLossy(10, 10), 20);
      Path file = TestImages.file(dir, "cut.webp", cut);

      assertThatThrownBy(() -> ImageInspector.inspect(file))
          .isInstanceOf(NotAnImageException.class)
          .hasMessage(file + " is not an image of an accepted format (png, jpeg, webp): the WEBP header ends early");
    }

    @Test
    void unknownFirstChunkIsNotAnImage() {
      Path file = TestImages.file(dir, "odd.webp", riff(chunk("ANIM", new byte[6])));

      assertThatThrownBy(() -> ImageInspector.inspect(file))
          .isInstanceOf(NotAnImageException.class)
          .hasMessageContaining("unknown chunk 'ANIM'");
    }

    @Test
    void lossyFrameWithoutStartCodeIsNotAnImage() {
      byte[] webp = TestImages.webpLossy(10, 10);
      webp[20 + 3] = 0; // first byte of the start code
      Path file = TestImages.file(dir, "bad.webp", webp);

      assertThatThrownBy(() -> ImageInspector.inspect(file))
          .isInstanceOf(NotAnImageException.class)
          .hasMessageContaining("start code");
    }
  }

  @Nested
  @DisplayName("anything else")
  class Other {
    @Test
    void gifIsNotAccepted() throws IOException {
      Path file = dir.resolve("anim.gif");
      ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "gif", file.toFile());

      assertThatThrownBy(() -> ImageInspector.inspect(file))
          .isInstanceOf(NotAnImageException.class)
          .hasMessage(file + " is not an image of an accepted format (png, jpeg, webp)")
          .satisfies(e -> assertThat(((NotAnImageException) e).name()).isEqualTo(file.toString()));
    }

    @Test
    void textAndEmptyFilesAreNotImages() {
      Path text = TestImages.file(dir, "notes.txt", "hello, not an image".getBytes());
      Path empty = TestImages.file(dir, "empty.png", new byte[0]);

      assertThatThrownBy(() -> ImageInspector.inspect(text))
          .hasMessage(text + " is not an image of an accepted format (png, jpeg, webp)");
      assertThatThrownBy(() -> ImageInspector.inspect(empty))
          .hasMessage(empty + " is not an image of an accepted format (png, jpeg, webp)");
    }

    @Test
    void bytesAreNamedByTheirFilename() {
      byte[] bytes = {1, 2, 3};
      assertThatThrownBy(() -> ImageInspector.inspect(new ByteArrayInputStream(bytes), "upload.bin", bytes.length))
          .hasMessage("upload.bin is not an image of an accepted format (png, jpeg, webp)");
    }

    @Test
    void missingFileIsAnIoErrorNotAFormatError() {
      assertThatThrownBy(() -> ImageInspector.inspect(dir.resolve("missing.png")))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(NotAnImageException.class);
    }
  }

  private static int indexOf(byte[] bytes, byte first, byte second) {
    for (int i = 0; i + 1 < bytes.length; i++) {
      if (bytes[i] == first && bytes[i + 1] == second) return i;
    }
    return -1;
  }

  /** Counts the bytes actually read (skipped bytes are not counted). */
  private static final class CountingStream extends FilterInputStream {
    long read;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) read++;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) read += n;
      return n;
    }
  }
}
