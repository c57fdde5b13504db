package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.imageedits.AllProvidersFailedException;
import io.github.imageedits.AuthenticationException;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.FallbackClient;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.ValidationException;
import io.github.imageedits.testkit.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A chain of AceData then ChainHub, each on its own MockWebServer. */
@DisplayName("A fallback chain of acedata then chainhub")
class FallbackTest {
  static final String ACEDATA_OK = "{\"success\":true,\"task_id\":\"ace-1\",\"trace_id\":\"tr-1\","
      + "\"created\":1,\"data\":[{\"url\":\"https://cdn.example/a.png\"}]}";
  static final String CHAINHUB_OK = "{\"created\":2,\"data\":[{\"url\":\"https://cdn.example/c.png\"}]}";

  @TempDir Path folder;
  MockWebServer aceData;
  MockWebServer chainHub;
  FallbackClient chain;
  EditRequest request;

  @BeforeEach
  void start() throws Exception {
    aceData = new MockWebServer();
    chainHub = new MockWebServer();
    aceData.start();
    chainHub.start();
    chain = FallbackClient.of(
        // Each provider sends once: this is about moving on, not about retrying in place.
        ImageEdits.builder().provider("acedata").apiKey("ace-key").baseUrl(aceData.url("/").toString())
            .readTimeout(Duration.ofMillis(500)).retryPolicy(RetryPolicy.none()).build(),
        ImageEdits.builder().provider("chainhub").apiKey("chain-key").baseUrl(chainHub.url("/").toString())
            .retryPolicy(RetryPolicy.none()).build());
    request = EditRequest.builder().model("gpt-image-1").prompt("p")
        .image(TestImages.png(folder, "in.png", 16, 16)).build();
  }

  @AfterEach
  void stop() {
    chain.close();
    aceData.close();
    chainHub.close();
  }

  @Test
  @DisplayName("moves on after a 5xx, and the result names the provider that served it")
  void serverError() throws Exception {
    aceData.enqueue(json(503, "{\"success\":false,\"error\":{\"code\":\"api_error\",\"message\":\"busy\"}}"));
    chainHub.enqueue(json(200, CHAINHUB_OK));

    EditResult result = chain.edit(request);

    assertThat(result.provider()).isEqualTo("chainhub");
    assertThat(result.images().get(0).url()).endsWith("/c.png");
    assertThat(aceData.getRequestCount()).isEqualTo(1);
    assertThat(chainHub.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer chain-key");
  }

  @Test
  @DisplayName("moves on after a 429, a timeout (when the request opts in) and a refused connection")
  void rateLimitTimeoutAndConnection() throws Exception {
    aceData.enqueue(json(429, "{\"success\":false,\"error\":{\"code\":\"too_many_requests\",\"message\":\"slow down\"}}"));
    chainHub.enqueue(json(200, CHAINHUB_OK));
    assertThat(chain.edit(request).provider()).isEqualTo("chainhub");

    // A read timeout comes after the upload: acedata may be making the edit. Moving on could pay
    // twice, so the chain does it only for a request that says so.
    EditRequest mayPayTwice = request.toBuilder()
        .retryPolicy(RetryPolicy.builder().maxAttempts(1).retrySentRequests(true).build()).build();
    aceData.enqueue(json(200, ACEDATA_OK).newBuilder().headersDelay(5, TimeUnit.SECONDS).build());
    chainHub.enqueue(json(200, CHAINHUB_OK));
    assertThat(chain.edit(mayPayTwice).provider()).isEqualTo("chainhub");

    aceData.close();
    chainHub.enqueue(json(200, CHAINHUB_OK));
    assertThat(chain.edit(request).provider()).isEqualTo("chainhub");
  }

  @Test
  @DisplayName("does not move on after the request was sent and the reply never came: it may have been charged")
  void noSecondChargeByDefault() {
    aceData.enqueue(json(200, ACEDATA_OK).newBuilder().headersDelay(5, TimeUnit.SECONDS).build());

    EditTimeoutException error = catchThrowableOfType(EditTimeoutException.class, () -> chain.edit(request));

    assertThat(error.requestMayHaveBeenProcessed()).isTrue();
    assertThat(chainHub.getRequestCount()).isZero();
  }

  @Test
  @DisplayName("uses the first provider when it succeeds; the second is never called")
  void firstSucceeds() {
    aceData.enqueue(json(200, ACEDATA_OK));
    assertThat(chain.edit(request).provider()).isEqualTo("acedata");
    assertThat(chainHub.getRequestCount()).isZero();
  }

  @Test
  @DisplayName("never moves on after an authentication error")
  void authenticationStops() {
    aceData.enqueue(json(401, "{\"success\":false,\"error\":{\"code\":\"invalid_token\",\"message\":\"bad\"}}"));

    AuthenticationException error = catchThrowableOfType(AuthenticationException.class, () -> chain.edit(request));

    assertThat(error.code()).isEqualTo("invalid_token");
    assertThat(chainHub.getRequestCount()).isZero();
  }

  @Test
  @DisplayName("never moves on after a validation error, and sends nothing anywhere")
  void validationStops() {
    EditRequest blank = request.toBuilder().prompt(" ").build();
    assertThat(catchThrowableOfType(AllProvidersFailedException.class, () -> chain.edit(blank)).failures())
        .allSatisfy((provider, error) -> assertThat(error).isInstanceOf(ValidationException.class));
    assertThat(aceData.getRequestCount() + chainHub.getRequestCount()).isZero();
  }

  @Test
  @DisplayName("skips a provider whose table cannot serve the request (ChainHub takes no image URLs)")
  void skipsIncapable() throws Exception {
    FallbackClient reversed = FallbackClient.of(chain.clients().get(1), chain.clients().get(0));
    aceData.enqueue(json(200, ACEDATA_OK));

    EditResult result = reversed.edit(EditRequest.builder().model("gpt-image-2").prompt("p")
        .imageUrl("https://example.com/in.png").build());

    assertThat(result.provider()).isEqualTo("acedata");
    assertThat(chainHub.getRequestCount()).isZero();
  }

  @Test
  @DisplayName("when every provider fails, the error lists each provider's own error")
  void allFail() {
    aceData.enqueue(json(500, "{\"success\":false,\"error\":{\"code\":\"api_error\",\"message\":\"fetch failed\"},\"trace_id\":\"tr-a\"}"));
    chainHub.enqueue(json(502, "<html>Bad gateway</html>").newBuilder().setHeader("Content-Type", "text/html").build());

    AllProvidersFailedException error = catchThrowableOfType(AllProvidersFailedException.class, () -> chain.edit(request));

    assertThat(error.failures()).containsOnlyKeys("acedata", "chainhub");
    assertThat(((ProviderException) error.failures().get("acedata")).traceId()).isEqualTo("tr-a");
    assertThat(((ProviderException) error.failures().get("chainhub")).status()).isEqualTo(502);
    assertThat(error.getMessage()).contains("acedata", "chainhub", "fetch failed", "Bad gateway");
  }

  @Test
  @DisplayName("the asynchronous variant falls back the same way")
  void async() throws Exception {
    aceData.enqueue(json(429, "{\"success\":false,\"error\":{\"code\":\"too_many_requests\",\"message\":\"x\"}}"));
    chainHub.enqueue(json(200, CHAINHUB_OK));
    assertThat(chain.editAsync(request).get(10, TimeUnit.SECONDS).provider()).isEqualTo("chainhub");
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
  }
}
