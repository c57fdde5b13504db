package io.github.imageedits.client;

import static io.github.imageedits.client.StreamEvents.completed;
import static io.github.imageedits.client.StreamEvents.error;
import static io.github.imageedits.client.StreamEvents.partial;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageFiles;
import io.github.imageedits.ModerationException;
import io.github.imageedits.PartialImage;
import io.github.imageedits.TransportException;
import io.github.imageedits.UnsupportedFeatureException;
import io.github.imageedits.Usage;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.ProviderFeature;
import io.github.imageedits.spi.OpenAiCompatibleAdapter;
import io.github.imageedits.testkit.RecordedEdit;
import io.github.imageedits.testkit.TestImages;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamed edits through the facade, against an OpenAI-compatible provider that declares
 * STREAMING. Every image is spilled to a file (spill threshold 0), so that "released" and "left
 * behind" can be seen in the spill folder; every HTTP call must end or fail in OkHttp's own event
 * listener, which is how "the stream was closed" is observed.
 */
@DisplayName("A streamed edit")
class StreamingTest {
  private static final String MODEL = "gpt-image-1";
  private static final byte[] PARTIAL_0 = TestImages.pngBytes("partial-0", 32, 32);
  private static final byte[] PARTIAL_1 = TestImages.pngBytes("partial-1", 48, 48);
  private static final byte[] FINAL = TestImages.pngBytes("final", 96, 96);

  /** The OpenAI protocol as the library writes it once, with a table that declares streaming. */
  static final class StreamingAdapter extends OpenAiCompatibleAdapter {
    StreamingAdapter() {
      super("openai-like", URI.create("https://api.openai-like.invalid"), "/v1/images/edits");
    }

    @Override
    public CapabilityTable capabilities() {
      return CapabilityTable.builder("openai-like").feature(ProviderFeature.STREAMING)
          .model(ModelCapability.builder(MODEL).build()).build();
    }
  }

  @TempDir Path dir;
  private Path spill;
  private MockWebServer server;
  private ImageEditClient client;
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    spill = dir.resolve("spill");
    OkHttpClient base = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void callEnd(Call call) {
        calls.add("end");
      }

