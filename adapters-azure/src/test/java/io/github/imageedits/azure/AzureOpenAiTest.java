package io.github.imageedits.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ModerationException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.RetryEvent;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.RecordedEdit;
import io.github.imageedits.testkit.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the kits do not check: the {@code api-version} query of each URL form, the configuration,
 * the choice of request id, and the retry hints Azure sends, against MockWebServer.
 */
@DisplayName("AzureOpenAi")
class AzureOpenAiTest {
  private static final String KEY = "azure-test-key-not-a-secret";
  private static final String REPLY =
      "{\"created\":1698116662,\"data\":[{\"b64_json\":\"" + AzureContractTest.PNG_BASE64 + "\"}]}";

  @TempDir Path dir;
  private MockWebServer server;
  private Path photo;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    photo = TestImages.png(dir, "photo.png", 64, 64);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ImageEditClient client(ProviderAdapter adapter, RetryPolicy retries, List<RetryEvent> events) {
    return ImageEdits.builder().provider(adapter).baseUrl(server.url("/").toString()).apiKey(KEY)
        .retryPolicy(retries).retryListener(events::add).build();
  }

  private EditResult edit(ProviderAdapter adapter, String model) {
    try (ImageEditClient client = client(adapter, RetryPolicy.none(), new CopyOnWriteArrayList<>())) {
      return client.edit(EditRequest.builder().model(model).prompt("Add a red scarf").image(photo).build());
    }
  }

  private void reply(String apimRequestId) {
    MockResponse.Builder response = new MockResponse.Builder().addHeader("Content-Type", "application/json").body(REPLY);
    if (apimRequestId != null) response.addHeader("apim-request-id", apimRequestId);
    server.enqueue(response.build());
  }

  private RecordedRequest taken() throws InterruptedException {
    RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the server").isNotNull();
    return request;
  }

  @Nested
  @DisplayName("sends")
  class Urls {
    @Test
    @DisplayName("by default to the v1 surface with api-version=preview, the model in the form and the key in api-key")
    void v1Surface() throws Exception {
      reply(null);
      edit(new AzureOpenAi(), "gpt-image-1");
      RecordedRequest sent = taken();
      assertThat(sent.getUrl().encodedPath()).isEqualTo("/openai/v1/images/edits");
      assertThat(sent.getUrl().query()).isEqualTo("api-version=preview");
      assertThat(sent.getHeaders().get("api-key")).isEqualTo(KEY);
      assertThat(sent.getHeaders().get("Authorization")).isNull();
      assertThat(RecordedEdit.of(sent).textFields()).containsEntry("model", "gpt-image-1");
    }

    @Test
    @DisplayName("to the deployment URL with the default api-version 2025-04-01-preview when a deployment is named")
    void deployment() throws Exception {
      reply(null);
      edit(AzureOpenAi.builder().deployment("image-editor").build(), "gpt-image-1");
      RecordedRequest sent = taken();
      assertThat(sent.getUrl().encodedPath()).isEqualTo("/openai/deployments/image-editor/images/edits");
      assertThat(sent.getUrl().query()).isEqualTo("api-version=2025-04-01-preview");
      assertThat(sent.getHeaders().get("api-key")).isEqualTo(KEY);
    }

    @Test
    @DisplayName("with the api-version given, on either surface")
    void apiVersion() throws Exception {
      reply(null);
      edit(AzureOpenAi.builder().deployment("img").apiVersion("2025-07-01-preview").build(), "gpt-image-1");
      assertThat(taken().getUrl().query()).isEqualTo("api-version=2025-07-01-preview");
      reply(null);
      edit(AzureOpenAi.builder().apiVersion("v1").build(), "gpt-image-1");
      RecordedRequest v1 = taken();
      assertThat(v1.getUrl().encodedPath()).isEqualTo("/openai/v1/images/edits");
      assertThat(v1.getUrl().query()).isEqualTo("api-version=v1");
    }

    @Test
    @DisplayName("an Entra ID token as Authorization: Bearer, and no api-key header")
    void entraId() throws Exception {
      reply(null);
      edit(AzureOpenAi.builder().entraIdToken().build(), "gpt-image-1");
      RecordedRequest sent = taken();
      assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
      assertThat(sent.getHeaders().get("api-key")).isNull();
    }

