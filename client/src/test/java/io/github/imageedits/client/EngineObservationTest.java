package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.EditContext;
import io.github.imageedits.EditObserver;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ProgressListener;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RetryEvent;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.ValidationException;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.ProviderFeature;
import io.github.imageedits.spi.OpenAiCompatibleAdapter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

/**
 * What the engine reports to the observation port, with a recording observer (an implementation of
 * the public port) against MockWebServer: the context, the attempts with their status and provider
 * code, retries, bytes, partial images and the one end.
 */
@DisplayName("The engine reports each edit to the EditObserver")
class EngineObservationTest {
  private static final CapabilityTable TABLE = CapabilityTable.builder("openai-like")
      .feature(ProviderFeature.STREAMING).feature(ProviderFeature.URL_IMAGES)
      .model(ModelCapability.builder("gpt-image-2").urlImages(true).build())
      .build();
  private static final String OK = "{\"created\":1,\"data\":[{\"url\":\"https://cdn.example/a.png\"}],"
      + "\"usage\":{\"input_tokens\":5,\"output_tokens\":7,\"total_tokens\":12}}";
  private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3)
      .initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(2)).build();

  private final MockWebServer server = new MockWebServer();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<EditContext> contexts = new CopyOnWriteArrayList<>();
  private boolean prompts;

  /** Records every call as a line. */
  private final EditObserver recorder = new EditObserver() {
    @Override
    public Observation start(EditContext context) {
      contexts.add(context);
      events.add("start " + context.operation() + " " + context.provider() + " " + context.model());
      return new Observation() {
        @Override
        public void attemptStarted(int attempt) {
          events.add("attempt " + attempt);
        }

        @Override
        public void attemptEnded(int attempt, int status, @Nullable String code, @Nullable Throwable failure) {
          events.add("ended " + attempt + " " + status + " " + code + " " + (failure == null ? "ok" : failure.getClass().getSimpleName()));
        }

        @Override
        public void retrying(RetryEvent event) {
          events.add("retry " + event.attempt());
        }

        @Override
        public void uploaded(long bytes) {
          events.add(bytes > 0 ? "uploaded" : "uploaded nothing");
        }

        @Override
        public void downloaded(long bytes) {
          events.add(bytes > 0 ? "downloaded" : "downloaded nothing");
        }

        @Override
        public void partialImage(int index) {
          events.add("partial " + index);
        }

        @Override
        public void succeeded(EditResult result) {
          events.add("succeeded " + result.usage().totalTokens());
        }

        @Override
        public void failed(Throwable failure) {
          events.add("failed " + failure.getClass().getSimpleName());
        }
      };
    }

    @Override
    public boolean recordsPrompts() {
      return prompts;
    }
  };

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ImageEditClient client(EditObserver observer) {
    OpenAiCompatibleAdapter adapter = new OpenAiCompatibleAdapter("openai-like",
        URI.create("https://api.example.com"), "/v1/images/edits") {
      @Override
      public CapabilityTable capabilities() {
        return TABLE;
      }
    };
    return ImageEdits.builder().provider(adapter).apiKey("k").retryPolicy(FAST)
        .baseUrl("http://127.0.0.1:" + server.getPort()).observer(observer).build();
  }

  private static EditRequest request() {
    return EditRequest.builder().model("gpt-image-2").prompt("a secret prompt")
        .imageUrl("https://images.example.com/a.png").n(2).size(io.github.imageedits.ImageSize.of(1024, 1024)).build();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  @DisplayName("a retried 503: two attempts with status and code, bytes each, a retry, one success")
  void retried() {
    server.enqueue(json(503, "{\"error\":{\"code\":\"server_busy\",\"message\":\"busy\"}}"));
    server.enqueue(json(200, OK));
    try (ImageEditClient client = client(recorder)) {
      client.edit(request());
    }
    assertThat(events).containsExactly(
        "start image_edit openai-like gpt-image-2",
        "attempt 1", "uploaded", "downloaded", "ended 1 503 server_busy ProviderException",
        "retry 1",
        "attempt 2", "uploaded", "downloaded", "ended 2 200 null ok",
        "succeeded 12");
    EditContext context = contexts.get(0);
    assertThat(context.images()).isEqualTo(1);
    assertThat(context.imageBytes()).as("a URL image is not fetched to be measured").isZero();
    assertThat(context.n()).isEqualTo(2);
    assertThat(context.size()).isEqualTo("1024x1024");
    assertThat(context.prompt()).as("not asked for").isNull();
    assertThat(context.toString()).doesNotContain("secret");
  }

  @Test
  @DisplayName("a stream: one attempt, each partial image, the end; the prompt when the observer asks")
  void stream() {
    prompts = true;
    String partial = "{\"type\":\"image_edit.partial_image\",\"b64_json\":\"AQID\",\"partial_image_index\":%d}";
    String done = "{\"type\":\"image_edit.completed\",\"b64_json\":\"AQID\",\"usage\":"
        + "{\"input_tokens\":1,\"output_tokens\":2,\"total_tokens\":3}}";
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/event-stream")
        .body("event: image_edit.partial_image\ndata: " + String.format(partial, 0) + "\n\n"
            + "event: image_edit.partial_image\ndata: " + String.format(partial, 1) + "\n\n"
            + "event: image_edit.completed\ndata: " + done + "\n\n").build());
    try (ImageEditClient client = client(recorder);
        EditResult result = client.stream(request(), image -> {})) {
      assertThat(result.usage().totalTokens()).isEqualTo(3);
    }
    assertThat(events).containsExactly("start image_edit_stream openai-like gpt-image-2", "attempt 1",
        "partial 0", "partial 1", "uploaded", "downloaded", "ended 1 200 null ok", "succeeded 3");
    assertThat(contexts.get(0).prompt()).isEqualTo("a secret prompt");
  }

  @Test
  @DisplayName("an async failure ends the observation once, as failed; a refused request has no attempt")
  void failures() throws Exception {
    server.enqueue(json(400, "{\"error\":{\"code\":\"bad_size\",\"message\":\"no\"}}"));
    try (ImageEditClient client = client(recorder)) {
      assertThatThrownBy(() -> client.editAsync(request()).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ProviderException.class);
      assertThat(events).containsExactly("start image_edit openai-like gpt-image-2", "attempt 1", "uploaded",
          "downloaded", "ended 1 400 bad_size ProviderException", "failed ProviderException");
      events.clear();
      assertThatThrownBy(() -> client.edit(EditRequest.builder().model("no-such-model").prompt("p")
          .imageUrl("https://images.example.com/a.png").build())).isInstanceOf(ValidationException.class);
      assertThat(events).containsExactly("start image_edit openai-like no-such-model", "failed ValidationException");
    }
  }

  @Test
  @DisplayName("an observer that throws never breaks an edit")
  void brokenObserver() {
    server.enqueue(json(200, OK));
    EditObserver broken = context -> new EditObserver.Observation() {
      @Override
      public void attemptStarted(int attempt) {
        throw new IllegalStateException("observer bug");
      }

      @Override
      public void succeeded(EditResult result) {
        throw new IllegalStateException("observer bug");
      }

      @Override
      public void failed(Throwable failure) {
        throw new IllegalStateException("observer bug");
      }
    };
    try (ImageEditClient client = client(broken)) {
      assertThat(client.edit(request()).images()).hasSize(1);
    }
  }

  @Test
  @DisplayName("without an observer nothing is built: the constant NONE watch, the user's own listener")
  void noObserver() {
    assertThat(Watch.start(EditObserver.NONE, EditContext.IMAGE_EDIT, "p", request(), null)).isSameAs(Watch.NONE);
    ProgressListener listener = new ProgressListener() {};
    assertThat(Watch.NONE.progress(listener)).isSameAs(listener);
    assertThat(new RetryLoop.Slot().watch()).isSameAs(Watch.NONE);
    server.enqueue(json(200, OK));
    try (ImageEditClient client = client(EditObserver.NONE)) {
      assertThat(client.edit(request()).images()).hasSize(1);
    }
  }
}