      @Override
      public void callFailed(Call call, IOException e) {
        calls.add("failed");
      }
    }).build();
    client = ImageEdits.builder().provider(new StreamingAdapter()).apiKey("stream-key")
        .baseUrl("http://127.0.0.1:" + server.getPort())
        .transport(RetrofitTransport.builder().client(base).spillThreshold(0).spillDirectory(spill).build())
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private EditRequest request(int partialImages) {
    return EditRequest.builder().model(MODEL).prompt("Add a red scarf")
        .image(TestImages.png(dir, "cat.png", 64, 64)).partialImages(partialImages).build();
  }

  private static MockResponse.Builder sse(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body);
  }

  private List<Path> spilled() throws IOException {
    if (!Files.exists(spill)) return List.of();
    try (Stream<Path> files = Files.list(spill)) {
      return files.toList();
    }
  }

  /** What a listener saw of one partial image, copied during the callback. */
  record Seen(int index, byte[] bytes, String size, String quality, String background, String format, long createdAt) {
    static Seen of(PartialImage p) {
      return new Seen(p.index(), p.data().bytes(), p.size(), p.quality(), p.background(), p.outputFormat(),
          p.createdAt());
    }
  }

  @Test
  @DisplayName("delivers two partial images as they arrive, then returns the completed image with its usage")
  void twoPartialImagesAndCompleted() throws Exception {
    server.enqueue(sse(partial(0, PARTIAL_0) + partial(1, PARTIAL_1) + completed(FINAL)).build());
    List<Seen> seen = new ArrayList<>();
    List<PartialImage> kept = new ArrayList<>();

    try (EditResult result = client.stream(request(2), p -> {
      seen.add(Seen.of(p));
      kept.add(p);
    })) {
      assertThat(seen).extracting(Seen::index).containsExactly(0, 1);
      assertThat(seen.get(0).bytes()).isEqualTo(PARTIAL_0);
      assertThat(seen.get(1).bytes()).isEqualTo(PARTIAL_1);
      assertThat(seen.get(1)).extracting(Seen::size, Seen::quality, Seen::background, Seen::format, Seen::createdAt)
          .containsExactly("1024x1024", "high", "opaque", "png", 1750000001L);
      assertThat(result.provider()).isEqualTo("openai-like");
      assertThat(result.model()).isEqualTo(MODEL);
      assertThat(result.images()).hasSize(1);
      assertThat(result.images().get(0).data().bytes()).isEqualTo(FINAL);
      assertThat(result.usage()).isEqualTo(new Usage(50, 4160, 4210));
      assertThat(result.created()).isEqualTo(1750000009L);
      assertThat(spilled()).as("partial images are released after their callback; the result is kept").hasSize(1);
      assertThatThrownBy(() -> kept.get(0).data().bytes()).as("a partial image's data outlives no callback")
          .hasRootCauseInstanceOf(java.nio.file.NoSuchFileException.class);
      Path saved = client.save(result.images().get(0), dir.resolve("out"), "edited");
      assertThat(Files.readAllBytes(saved)).isEqualTo(FINAL);
    }
    assertThat(spilled()).as("closing the result deletes its file").isEmpty();
    assertThat(calls).containsExactly("end");

    RecordedEdit sent = RecordedEdit.of(server.takeRequest());
    assertThat(sent.header("Accept")).isEqualTo("text/event-stream");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer stream-key");
    assertThat(sent.textFields()).containsEntry("stream", "true").containsEntry("partial_images", "2")
        .containsEntry("model", MODEL);
    assertThat(sent.part("image").body()).isEqualTo(Files.readAllBytes(dir.resolve("cat.png")));
  }

  @Test
  @DisplayName("lets a listener keep a partial image by saving it during the callback")
  void saveDuringCallback() throws Exception {
    server.enqueue(sse(partial(0, PARTIAL_0) + completed(FINAL)).build());
    List<Path> previews = new ArrayList<>();

    client.stream(request(1), p -> previews.add(ImageFiles.saveNew(p.data(), dir.resolve("preview"), "p" + p.index())))
        .close();

    assertThat(previews).hasSize(1);
    assertThat(Files.readAllBytes(previews.get(0))).isEqualTo(PARTIAL_0);
    assertThat(spilled()).isEmpty();
  }

  @Nested
  @DisplayName("fails with a typed exception, the stream closed and no file left behind,")
  class Failures {

    @Test
    @DisplayName("when the stream is cut mid-way, after the partial image before the cut was delivered")
    void cutMidWay() throws IOException {
      byte[] large = TestImages.pngBytes("final-large", 400, 400);
      // MockWebServer sends half the body, then closes the socket: inside the completed event.
      server.enqueue(sse(partial(0, PARTIAL_0) + completed(large))
          .onResponseBody(new SocketEffect.CloseSocket()).build());
      List<Integer> seen = new ArrayList<>();

      assertThatThrownBy(() -> client.stream(request(1), p -> seen.add(p.index())))
          .isInstanceOf(TransportException.class)
          .hasMessageStartingWith("POST http://127.0.0.1:");
      assertThat(seen).containsExactly(0);
      assertThat(spilled()).isEmpty();
      assertThat(calls).containsExactly("failed");
    }

    @Test
    @DisplayName("when the stream ends between events without the completed one")
    void endsWithoutCompleted() throws IOException {
      server.enqueue(sse(partial(0, PARTIAL_0) + partial(1, PARTIAL_1)).build());

      assertThatThrownBy(() -> client.stream(request(2), p -> { }))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("ended before the final image");
      assertThat(spilled()).isEmpty();
      assertThat(calls).containsExactly("end");
    }

    @Test
    @DisplayName("when the provider sends an error event: the typed provider error")
    void errorEvent() throws IOException {
      server.enqueue(sse(partial(0, PARTIAL_0)
          + error("moderation_blocked", "Your request was rejected by the safety system.")).build());

      assertThatThrownBy(() -> client.stream(request(1), p -> { }))
          .isInstanceOf(ModerationException.class)
          .hasMessageContaining("rejected by the safety system")
          .satisfies(e -> assertThat(((ModerationException) e).code()).isEqualTo("moderation_blocked"));
      assertThat(spilled()).isEmpty();
      assertThat(calls).hasSize(1);
    }

    @Test
    @DisplayName("when the listener throws: its exception, unchanged")
    void listenerThrows() throws IOException {
      server.enqueue(sse(partial(0, PARTIAL_0) + partial(1, PARTIAL_1) + completed(FINAL)).build());
      IllegalStateException stop = new IllegalStateException("enough");

      assertThatThrownBy(() -> client.stream(request(2), p -> {
        throw stop;
      })).isSameAs(stop);
      assertThat(spilled()).isEmpty();
      assertThat(calls).hasSize(1);
    }

    @Test
    @DisplayName("when the provider refuses the request before streaming: its error reply")
    void refusedBeforeStreaming() {
      server.enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
          .body("{\"error\":{\"code\":\"invalid_value\",\"message\":\"partial_images must be at most 3\"}}").build());

      assertThatThrownBy(() -> client.stream(request(2), p -> { }))
          .isInstanceOf(io.github.imageedits.ProviderException.class)
          .hasMessageContaining("partial_images must be at most 3");
    }
  }

  @Test
  @DisplayName("from a provider that answers with a plain JSON reply gives the result without partial images")
  void plainReply() throws IOException {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"created\":1750000000,\"data\":[{\"b64_json\":\""
            + java.util.Base64.getEncoder().encodeToString(FINAL) + "\"}]}").build());
    List<Integer> seen = new ArrayList<>();

    try (EditResult result = client.stream(request(2), p -> seen.add(p.index()))) {
      assertThat(seen).isEmpty();
      assertThat(result.images().get(0).data().bytes()).isEqualTo(FINAL);
    }
    assertThat(spilled()).isEmpty();
  }

  @Test
  @DisplayName("is cancelled through streamAsync's future: the HTTP call is cancelled and the stream closed")
  void cancel() throws Exception {
    CountDownLatch firstSeen = new CountDownLatch(1);
    CountDownLatch serverDone = new CountDownLatch(1);
    String first = partial(0, PARTIAL_0);
    String rest = partial(1, PARTIAL_1) + completed(FINAL);
    server.enqueue(sse("").body(new MockResponseBody() {
      @Override
      public long getContentLength() {
        return first.length() + rest.length();
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        try {
          sink.writeUtf8(first);
          sink.flush();
          // The model "works" until the client hangs up (bounded, so a broken test cannot hang).
          for (int i = 0; i < 100; i++) {
            Thread.sleep(100);
            sink.writeUtf8(": still working\n\n");
            sink.flush();
          }
          sink.writeUtf8(rest);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          serverDone.countDown();
        }
      }
    }).build());
    List<Integer> seen = new CopyOnWriteArrayList<>();

    CompletableFuture<EditResult> future = client.streamAsync(request(2), p -> {
      seen.add(p.index());
      firstSeen.countDown();
    });
    assertThat(firstSeen.await(30, TimeUnit.SECONDS)).as("the first partial image arrived").isTrue();
    assertThat(future.cancel(true)).isTrue();

    assertThat(serverDone.await(30, TimeUnit.SECONDS)).as("the server saw the client hang up").isTrue();
    assertThat(future).isCancelled();
    assertThat(seen).containsExactly(0);
    for (int i = 0; i < 300 && calls.isEmpty(); i++) Thread.sleep(10);
    assertThat(calls).containsExactly("failed");
    assertThat(spilled()).isEmpty();
  }

  @Nested
  @DisplayName("is refused before anything is sent by a provider that does not declare STREAMING:")
  class Unsupported {
    @Test
    @DisplayName("ChainHub")
    void chainHub() {
      assertRefused("chainhub");
    }

    @Test
    @DisplayName("AceData (its reference accepts application/json only)")
    void aceData() {
      assertRefused("acedata");
    }

    private void assertRefused(String provider) {
      try (ImageEditClient other = ImageEdits.builder().provider(provider).apiKey("k")
          .baseUrl("http://127.0.0.1:" + server.getPort()).build()) {
        assertThatThrownBy(() -> other.stream(request(2), p -> { }))
            .isInstanceOf(UnsupportedFeatureException.class)
            .hasMessageContaining(provider + " does not support streaming");
        assertThatThrownBy(() -> other.streamAsync(request(2), p -> { }).get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(UnsupportedFeatureException.class);
      }
      assertThat(server.getRequestCount()).isZero();
    }
  }
}