    @Test
    @DisplayName("nothing without the resource endpoint: Azure has no default base URL")
    void needsEndpoint() {
      try (ImageEditClient client = ImageEdits.builder().provider(AzureOpenAi.NAME).apiKey(KEY).build()) {
        Throwable thrown = catchThrowable(() -> client.edit(
            EditRequest.builder().model("gpt-image-1").prompt("p").image(photo).build()));
        assertThat(thrown).hasMessageContaining("resource endpoint").hasMessageNotContaining(KEY);
      }
      assertThat(server.getRequestCount()).isZero();
    }
  }

  @Nested
  @DisplayName("is configured")
  class Configuration {
    @Test
    @DisplayName("by ServiceLoader under the name azure, with its table")
    void serviceLoader() {
      assertThat(ImageEdits.providers()).contains(AzureOpenAi.NAME);
      assertThat(ImageEdits.capabilities(AzureOpenAi.NAME).models())
          .containsKeys("gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5");
    }

    @Test
    @DisplayName("with deployment names and versions that go into a URL as they are, else refused")
    void urlSafeNames() {
      assertThatThrownBy(() -> AzureOpenAi.builder().deployment("a/../b")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AzureOpenAi.builder().deployment("")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AzureOpenAi.builder().apiVersion("v1&x=y")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AzureOpenAi.builder().deployment(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("and toBuilder keeps every setting")
    void toBuilder() {
      AzureOpenAi adapter = AzureOpenAi.builder().deployment("d1").apiVersion("2025-04-01-preview").entraIdToken().build();
      assertThat(adapter.toBuilder().build()).hasToString(adapter.toString());
      assertThat(adapter.toBuilder().apiKeyHeader().build().toString()).contains("d1", "api-key");
      assertThat(adapter.deployment()).isEqualTo("d1");
      assertThat(new AzureOpenAi().deployment()).isNull();
    }
  }

  @Nested
  @DisplayName("reads")
  class Replies {
    @Test
    @DisplayName("the request id from apim-request-id before x-request-id")
    void apimFirst() {
      server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
          .addHeader("x-request-id", "x-1").addHeader("apim-request-id", "apim-1").body(REPLY).build());
      assertThat(edit(new AzureOpenAi(), "gpt-image-1").requestId()).isEqualTo("apim-1");
    }

    @Test
    @DisplayName("a contentFilter error inside a 200 reply as a ModerationException")
    void contentFilterIn200() {
      server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
          .body("{\"created\":1698435368,\"error\":{\"code\":\"contentFilter\","
              + "\"message\":\"Your task failed as a result of our safety system.\"}}").build());
      Throwable thrown = catchThrowable(() -> edit(new AzureOpenAi(), "gpt-image-1"));
      assertThat(thrown).isInstanceOf(ModerationException.class);
      assertThat(((ModerationException) thrown).code()).isEqualTo("contentFilter");
    }

    @Test
    @DisplayName("a 429 with retry-after-ms: the retry waits that long, not retry-after's seconds, then succeeds")
    void retryAfterMillis() {
      server.enqueue(new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
          .addHeader("retry-after-ms", "300").addHeader("retry-after", "30")
          .body("{\"error\":{\"code\":\"429\",\"message\":\"Rate limit is exceeded. Try again in 1 seconds.\"}}").build());
      reply("apim-after-retry");
      List<RetryEvent> events = new CopyOnWriteArrayList<>();
      RetryPolicy retries = RetryPolicy.builder().initialDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(20))
          .maxRetryAfter(Duration.ofSeconds(5)).build();
      try (ImageEditClient client = client(new AzureOpenAi(), retries, events)) {
        EditResult result = client.edit(EditRequest.builder().model("gpt-image-1").prompt("p").image(photo).build());
        assertThat(result.requestId()).isEqualTo("apim-after-retry");
      }
      assertThat(events).hasSize(1);
      assertThat(events.get(0).retryAfter()).isEqualTo(Duration.ofMillis(300));
      assertThat(events.get(0).delay()).isEqualTo(Duration.ofMillis(300));
      assertThat(events.get(0).cause()).isInstanceOf(RateLimitException.class);
      assertThat(server.getRequestCount()).isEqualTo(2);
    }
  }
}
