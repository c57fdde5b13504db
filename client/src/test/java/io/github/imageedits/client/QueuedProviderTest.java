package io.github.imageedits.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.CallbackHandler;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditTask;
import io.github.imageedits.EditedImage;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.TaskOptions;
import io.github.imageedits.TransportException;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.ProviderFeature;
import io.github.imageedits.spi.JsonTree;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.TaskUpdate;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The engine's general mechanisms for providers unlike OpenAI, with a made-up queue provider (not
 * any real one): {@link ProviderFeature#QUEUE_ONLY} edits, {@link TaskUpdate#next()} follow-ups,
 * {@link ProviderAdapter#verifyCallback} and {@link ProviderAdapter#redeliversCallbacks()}.
 */
@DisplayName("A queue-only provider through the engine")
class QueuedProviderTest {
  private static final String RESULT_URL = "https://cdn.example.com/out/j1.png";

  /** POST /jobs → {id}; GET /jobs/{id} → {state}; "done" names the output, fetched at once. */
  static final class JobsAdapter implements ProviderAdapter {
    final List<byte[]> verified = new CopyOnWriteArrayList<>();
    final boolean redelivers;

    JobsAdapter(boolean redelivers) {
      this.redelivers = redelivers;
    }

    @Override
    public String name() {
      return "jobs";
    }

    @Override
    public CapabilityTable capabilities() {
      return CapabilityTable.builder("jobs").feature(ProviderFeature.QUEUE_ONLY).feature(ProviderFeature.URL_IMAGES)
          .feature(ProviderFeature.TASK_RETRIEVAL).feature(ProviderFeature.ASYNC_CALLBACK)
          .model(ModelCapability.builder("m").urlImages(true).build()).build();
    }

    @Override
    public URI defaultBaseUrl() {
      return URI.create("https://jobs.example.com");
    }

    @Override
    public WireRequest toWire(PreparedEdit edit, ProviderContext context) {
      String hook = edit.request().callbackUrl();
      return WireRequest.builder().method("POST").url(context.resolve("/jobs"))
          .header("X-Key", context.apiKey().reveal())
          .body(new WireRequest.Json(hook == null ? Map.of("prompt", edit.request().prompt())
              : Map.of("prompt", edit.request().prompt(), "hook", hook)))
          .build();
    }

    @Override
    public WireRequest toAsyncWire(PreparedEdit edit, ProviderContext context, String traceId) {
      return toWire(edit, context);
    }

    @Override
    public EditResult readReply(PreparedEdit edit, WireReply reply) {
      return EditResult.builder(name()).taskId(JsonTree.string(reply.json(), "id")).build();
    }

    @Override
    public WireRequest toTaskWire(String taskId, ProviderContext context) {
      return WireRequest.builder().method("GET").url(context.resolve("/jobs/" + taskId))
          .header("X-Key", context.apiKey().reveal()).build();
    }

    @Override
    public TaskUpdate readTask(String taskId, WireReply reply, ProviderContext context) {
      String state = JsonTree.string(reply.json(), "state");
      if ("running".equals(state)) return TaskUpdate.running(taskId);
      if ("done".equals(state)) {
        WireRequest output = WireRequest.builder().method("GET")
            .url(context.resolve(JsonTree.string(reply.json(), "output")))
            .header("X-Key", context.apiKey().reveal()).build();
        return TaskUpdate.running(taskId).toBuilder().next(output).nextNow(true).build();
      }
      return TaskUpdate.finished(taskId, EditResult.builder(name())
          .images(List.of(new EditedImage(JsonTree.string(reply.json(), "url"), null, null))).build());
    }

    @Override
    public TaskUpdate readCallback(WireReply payload) {
      return TaskUpdate.finished(JsonTree.string(payload.json(), "id"), EditResult.builder(name())
          .images(List.of(new EditedImage(JsonTree.string(payload.json(), "url"), null, null))).build());
    }

    @Override
    public boolean verifiesCallbacks() {
      return true;
    }

    @Override
    public boolean verifyCallback(Map<String, List<String>> headers, byte[] body) {
      verified.add(body);
      return List.of("good").equals(headers.get("X-Signature"));
    }

    @Override
    public boolean redeliversCallbacks() {
      return redelivers;
    }
  }

  private final MockWebServer server = new MockWebServer();
  private final QueueDispatcher dispatcher = new QueueDispatcher();

  @BeforeEach
  void start() throws Exception {
    dispatcher.setFailFast(new MockResponse.Builder().code(500).body("{}").build());
    server.setDispatcher(dispatcher);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void enqueue(String json) {
    dispatcher.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body(json).build());
  }

  private ImageEditClient client(ProviderAdapter adapter, String callbackUrl) {
    ImageEdits.Builder b = ImageEdits.builder().provider(adapter).baseUrl("http://127.0.0.1:" + server.getPort())
        .apiKey("k-123").retryPolicy(RetryPolicy.none());
    if (callbackUrl != null) b.callbackUrl(callbackUrl);
    return b.build();
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(r).isNotNull();
    return r;
  }

  private static EditRequest request() {
    return EditRequest.builder().model("m").prompt("p").imageUrl("https://img.example.com/a.png").build();
  }

  @Test
  @DisplayName("edit on a QUEUE_ONLY provider submits, polls, sends the follow-up the update names at once, and returns the images")
  void editFollowsTheQueue() throws Exception {
    enqueue("{\"id\": \"j1\"}");
    enqueue("{\"state\": \"running\"}");
    enqueue("{\"state\": \"done\", \"output\": \"/jobs/j1/output\"}");
    enqueue("{\"url\": \"" + RESULT_URL + "\"}");
    long start = System.nanoTime();
    try (ImageEditClient client = client(new JobsAdapter(false), null)) {
      EditResult result = client.edit(request());
      assertThat(result.images()).extracting(EditedImage::url).containsExactly(RESULT_URL);
      assertThat(result.taskId()).isEqualTo("j1");
      assertThat(result.model()).isEqualTo("m");
    }
    // Two polls 500 ms and 1 s apart at most; the follow-up adds no interval of its own.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(take().getUrl().encodedPath()).isEqualTo("/jobs");
    assertThat(take().getUrl().encodedPath()).isEqualTo("/jobs/j1");
    assertThat(take().getUrl().encodedPath()).isEqualTo("/jobs/j1");
    RecordedRequest output = take();
    assertThat(output.getUrl().encodedPath()).isEqualTo("/jobs/j1/output");
    assertThat(output.getHeaders().get("X-Key")).isEqualTo("k-123");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  @DisplayName("editAsync on a queue holds no thread while the provider works: threads run only the polls")
  void editAsyncHoldsNoThreadWhilePolling() throws Exception {
    java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger> polls =
        new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();
    server.setDispatcher(new mockwebserver3.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        String body;
        if (path.equals("/jobs")) {
          body = "{\"id\": \"j" + ids.incrementAndGet() + "\"}";
        } else if (path.endsWith("/output")) {
          body = "{\"url\": \"" + RESULT_URL + "\"}";
        } else { // running for the first three polls of each job
          String job = path.substring("/jobs/".length());
          body = polls.computeIfAbsent(job, j -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet() <= 3
              ? "{\"state\": \"running\"}" : "{\"state\": \"done\", \"output\": \"/jobs/" + job + "/output\"}";
        }
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
      }
    });
    int before = clientThreads();
    try (ImageEditClient client = client(new JobsAdapter(false), null)) {
      List<java.util.concurrent.CompletableFuture<EditResult>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) futures.add(client.editAsync(request()));
      int peak = 0;
      while (!futures.stream().allMatch(java.util.concurrent.CompletableFuture::isDone)) {
        peak = Math.max(peak, clientThreads() - before);
        Thread.sleep(20);
      }
      for (java.util.concurrent.CompletableFuture<EditResult> f : futures) {
        assertThat(f.join().images()).extracting(EditedImage::url).containsExactly(RESULT_URL);
      }
      assertThat(polls).hasSize(40).allSatisfy((job, n) -> assertThat(n.get()).isEqualTo(4));
      // Threads now run only the HTTP calls of submissions and polls (40 jobs polled at about the same
      // moments, so a few dozen at the peak); a thread blocked per job as well came to 59.
      assertThat(peak).as("client threads while 40 jobs ran").isLessThan(40);
    }
  }

  private static int clientThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("imageedits-")).count();
  }

  @Test
  @DisplayName("edit on a queue polls even when the client takes callbacks: no callback URL is given out, no quiet period waited")
  void editPollsWithCallbacksConfigured() throws Exception {
    enqueue("{\"id\": \"j1\"}");
    enqueue("{\"state\": \"done\", \"output\": \"/jobs/j1/output\"}");
    enqueue("{\"url\": \"" + RESULT_URL + "\"}");
    try (ImageEditClient client = client(new JobsAdapter(false), "https://hooks.example.com/cb")) {
      EditResult result = client.edit(request());
      assertThat(result.images()).extracting(EditedImage::url).containsExactly(RESULT_URL);
    }
    assertThat(take().getBody().utf8()).doesNotContain("hook");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  @DisplayName("a provider signature check sees the raw body; a refused callback is 403 and completes nothing")
  void providerVerifiedCallbacks() throws Exception {
    enqueue("{\"id\": \"j1\"}");
    JobsAdapter adapter = new JobsAdapter(false);
    try (ImageEditClient client = client(adapter, "https://hooks.example.com/cb")) {
      EditTask task = client.submit(request(), TaskOptions.builder().quietPeriod(Duration.ofMinutes(5)).build());
      URI url = hookOf(take());
      byte[] body = ("{\"id\": \"j1\", \"url\": \"" + RESULT_URL + "\"}").getBytes(UTF_8);
      CallbackHandler handler = client.callbackHandler();
      assertThat(handle(handler, url, "forged", body)).isEqualTo(403);
      assertThat(task.future()).isNotDone();
      assertThat(adapter.verified).singleElement().isEqualTo(body);
      assertThat(handle(handler, url, "good", body)).isEqualTo(200);
      assertThat(task.await(Duration.ofSeconds(5)).images()).extracting(EditedImage::url).containsExactly(RESULT_URL);
      assertThat(handle(handler, url, "good", body)).as("a provider that does not redeliver: a replay").isEqualTo(409);
    }
  }

  @Test
  @DisplayName("a provider that redelivers: a duplicate about the finished task is 200 and ignored; another task's is 409")
  void redeliveredCallbacks() throws Exception {
    enqueue("{\"id\": \"j1\"}");
    try (ImageEditClient client = client(new JobsAdapter(true), "https://hooks.example.com/cb")) {
      EditTask task = client.submit(request(), TaskOptions.builder().quietPeriod(Duration.ofMinutes(5)).build());
      URI url = hookOf(take());
      byte[] payload = ("{\"id\": \"j1\", \"url\": \"" + RESULT_URL + "\"}").getBytes(UTF_8);
      CallbackHandler handler = client.callbackHandler();
      assertThat(handle(handler, url, "good", payload)).isEqualTo(200);
      EditResult result = task.await(Duration.ofSeconds(5));
      assertThat(handle(handler, url, "good", payload)).isEqualTo(200);
      assertThat(handle(handler, url, "good", payload)).isEqualTo(200);
      assertThat(task.await(Duration.ofSeconds(1))).isSameAs(result);
      byte[] other = ("{\"id\": \"j2\", \"url\": \"" + RESULT_URL + "\"}").getBytes(UTF_8);
      assertThat(handle(handler, url, "good", other)).isEqualTo(409);
      assertThat(handle(handler, url, "forged", payload)).as("still verified first").isEqualTo(403);
    }
  }

  @Test
  @DisplayName("TaskUpdate: a next request only on a running update; toBuilder keeps every value")
  void taskUpdateBuilder() {
    WireRequest next = WireRequest.builder().method("GET").url(URI.create("https://jobs.example.com/jobs/j1/output")).build();
    TaskUpdate running = TaskUpdate.running("j1").toBuilder().next(next).nextNow(true).build();
    assertThat(running.next()).isEqualTo(next);
    assertThat(running.nextNow()).isTrue();
    assertThat(running.toBuilder().build()).isEqualTo(running);
    assertThat(TaskUpdate.running("j1").next()).isNull();
    TaskUpdate finished = TaskUpdate.finished("j1", EditResult.builder("jobs").build());
    assertThatThrownBy(() -> finished.toBuilder().next(next).build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TaskUpdate.failed("j1", new TransportException("x", null)).toBuilder().next(next).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The signed callback URL the submission carried in its "hook" member. */
  private static URI hookOf(RecordedRequest submission) {
    String body = submission.getBody().utf8();
    int at = body.indexOf("https://hooks.example.com/cb");
    assertThat(at).as("the hook in %s", body).isNotNegative();
    return URI.create(body.substring(at, body.indexOf('"', at)));
  }

  private static int handle(CallbackHandler handler, URI url, String signature, byte[] body) {
    return handler.handle("POST", url.getRawPath(), url.getRawQuery(), Map.of("Content-Type",
        List.of("application/json"), "Content-Length", List.of(String.valueOf(body.length)),
        "X-Signature", List.of(signature)), new ByteArrayInputStream(body));
  }
}
