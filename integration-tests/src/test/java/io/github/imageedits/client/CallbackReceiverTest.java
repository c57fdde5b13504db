package io.github.imageedits.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.CallbackHandler;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditTask;
import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.ModerationException;
import io.github.imageedits.TaskOptions;
import io.github.imageedits.testkit.TestImages;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The callback handler against a provider the test scripts: which callbacks complete a task, which
 * are refused and with what status, and that a refused one completes nothing.
 */
@DisplayName("The callback handler")
class CallbackReceiverTest {
  private static final byte[] SECRET = "a test secret of thirty-two bytes or more".getBytes(UTF_8);
  private static final String HOOK = "https://edits.example.com/hooks/imageedits";
  /** No polling within a test's life: only callbacks can complete a task. */
  private static final TaskOptions CALLBACK_ONLY = TaskOptions.builder()
      .quietPeriod(Duration.ofMinutes(5)).deadline(Duration.ofMinutes(5)).build();

  @TempDir Path dir;
  private ScriptedProvider provider;
  private ImageEditClient client;
  private CallbackHandler handler;

  @BeforeEach
  void start() {
    provider = new ScriptedProvider();
    client = ImageEdits.builder().provider("acedata").apiKey("scripted-key")
        .baseUrl(provider.baseUrl().toString())
        .callbackUrl(HOOK)
        .callbackSecret(SECRET)
        .maxCallbackBytes(4096)
        .build();
    handler = client.callbackHandler();
  }

  @AfterEach
  void stop() {
    client.close();
    provider.close();
  }

  private EditRequest request() {
    return EditRequest.builder().model("gpt-image-1").prompt("Add a red scarf")
        .image(TestImages.png(dir, "cat.png", 32, 32)).build();
  }

  private static int deliver(CallbackHandler handler, URI url, String body) {
    byte[] bytes = body.getBytes(UTF_8);
    return handler.handle("POST", url.getRawPath(), url.getRawQuery(),
        Map.of("Content-Type", List.of("application/json"), "Content-Length", List.of(Integer.toString(bytes.length))),
        new ByteArrayInputStream(bytes));
  }

  private static URI withQuery(URI url, String query) {
    return URI.create(url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath() + (query == null ? "" : "?" + query));
  }

