package io.github.imageedits.client;

import static io.github.imageedits.client.StreamEvents.completed;
import static io.github.imageedits.client.StreamEvents.partial;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageEditStreamEvent;
import com.openai.models.images.ImageModel;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.testkit.RecordedEdit;
import io.github.imageedits.testkit.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamed edits compared with the official SDK (openai-java 4.x {@code images().editStreaming}),
 * both against MockWebServer: the same request (stream=true, partial_images, Accept:
 * text/event-stream) and the same reading of one event stream, two partial images then the
 * completed image. The stream is the one the other streaming tests use, so this also shows that
 * those tests speak OpenAI's format.
 */
@DisplayName("Streaming compared with openai-java")
class OfficialSdkStreamingTest {
  private static final byte[] PARTIAL_0 = TestImages.pngBytes("sdk-partial-0", 24, 24);
  private static final byte[] PARTIAL_1 = TestImages.pngBytes("sdk-partial-1", 40, 40);
  private static final byte[] FINAL = TestImages.pngBytes("sdk-final", 64, 64);
  private static final String EVENTS = partial(0, PARTIAL_0) + partial(1, PARTIAL_1) + completed(FINAL);

  @TempDir Path folder;
  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void enqueueEvents() {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream").body(EVENTS).build());
  }

  @Test
  @DisplayName("both ask alike and read the same two partial images and the same final image")
  void sameRequestSameEvents() throws Exception {
    Path png = TestImages.png(folder, "photo.png", 16, 16);

    enqueueEvents();
    List<byte[]> sdkImages = new ArrayList<>();
    List<Long> sdkIndexes = new ArrayList<>();
    long sdkTotalTokens;
    OpenAIClient sdk = OpenAIOkHttpClient.builder()
        .apiKey("sdk-key").baseUrl(server.url("/v1").toString()).maxRetries(0).build();
    try (StreamResponse<ImageEditStreamEvent> stream = sdk.images().editStreaming(ImageEditParams.builder()
        .model(ImageModel.GPT_IMAGE_1).prompt("p").image(png).partialImages(2).build())) {
      long[] tokens = new long[1];
      stream.stream().forEach(event -> {
        if (event.isPartialImage()) {
          sdkIndexes.add(event.asPartialImage().partialImageIndex());
          sdkImages.add(Base64.getDecoder().decode(event.asPartialImage().b64Json()));
        } else if (event.isCompleted()) {
          sdkImages.add(Base64.getDecoder().decode(event.asCompleted().b64Json()));
          tokens[0] = event.asCompleted().usage().totalTokens();
        }
      });
      sdkTotalTokens = tokens[0];
    } finally {
      sdk.close();
    }
    RecordedEdit sdkSent = RecordedEdit.of(server.takeRequest());

    enqueueEvents();
    List<byte[]> ourImages = new ArrayList<>();
    List<Long> ourIndexes = new ArrayList<>();
    long ourTotalTokens;
    try (ImageEditClient client = ImageEdits.builder().provider("openai").apiKey("our-key")
        .baseUrl(server.url("/").toString()).build();
        EditResult result = client.stream(EditRequest.builder().model("gpt-image-1").prompt("p").image(png)
            .partialImages(2).build(), p -> {
              ourIndexes.add((long) p.index());
              ourImages.add(p.data().bytes());
            })) {
      ourImages.add(result.images().get(0).data().bytes());
      ourTotalTokens = result.usage().totalTokens();
    }
    RecordedEdit ourSent = RecordedEdit.of(server.takeRequest());

    assertThat(ourSent.path()).isEqualTo(sdkSent.path()).isEqualTo("/v1/images/edits");
    assertThat(ourSent.header("Accept")).isEqualTo(sdkSent.header("Accept")).isEqualTo("text/event-stream");
    assertThat(fields(ourSent)).isEqualTo(fields(sdkSent))
        .containsEntry("stream", "true").containsEntry("partial_images", "2");
    assertThat(ourIndexes).isEqualTo(sdkIndexes).containsExactly(0L, 1L);
    assertThat(ourImages).hasSize(3);
    for (int i = 0; i < 3; i++) assertThat(ourImages.get(i)).as("image %d", i).isEqualTo(sdkImages.get(i));
    assertThat(ourImages.get(2)).isEqualTo(FINAL);
    assertThat(ourTotalTokens).isEqualTo(sdkTotalTokens).isEqualTo(4210);
    System.out.println("[wire streaming] openai-java fields " + fields(sdkSent) + ", Accept " + sdkSent.header("Accept"));
    System.out.println("[wire streaming] imageedits  fields " + fields(ourSent) + ", Accept " + ourSent.header("Accept"));
  }

  private static Map<String, String> fields(RecordedEdit edit) {
    return new TreeMap<>(edit.textFields());
  }
}
