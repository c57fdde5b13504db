package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditedImage;
import io.github.imageedits.ProgressListener;
import io.github.imageedits.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress listener set on the facade's builder hears every byte, up and down. */
@DisplayName("Progress")
class ProgressTest {
  private static final String REPLY = "{\"success\":true,\"task_id\":\"p-1\",\"trace_id\":\"t-1\","
      + "\"created\":1777048863,\"data\":[{\"url\":\"https://cdn.example.com/p-1.png\"}],\"elapsed\":1.0}";

  @TempDir Path dir;
  private MockWebServer server;
  private final List<long[]> uploads = new CopyOnWriteArrayList<>();
  private final List<long[]> downloads = new CopyOnWriteArrayList<>();
  private ImageEditClient client;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    client = ImageEdits.builder().provider("acedata").apiKey("progress-key")
        .baseUrl("http://127.0.0.1:" + server.getPort())
        .progressListener(new ProgressListener() {
          @Override
          public void uploaded(long sent, long total) {
            uploads.add(new long[] {sent, total});
          }

          @Override
          public void downloaded(long received, long total) {
            downloads.add(new long[] {received, total});
          }
        })
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  /** A noisy PNG of about 1 MB: big enough for many 64 KiB steps. */
  private Path photo() throws IOException {
    BufferedImage image = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(6);
    for (int y = 0; y < 512; y++) for (int x = 0; x < 512; x++) image.setRGB(x, y, random.nextInt());
    Path file = dir.resolve("photo.png");
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  @Test
  @DisplayName("of an upload rises from 0 to the request body's exact size, in steps, ending at the total")
  void upload() throws Exception {
    Path photo = photo();
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(REPLY).build());

    client.edit(EditRequest.builder().model("gpt-image-1").prompt("progress").image(photo).build()).close();

    RecordedRequest sent = server.takeRequest();
    long bodySize = sent.getBodySize();
    assertThat(bodySize).isGreaterThan(Files.size(photo));
    assertThat(uploads).allSatisfy(e -> assertThat(e[1]).as("total").isEqualTo(bodySize));
    assertThat(uploads.get(0)[0]).as("the first report").isZero();
    assertThat(uploads.get(uploads.size() - 1)[0]).as("the last report adds up to the body").isEqualTo(bodySize);
    assertThat(uploads).hasSizeGreaterThan((int) (Files.size(photo) / (64 * 1024)));
    for (int i = 1; i < uploads.size(); i++) {
      assertThat(uploads.get(i)[0]).as("report %d rises", i).isGreaterThan(uploads.get(i - 1)[0]);
    }
    assertThat(downloads.get(downloads.size() - 1)).as("the reply was counted too")
        .containsExactly(REPLY.length(), REPLY.length());
  }

  @Test
  @DisplayName("of a result download ends with every byte of the image received")
  void download() throws Exception {
    byte[] png = TestImages.pngBytes("progress-download", 700, 700);
    byte[] large = new byte[png.length + 300_000]; // padded after IEND: still a PNG, now several steps long
    System.arraycopy(png, 0, large, 0, png.length);
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "image/png")
        .body(new Buffer().write(large)).build());

    Path saved = client.save(new EditedImage(server.url("/cdn/p-1.png").toString(), null, null), dir, "p");

    assertThat(Files.size(saved)).isEqualTo(large.length);
    assertThat(downloads).allSatisfy(e -> assertThat(e[1]).isEqualTo(large.length));
    assertThat(downloads).hasSizeGreaterThanOrEqualTo(large.length / (64 * 1024));
    assertThat(downloads.get(downloads.size() - 1)[0]).isEqualTo(large.length);
    assertThat(uploads).as("a GET has no body to report").isEmpty();
  }
}