  /** The documented scheme, computed here independently of the library. */
  private static String token(String correlationId) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    byte[] sig = mac.doFinal(("imageedits-callback-v1\nacedata\n" + correlationId).getBytes(UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
  }

  private static String param(URI url, String name) {
    for (String pair : url.getRawQuery().split("&")) {
      if (pair.startsWith(name + "=")) return pair.substring(name.length() + 1);
    }
    throw new AssertionError("no " + name + " in " + url);
  }

  @Test
  @DisplayName("gives the provider the configured URL with a correlation id and its HMAC-SHA256 token")
  void signsTheCallbackUrl() throws Exception {
    EditTask task = client.submit(request(), CALLBACK_ONLY);
    URI url = provider.nextCallbackUrl();
    assertThat(url.toString()).startsWith(HOOK + "?imageedits_task=");
    String id = param(url, "imageedits_task");
    assertThat(id).matches("[A-Za-z0-9_-]{22}");
    assertThat(param(url, "imageedits_sig")).isEqualTo(token(id));
    assertThat(task.taskId()).isEqualTo("task-1");
    assertThat(task.future()).isNotDone();
  }

  @Test
  @DisplayName("completes the task from a signed callback with the documented payload, and answers 200")
  void completes() throws Exception {
    EditTask task = client.submit(request(), CALLBACK_ONLY);
    URI url = provider.nextCallbackUrl();
    assertThat(deliver(handler, url, ScriptedProvider.callback("task-1", "https://cdn.example.com/cb.png"))).isEqualTo(200);
    EditResult result = task.await(Duration.ofSeconds(10));
    assertThat(result.images()).extracting(i -> i.url()).containsExactly("https://cdn.example.com/cb.png");
    assertThat(result.taskId()).isEqualTo("task-1");
    assertThat(result.traceId()).isEqualTo("9b4b1ff3");
    assertThat(result.model()).isEqualTo("gpt-image-1");
    assertThat(result.created()).isEqualTo(1721626477);
    assertThat(provider.taskQueries.get()).isZero();
  }

  @Nested
  @DisplayName("refuses, completing nothing,")
  class Refusals {
    private EditTask task;
    private URI url;

    @BeforeEach
    void submit() throws Exception {
      task = client.submit(request(), CALLBACK_ONLY);
      url = provider.nextCallbackUrl();
    }

    /** After each refusal: the task still runs, and the genuine callback still completes it. */
    @AfterEach
    void genuineCallbackStillWorks() {
      assertThat(task.future()).as("a refused callback completed the task").isNotDone();
      assertThat(deliver(handler, url, ScriptedProvider.callback("task-1", "https://cdn.example.com/real.png")))
          .isEqualTo(200);
      assertThat(task.await(Duration.ofSeconds(10)).images().get(0).url()).isEqualTo("https://cdn.example.com/real.png");
    }

    @Test
    @DisplayName("an unsigned callback with 401")
    void unsigned() {
      String body = ScriptedProvider.callback("task-1", "https://evil.example.com/x.png");
      assertThat(deliver(handler, withQuery(url, null), body)).isEqualTo(401);
      assertThat(deliver(handler, withQuery(url, "imageedits_task=" + param(url, "imageedits_task")), body))
          .isEqualTo(401);
    }

    @Test
    @DisplayName("a forged token with 403: altered, borrowed from another task, or given twice")
    void forged() throws Exception {
      String body = ScriptedProvider.callback("task-1", "https://evil.example.com/x.png");
      String id = param(url, "imageedits_task");
      String sig = param(url, "imageedits_sig");
      String altered = (sig.charAt(0) == 'A' ? 'B' : 'A') + sig.substring(1);
      assertThat(deliver(handler, withQuery(url, "imageedits_task=" + id + "&imageedits_sig=" + altered), body))
          .isEqualTo(403);
      assertThat(deliver(handler, withQuery(url, "imageedits_task=" + id + "&imageedits_sig=" + token("AAAAAAAAAAAAAAAAAAAAAA")), body))
          .isEqualTo(403);
      assertThat(deliver(handler, withQuery(url, "imageedits_task=" + id + "&imageedits_sig=not-base64!"), body))
          .isEqualTo(403);
      assertThat(deliver(handler, withQuery(url, url.getRawQuery() + "&imageedits_sig=" + altered), body))
          .as("a second token makes the URL ambiguous").isEqualTo(401);
    }

    @Test
    @DisplayName("a validly signed callback for a task this client does not know with 404")
    void unknownTask() throws Exception {
      String stranger = "BBBBBBBBBBBBBBBBBBBBBB";
      URI other = withQuery(url, "imageedits_task=" + stranger + "&imageedits_sig=" + token(stranger));
      assertThat(deliver(handler, other, ScriptedProvider.callback("task-1", "https://evil.example.com/x.png")))
          .isEqualTo(404);
    }

    @Test
    @DisplayName("a signed URL carrying a payload about another task with 403")
    void payloadForAnotherTask() {
      assertThat(deliver(handler, url, ScriptedProvider.callback("task-999", "https://evil.example.com/x.png")))
          .isEqualTo(403);
    }

    @Test
    @DisplayName("a body over the limit with 413, by its Content-Length without reading it")
    void oversizedDeclared() {
      CountingStream body = new CountingStream(new byte[10_000]);
      int status = handler.handle("POST", url.getRawPath(), url.getRawQuery(),
          Map.of("Content-Length", List.of("10000"), "Content-Type", List.of("application/json")), body);
      assertThat(status).isEqualTo(413);
      assertThat(body.read).isZero();
    }

    @Test
    @DisplayName("a chunked body over the limit with 413, reading one byte past the limit at most")
    void oversizedChunked() {
      String big = ScriptedProvider.callback("task-1", "https://cdn.example.com/" + "x".repeat(10_000) + ".png");
      CountingStream body = new CountingStream(big.getBytes(UTF_8));
      int status = handler.handle("POST", url.getRawPath(), url.getRawQuery(),
          Map.of("Content-Type", List.of("application/json")), body);
      assertThat(status).isEqualTo(413);
      assertThat(body.read).isLessThanOrEqualTo(4097);
    }

    @Test
    @DisplayName("malformed JSON, a JSON array, a payload without task id, and no payload at all with 400")
    void malformed() {
      assertThat(deliver(handler, url, "{\"success\": true, \"task_id\": \"task-1\", \"data\": {")).isEqualTo(400);
      assertThat(deliver(handler, url, "<html>502 Bad Gateway</html>")).isEqualTo(400);
      assertThat(deliver(handler, url, "[1, 2, 3]")).isEqualTo(400);
      assertThat(deliver(handler, url, "{\"success\": true, \"data\": {\"data\": [{\"url\": \"https://x/y.png\"}]}}"))
          .isEqualTo(400);
      assertThat(deliver(handler, url, "{\"success\": true, \"task_id\": \"task-1\", \"data\": {\"data\": []}}"))
          .as("finished without images").isEqualTo(400);
      assertThat(deliver(handler, url, "")).isEqualTo(400);
    }

    @Test
    @DisplayName("anything but a POST with 405")
    void notPost() {
      int status = handler.handle("GET", url.getRawPath(), url.getRawQuery(), Map.of(), InputStream.nullInputStream());
      assertThat(status).isEqualTo(405);
    }
  }

  @Test
  @DisplayName("refuses a replayed callback with 409, and keeps the first result")
  void replay() throws Exception {
    EditTask task = client.submit(request(), CALLBACK_ONLY);
    URI url = provider.nextCallbackUrl();
    assertThat(deliver(handler, url, ScriptedProvider.callback("task-1", "https://cdn.example.com/first.png"))).isEqualTo(200);
    assertThat(deliver(handler, url, ScriptedProvider.callback("task-1", "https://cdn.example.com/first.png"))).isEqualTo(409);
    assertThat(deliver(handler, url, ScriptedProvider.callback("task-1", "https://evil.example.com/second.png"))).isEqualTo(409);
    assertThat(task.await(Duration.ofSeconds(10)).images().get(0).url()).isEqualTo("https://cdn.example.com/first.png");
  }

  @Test
  @DisplayName("fails the task with the typed error a failure callback reports")
  void failureCallback() throws Exception {
    EditTask task = client.submit(request(), CALLBACK_ONLY);
    URI url = provider.nextCallbackUrl();
    String failure = "{\"success\": false, \"task_id\": \"task-1\", \"trace_id\": \"tr-9\","
        + " \"error\": {\"code\": \"forbidden\", \"message\": \"The content was refused by moderation.\"}}";
    assertThat(deliver(handler, url, failure)).isEqualTo(200);
    assertThatThrownBy(() -> task.await(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(ModerationException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.code()).isEqualTo("forbidden");
          assertThat(e.traceId()).isEqualTo("tr-9");
        });
  }

  @Nested
  @DisplayName("takes a callback that arrives before the provider's reply names the task")
  class EarlyCallbacks {

    @Test
    @DisplayName("holding it (202) and completing the task once the reply binds the task id")
    void heldThenApplied() throws Exception {
      List<Integer> statuses = new CopyOnWriteArrayList<>();
      provider.beforeReply = (taskId, url) ->
          statuses.add(deliver(handler, URI.create(url), ScriptedProvider.callback(taskId, "https://cdn.example.com/early.png")));
      EditTask task = client.submit(request(), CALLBACK_ONLY);
      assertThat(statuses).containsExactly(202);
      assertThat(task.future()).isCompleted();
      assertThat(task.await(Duration.ZERO).images().get(0).url()).isEqualTo("https://cdn.example.com/early.png");
      assertThat(deliver(handler, provider.nextCallbackUrl(), ScriptedProvider.callback("task-1", "https://x/y.png")))
          .as("a replay after it").isEqualTo(409);
    }

    @Test
    @DisplayName("dropping it when the reply names another task, and refusing a second early one (409)")
    void mismatchDropped() throws Exception {
      List<Integer> statuses = new CopyOnWriteArrayList<>();
      provider.beforeReply = (taskId, url) -> {
        statuses.add(deliver(handler, URI.create(url), ScriptedProvider.callback("task-666", "https://evil.example.com/x.png")));
        statuses.add(deliver(handler, URI.create(url), ScriptedProvider.callback(taskId, "https://cdn.example.com/y.png")));
      };
      EditTask task = client.submit(request(), CALLBACK_ONLY);
      assertThat(statuses).containsExactly(202, 409);
      assertThat(task.future()).isNotDone();
      URI url = provider.nextCallbackUrl();
      assertThat(deliver(handler, url, ScriptedProvider.callback("task-1", "https://cdn.example.com/late.png"))).isEqualTo(200);
      assertThat(task.await(Duration.ofSeconds(10)).images().get(0).url()).isEqualTo("https://cdn.example.com/late.png");
    }
  }

  @Test
  @DisplayName("refuses callbacks for a task past its deadline (409); the task fails naming its id")
  void deadline() throws Exception {
    EditTask task = client.submit(request(), CALLBACK_ONLY.toBuilder().deadline(Duration.ofMillis(100)).build());
    URI url = provider.nextCallbackUrl();
    assertThatThrownBy(() -> task.await(Duration.ofSeconds(10)))
        .isInstanceOf(EditTimeoutException.class)
        .hasMessageContaining("task-1")
        .hasMessageContaining("deadline");
    assertThat(deliver(handler, url, ScriptedProvider.callback("task-1", "https://cdn.example.com/late.png"))).isEqualTo(409);
  }

  @Test
  @DisplayName("keeps the future for the task alone: completing it from outside throws; cancelling stops the task")
  void futureBelongsToTheTask() throws Exception {
    EditTask task = client.submit(request(), CALLBACK_ONLY);
    URI url = provider.nextCallbackUrl();
    EditResult fake = EditResult.builder("acedata").model("gpt-image-1").taskId("task-1").build();
    assertThatThrownBy(() -> task.future().complete(fake)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> task.future().obtrudeValue(fake)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> task.future().completeExceptionally(new RuntimeException()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(task.future()).isNotDone();
    assertThat(task.future().cancel(true)).isTrue();
    assertThat(task.future()).isCancelled();
    assertThatThrownBy(() -> task.await(Duration.ofSeconds(1))).isInstanceOf(CancellationException.class);
    assertThat(deliver(handler, url, ScriptedProvider.callback("task-1", "https://cdn.example.com/late.png"))).isEqualTo(409);
  }

  @Test
  @DisplayName("answers await that runs out with a timeout naming the task, and the task runs on")
  void awaitRunsOut() throws Exception {
    EditTask task = client.submit(request(), CALLBACK_ONLY);
    URI url = provider.nextCallbackUrl();
    assertThatThrownBy(() -> task.await(Duration.ofMillis(1)))
        .isInstanceOf(EditTimeoutException.class).hasMessageContaining("task-1");
    assertThat(deliver(handler, url, ScriptedProvider.callback("task-1", "https://cdn.example.com/cb.png"))).isEqualTo(200);
    assertThat(task.await(Duration.ofSeconds(10)).images()).hasSize(1);
  }

  @Test
  @DisplayName("tells a callback after close() from a live one: 409 for the tasks it failed")
  void afterClose() throws Exception {
    EditTask task = client.submit(request(), CALLBACK_ONLY);
    URI url = provider.nextCallbackUrl();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    task.future().whenComplete((r, e) -> failure.set(e));
    client.close();
    assertThat(failure.get()).isInstanceOf(io.github.imageedits.TransportException.class)
        .hasMessageContaining("task-1").hasMessageContaining("resume");
    assertThat(deliver(handler, url, ScriptedProvider.callback("task-1", "https://cdn.example.com/cb.png"))).isEqualTo(409);
  }

  /** A body that counts the bytes taken from it. */
  private static final class CountingStream extends FilterInputStream {
    int read;

    CountingStream(byte[] bytes) {
      super(new ByteArrayInputStream(bytes));
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
