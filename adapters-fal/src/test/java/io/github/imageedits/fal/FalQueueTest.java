package io.github.imageedits.fal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.imageedits.CallbackHandler;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditTask;
import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.TaskOptions;
import io.github.imageedits.Timeouts;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.testkit.RecordedEdit;
import io.github.imageedits.testkit.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fal's queue through the client's task machinery, against a MockWebServer answering as fal documents
 * (docs.fal.ai/model-endpoints/queue, docs.fal.ai/model-endpoints/webhooks).
 */
@DisplayName("fal's queue, through the client")
class FalQueueTest {
  static final String REQUEST_ID = "764cabcf-b745-4b3e-ae38-1200304cf45b";
  static final String TASK_ID = "fal-ai/flux-pro/requests/" + REQUEST_ID;
  static final String RESULT_URL = "https://v3.fal.media/files/rabbit/cat-with-scarf.png";
  private static final String KEY = "fal-test-key-0000";
  private static final String CALLBACK = "https://hooks.example.com/imageedits/fal";

  @TempDir Path dir;
  private final MockWebServer server = new MockWebServer();
  private final QueueDispatcher dispatcher = new QueueDispatcher();
  private KeyPair falKeys;

  @BeforeEach
  void start() throws Exception {
    dispatcher.setFailFast(new MockResponse.Builder().code(500).body("{\"detail\":\"no reply queued\"}").build());
    server.setDispatcher(dispatcher);
    server.start();
    falKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getPort();
  }

  private ImageEditClient client(Fal adapter, String callbackUrl) {
    ImageEdits.Builder b = ImageEdits.builder().provider(adapter).baseUrl(base()).apiKey(KEY)
        .retryPolicy(RetryPolicy.none());
    if (callbackUrl != null) b.callbackUrl(callbackUrl);
    return b.build();
  }

  static String submitted(String base) {
    String queue = base + "/fal-ai/flux-pro/requests/" + REQUEST_ID;
    return """
        {"request_id": "%s", "response_url": "%s", "status_url": "%s/status", "cancel_url": "%s/cancel",
         "status": "IN_QUEUE", "queue_position": 0}""".formatted(REQUEST_ID, queue, queue, queue);
  }

  static String status(String status) {
    return "{\"status\": \"" + status + "\", \"request_id\": \"" + REQUEST_ID + "\"}";
  }

  static String result() {
    return """
        {"images": [{"url": "%s", "content_type": "image/png", "width": 1024, "height": 1024}],
         "has_nsfw_concepts": [false], "prompt": "a red scarf", "seed": 42, "timings": {"inference": 3.1}}"""
        .formatted(RESULT_URL);
  }

  private void enqueue(String json) {
    dispatcher.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body(json).build());
  }

  private RecordedEdit take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return RecordedEdit.of(r);
  }

  private EditRequest request(Path image) {
    return EditRequest.builder().model("fal-ai/flux-pro/kontext").prompt("Put a red scarf on the cat")
        .image(image).build();
  }

  @Test
  @DisplayName("edit = submit, IN_QUEUE, IN_PROGRESS, COMPLETED, then the result from the request's path")
  void editFollowsTheQueue() throws Exception {
    Path photo = TestImages.png(dir, "cat.png", 64, 48);
    enqueue(submitted(base()));
    enqueue(status("IN_QUEUE"));
    enqueue(status("IN_PROGRESS"));
    enqueue(status("COMPLETED"));
    enqueue(result());
    try (ImageEditClient client = client(new Fal(), null)) {
      EditResult result = client.edit(request(photo));
      assertThat(result.images()).hasSize(1);
      assertThat(result.images().get(0).url()).isEqualTo(RESULT_URL);
      assertThat(result.taskId()).isEqualTo(TASK_ID);
      assertThat(result.model()).isEqualTo("fal-ai/flux-pro/kontext");
    }
    RecordedEdit submit = take();
    assertThat(submit.method()).isEqualTo("POST");
    assertThat(submit.path()).isEqualTo("/fal-ai/flux-pro/kontext");
    assertThat(submit.header("Authorization")).isEqualTo("Key " + KEY);
    assertThat(submit.isJson()).isTrue();
    Map<String, Object> body = submit.json();
    assertThat(body).containsOnlyKeys("prompt", "image_url");
    assertThat(body.get("prompt")).isEqualTo("Put a red scarf on the cat");
    assertThat(body.get("image_url")).isEqualTo(
        "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(photo)));
    for (int i = 0; i < 3; i++) {
      RecordedEdit poll = take();
      assertThat(poll.method()).isEqualTo("GET");
      assertThat(poll.path()).isEqualTo("/" + TASK_ID + "/status");
      assertThat(poll.header("Authorization")).isEqualTo("Key " + KEY);
    }
    RecordedEdit fetch = take();
    assertThat(fetch.method()).isEqualTo("GET");
    assertThat(fetch.path()).isEqualTo("/" + TASK_ID);
    assertThat(fetch.header("Authorization")).isEqualTo("Key " + KEY);
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  @DisplayName("a 422 with a detail list fails the edit with every location and message")
  void validationDetail() {
    dispatcher.enqueue(new MockResponse.Builder().code(422).addHeader("Content-Type", "application/json")
        .body("""
            {"detail": [{"loc": ["body", "image_url"], "msg": "field required", "type": "value_error.missing"},
                        {"loc": ["body", "num_images"], "msg": "ensure this value is less than or equal to 4",
                         "type": "value_error.number.not_le"}]}""").build());
    try (ImageEditClient client = client(new Fal(), null)) {
      Throwable thrown = catchThrowable(() -> client.edit(request(TestImages.png(dir, "cat.png", 32, 32))));
      assertThat(thrown).isExactlyInstanceOf(ProviderException.class);
      ProviderException e = (ProviderException) thrown;
      assertThat(e.status()).isEqualTo(422);
      assertThat(e.code()).isEqualTo("value_error.missing");
      assertThat(e.getMessage()).contains("body.image_url: field required")
          .contains("body.num_images: ensure this value is less than or equal to 4");
      assertThat(e.isTransient()).isFalse();
    }
  }

  @Test
  @DisplayName("a task still queued at the call timeout fails edit with EditTimeoutException naming it")
  void editDeadline() {
    enqueue(submitted(base()));
    for (int i = 0; i < 20; i++) enqueue(status("IN_QUEUE"));
    try (ImageEditClient client = client(new Fal(), null)) {
      EditRequest timed = request(TestImages.png(dir, "cat.png", 32, 32)).toBuilder()
          .timeouts(Timeouts.builder().call(Duration.ofMillis(800)).build()).build();
      Throwable thrown = catchThrowable(() -> client.edit(timed));
      assertThat(thrown).isInstanceOf(EditTimeoutException.class).hasMessageContaining(TASK_ID);
    }
  }

  @Test
  @DisplayName("resume: a task id is enough to poll and fetch; a deadline ends a task that never finishes")
  void resumeAndDeadline() throws Exception {
    enqueue(status("IN_PROGRESS"));
    enqueue(status("COMPLETED"));
    enqueue(result());
    TaskOptions fast = TaskOptions.builder().pollInterval(Duration.ofMillis(20)).maxPollInterval(Duration.ofMillis(40))
        .deadline(Duration.ofSeconds(30)).build();
    try (ImageEditClient client = client(new Fal(), null)) {
      EditResult result = client.resume(TASK_ID, fast).await(Duration.ofSeconds(30));
      assertThat(result.images()).extracting(i -> i.url()).containsExactly(RESULT_URL);
      assertThat(take().path()).isEqualTo("/" + TASK_ID + "/status");
      assertThat(take().path()).isEqualTo("/" + TASK_ID + "/status");
      assertThat(take().path()).isEqualTo("/" + TASK_ID);

      for (int i = 0; i < 40; i++) enqueue(status("IN_QUEUE"));
      EditTask late = client.resume(TASK_ID, fast.toBuilder().deadline(Duration.ofMillis(200)).build());
      assertThat(catchThrowable(() -> late.await(Duration.ofSeconds(30))))
          .isInstanceOf(EditTimeoutException.class).hasMessageContaining(TASK_ID);
    }
  }

  /** The body fal POSTs to a webhook when the request succeeded. */
  static String webhook(String requestId) {
    return """
        {"request_id": "%s", "gateway_request_id": "%s", "status": "OK",
         "payload": {"images": [{"url": "%s", "content_type": "image/png", "width": 1024, "height": 1024}],
                     "seed": 42, "has_nsfw_concepts": [false], "prompt": "a red scarf"}}"""
        .formatted(requestId, requestId, RESULT_URL);
  }

  /** The headers fal sends with a webhook, signed with {@code key} as fal signs. */
  static Map<String, List<String>> signed(PrivateKey key, String requestId, long timestamp, byte[] body)
      throws Exception {
    String userId = "user-1234";
    String message = requestId + "\n" + userId + "\n" + timestamp + "\n"
        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    Signature ed25519 = Signature.getInstance("Ed25519");
    ed25519.initSign(key);
    ed25519.update(message.getBytes(UTF_8));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    headers.put("Content-Length", List.of(String.valueOf(body.length)));
    headers.put("X-Fal-Webhook-Request-Id", List.of(requestId));
    headers.put("X-Fal-Webhook-User-Id", List.of(userId));
    headers.put("X-Fal-Webhook-Timestamp", List.of(String.valueOf(timestamp)));
    headers.put("X-Fal-Webhook-Signature", List.of(HexFormat.of().formatHex(ed25519.sign())));
    return headers;
  }

  private static int deliver(CallbackHandler handler, URI url, Map<String, List<String>> headers, byte[] body) {
    return handler.handle("POST", url.getRawPath(), url.getRawQuery(), headers, new ByteArrayInputStream(body));
  }

  @Test
  @DisplayName("a webhook: submitted with ?fal_webhook=, verified with fal's key, completes once though delivered twice")
  void webhookTwiceCompletesOnce() throws Exception {
    enqueue(submitted(base()));
    Fal fal = Fal.builder().webhookKey(falKeys.getPublic()).build();
    TaskOptions quiet = TaskOptions.builder().quietPeriod(Duration.ofMinutes(5)).deadline(Duration.ofMinutes(5)).build();
    try (ImageEditClient client = client(fal, CALLBACK)) {
      EditTask task = client.submit(request(TestImages.png(dir, "cat.png", 32, 32)), quiet);
      assertThat(task.taskId()).isEqualTo(TASK_ID);
      RecordedEdit submit = take();
      assertThat(submit.path()).isEqualTo("/fal-ai/flux-pro/kontext");
      String webhookParam = submit.request().getUrl().queryParameter("fal_webhook");
      assertThat(webhookParam).startsWith(CALLBACK + "?");
      URI url = URI.create(webhookParam);

      byte[] body = webhook(REQUEST_ID).getBytes(UTF_8);
      long now = System.currentTimeMillis() / 1000;
      CallbackHandler handler = client.callbackHandler();
      assertThat(deliver(handler, url, signed(falKeys.getPrivate(), REQUEST_ID, now, body), body)).isEqualTo(200);
      EditResult result = task.await(Duration.ofSeconds(10));
      assertThat(result.images()).extracting(i -> i.url()).containsExactly(RESULT_URL);
      assertThat(result.taskId()).isEqualTo(TASK_ID);
      // fal retries until it sees a 2xx: the duplicate is acknowledged and changes nothing.
      assertThat(deliver(handler, url, signed(falKeys.getPrivate(), REQUEST_ID, now, body), body)).isEqualTo(200);
      assertThat(task.await(Duration.ofSeconds(1))).isSameAs(result);
      // A payload about another request at the same URL is still refused.
      byte[] other = webhook("0f0f0f0f-1111-2222-3333-444455556666").getBytes(UTF_8);
      assertThat(deliver(handler, url, signed(falKeys.getPrivate(), "0f0f0f0f-1111-2222-3333-444455556666", now, other),
          other)).isEqualTo(409);
    }
    assertThat(server.getRequestCount()).as("nothing polled: the webhook finished the task").isEqualTo(1);
  }

  @Test
  @DisplayName("a webhook with a forged signature, an altered body or a stale timestamp is refused and completes nothing")
  void forgedWebhookRefused() throws Exception {
    enqueue(submitted(base()));
    Fal fal = Fal.builder().webhookKey(falKeys.getPublic()).build();
    TaskOptions quiet = TaskOptions.builder().quietPeriod(Duration.ofMinutes(5)).deadline(Duration.ofMinutes(5)).build();
    try (ImageEditClient client = client(fal, CALLBACK)) {
      EditTask task = client.submit(request(TestImages.png(dir, "cat.png", 32, 32)), quiet);
      URI url = URI.create(take().request().getUrl().queryParameter("fal_webhook"));
      CallbackHandler handler = client.callbackHandler();
      byte[] body = webhook(REQUEST_ID).getBytes(UTF_8);
      long now = System.currentTimeMillis() / 1000;

      PrivateKey forger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
      assertThat(deliver(handler, url, signed(forger, REQUEST_ID, now, body), body)).as("another key").isEqualTo(403);
      byte[] altered = webhook(REQUEST_ID).replace("cat-with-scarf", "evil").getBytes(UTF_8);
      Map<String, List<String>> forBody = signed(falKeys.getPrivate(), REQUEST_ID, now, body);
      forBody.put("Content-Length", List.of(String.valueOf(altered.length)));
      assertThat(deliver(handler, url, forBody, altered)).as("body altered after signing").isEqualTo(403);
      assertThat(deliver(handler, url, signed(falKeys.getPrivate(), REQUEST_ID, now - 301, body), body))
          .as("stale timestamp").isEqualTo(403);
      // Our clock may tick past a second between here and the check: the future case keeps a second
      // beyond the tolerance, the accepted one below ten seconds inside it.
      assertThat(deliver(handler, url, signed(falKeys.getPrivate(), REQUEST_ID, now + 302, body), body))
          .as("timestamp from the future").isEqualTo(403);
      Map<String, List<String>> unsigned = new LinkedHashMap<>(signed(falKeys.getPrivate(), REQUEST_ID, now, body));
      unsigned.remove("X-Fal-Webhook-Signature");
      assertThat(deliver(handler, url, unsigned, body)).as("no signature").isEqualTo(403);
      assertThat(task.future()).as("a refused webhook completes nothing").isNotDone();

      assertThat(deliver(handler, url, signed(falKeys.getPrivate(), REQUEST_ID, now - 290, body), body)).isEqualTo(200);
      assertThat(task.await(Duration.ofSeconds(10)).images()).hasSize(1);
    }
  }

  @Test
  @DisplayName("a webhook reporting an ERROR fails the task with the endpoint's 422 detail")
  void errorWebhook() throws Exception {
    enqueue(submitted(base()));
    TaskOptions quiet = TaskOptions.builder().quietPeriod(Duration.ofMinutes(5)).deadline(Duration.ofMinutes(5)).build();
    try (ImageEditClient client = client(new Fal(), CALLBACK)) {
      EditTask task = client.submit(request(TestImages.png(dir, "cat.png", 32, 32)), quiet);
      URI url = URI.create(take().request().getUrl().queryParameter("fal_webhook"));
      byte[] body = """
          {"request_id": "%s", "gateway_request_id": "%s", "status": "ERROR", "error": "Invalid status code: 422",
           "payload": {"detail": [{"loc": ["body", "prompt"], "msg": "field required", "type": "value_error.missing"}]}}"""
          .formatted(REQUEST_ID, REQUEST_ID).getBytes(UTF_8);
      Map<String, List<String>> headers = Map.of("Content-Type", List.of("application/json"));
      assertThat(deliver(client.callbackHandler(), url, headers, body)).isEqualTo(200);
      Throwable thrown = catchThrowable(() -> task.await(Duration.ofSeconds(10)));
      assertThat(thrown).isExactlyInstanceOf(ProviderException.class);
      assertThat(((ProviderException) thrown).status()).isEqualTo(422);
      assertThat(thrown).hasMessageContaining("body.prompt: field required");
    }
  }
}
