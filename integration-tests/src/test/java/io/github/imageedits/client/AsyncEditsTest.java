package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.CallbackHandler;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditTask;
import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.TaskOptions;
import io.github.imageedits.TransportException;
import io.github.imageedits.UnsupportedFeatureException;
import io.github.imageedits.ValidationException;
import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.emulator.ReceivedEdit;
import io.github.imageedits.image.ImageFormat;
import io.github.imageedits.testkit.EmulatorExtension;
import io.github.imageedits.testkit.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asynchronous edits end to end, through the facade, against the AceData emulator: it answers a
 * callback request with a task id, posts the result to the callback URL after a short delay (only
 * to loopback), and answers {@code POST /openai/tasks}.
 */
@DisplayName("Asynchronous edits against the AceData emulator")
class AsyncEditsTest {
  @RegisterExtension
  static final EmulatorExtension EMULATOR = EmulatorExtension.of(ProviderEmulator.builder()
      .callbackDelay(Duration.ofMillis(50)));

  /** A callback URL the emulator never calls (it posts to loopback only): tasks complete by polling. */
  private static final String NOWHERE = "https://hooks.example.com/imageedits/never-called";
  /** Callbacks only: polling would start after five minutes. */
  private static final TaskOptions CALLBACK_ONLY = TaskOptions.builder()
      .quietPeriod(Duration.ofMinutes(5)).deadline(Duration.ofSeconds(30)).build();
  private static final TaskOptions FAST_POLLING = TaskOptions.builder()
      .pollInterval(Duration.ofMillis(20)).maxPollInterval(Duration.ofMillis(80)).deadline(Duration.ofSeconds(30)).build();

  @TempDir Path dir;

  private ImageEdits.Builder aceData() {
    return ImageEdits.builder().provider("acedata").apiKey(EMULATOR.token()).baseUrl(EMULATOR.baseUrl().toString());
  }

  private EditRequest.Builder request() {
    return EditRequest.builder().model("gpt-image-1").prompt("Put a red scarf on the cat")
        .image(TestImages.png(dir, "cat.png", 48, 48));
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  private static void assertEditedPng(EditResult result, String taskId) {
    assertThat(result.provider()).isEqualTo("acedata");
    assertThat(result.model()).isEqualTo("gpt-image-1");
    assertThat(result.taskId()).isEqualTo(taskId);
    assertThat(result.pending()).isFalse();
    assertThat(result.images()).hasSize(1);
    assertThat(result.images().get(0).data()).isNotNull();
    assertThat(result.images().get(0).data().format()).contains(ImageFormat.PNG);
  }

  private static ReceivedEdit lastEdit(ProviderEmulator emulator) {
    List<ReceivedEdit> edits = emulator.receivedEdits();
    assertThat(edits).isNotEmpty();
    return edits.get(edits.size() - 1);
  }

  @Test
  @DisplayName("complete by a callback the emulator posts to the embedded receiver")
  void embeddedReceiverRoundTrip(ProviderEmulator emulator) {
    try (ImageEditClient client = aceData().callbackReceiver(loopback()).build()) {
      EditTask task = client.submit(request().build(), CALLBACK_ONLY.toBuilder().traceId("order-4711").build());
      assertThat(task.taskId()).isNotBlank();
      assertThat(task.traceId()).isEqualTo("order-4711");
      assertThat(task.provider()).isEqualTo("acedata");

      EditResult result = task.await(Duration.ofSeconds(30));
      assertEditedPng(result, task.taskId());
      assertThat(result.traceId()).as("the emulator keeps the trace id we sent").isEqualTo("order-4711");

      ReceivedEdit sent = lastEdit(emulator);
      assertThat(sent.field("trace_id")).isEqualTo("order-4711");
      assertThat(URI.create(sent.field("callback_url")))
          .satisfies(url -> assertThat(url.getHost()).isEqualTo("127.0.0.1"))
          .satisfies(url -> assertThat(url.getPath()).isEqualTo("/imageedits/callback"))
          .satisfies(url -> assertThat(url.getQuery()).contains("imageedits_task=").contains("imageedits_sig="));
      assertThat(emulator.requestCount()).as("the edit alone: no task query was needed").isEqualTo(1);
    }
  }

  @Test
  @DisplayName("complete by a callback an application's own server hands to the framework-agnostic handler")
  void frameworkAgnosticHandler(ProviderEmulator emulator) throws Exception {
    AtomicReference<CallbackHandler> handler = new AtomicReference<>();
    // The task completes inside handle(), before the status is recorded: read it with a wait.
    BlockingQueue<Integer> answered = new LinkedBlockingQueue<>();
    // The "application": another HTTP server (MockWebServer) whose endpoint calls the handler.
    try (MockWebServer app = new MockWebServer()) {
      app.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          int status = handler.get().handle(request.getMethod(), request.getUrl().encodedPath(),
              request.getUrl().encodedQuery(), request.getHeaders().toMultimap(),
              request.getBody() == null ? java.io.InputStream.nullInputStream()
                  : new java.io.ByteArrayInputStream(request.getBody().toByteArray()));
          answered.add(status);
          return new MockResponse.Builder().code(status).build();
        }
      });
      app.start(InetAddress.getLoopbackAddress(), 0);
      String hook = "http://127.0.0.1:" + app.getPort() + "/app/hooks/image-edits?tenant=7";
      try (ImageEditClient client = aceData().callbackUrl(hook).build()) {
        handler.set(client.callbackHandler());
        EditTask task = client.submit(request().build(), CALLBACK_ONLY);
        EditResult result = task.await(Duration.ofSeconds(30));
        assertEditedPng(result, task.taskId());

        RecordedRequest delivered = app.takeRequest(10, TimeUnit.SECONDS);
        assertThat(delivered.getMethod()).isEqualTo("POST");
        assertThat(delivered.getUrl().encodedPath()).isEqualTo("/app/hooks/image-edits");
        assertThat(delivered.getUrl().queryParameter("tenant")).as("the application's own parameter stays").isEqualTo("7");
        assertThat(answered.poll(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(answered).as("one delivery").isEmpty();
        assertThat(emulator.requestCount()).isEqualTo(1);
      }
    }
  }

  @Test
  @DisplayName("complete by polling the tasks endpoint when no callback reaches the client")
  void polling(ProviderEmulator emulator) {
    try (ImageEditClient client = aceData().build()) {
      EditTask task = client.submit(request().callbackUrl(NOWHERE).build(), FAST_POLLING);
      assertThat(lastEdit(emulator).field("callback_url")).as("the request's own URL is kept").isEqualTo(NOWHERE);
      EditResult result = task.await(Duration.ofSeconds(30));
      assertEditedPng(result, task.taskId());
      assertThat(emulator.requestCount()).as("the edit and at least one task query").isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  @DisplayName("complete by polling after the quiet period when the callback does not come")
  void pollingAfterQuietPeriod(ProviderEmulator emulator) {
    // The receiver is configured, but the request carries nothing of it to a provider that could
    // call back: a receiver URL the emulator will not call (off loopback) stands in for a lost callback.
    try (ImageEditClient client = aceData().callbackUrl("https://edits.example.com/imageedits/callback").build()) {
      EditTask task = client.submit(request().build(),
          FAST_POLLING.toBuilder().quietPeriod(Duration.ofMillis(100)).build());
      assertEditedPng(task.await(Duration.ofSeconds(30)), task.taskId());
      assertThat(emulator.requestCount()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  @DisplayName("resume from the task id alone after a restart, and resolve by polling")
  void rebuiltFromTaskId(ProviderEmulator emulator) {
    String taskId;
    try (ImageEditClient before = aceData().build()) {
      EditTask task = before.submit(request().callbackUrl(NOWHERE).build(),
          FAST_POLLING.toBuilder().pollInterval(Duration.ofMinutes(1)).maxPollInterval(Duration.ofMinutes(1)).build());
      taskId = task.taskId();
      before.close(); // the "restart": the task is failed here, not at the provider
      assertThatThrownBy(() -> task.await(Duration.ofSeconds(5)))
          .isInstanceOf(TransportException.class).hasMessageContaining(taskId);
    }
    int requestsBefore = emulator.requestCount();
    try (ImageEditClient after = aceData().build()) {
      EditTask resumed = after.resume(taskId, FAST_POLLING);
      assertThat(resumed.taskId()).isEqualTo(taskId);
      assertThat(resumed.traceId()).isNull();
      EditResult result = resumed.await(Duration.ofSeconds(30));
      assertEditedPng(result, taskId);
      assertThat(emulator.requestCount()).isGreaterThan(requestsBefore);
    }
  }

  @Test
  @DisplayName("fail past the deadline with a timeout naming the task id, and stop asking")
  void deadline(ProviderEmulator emulator) throws Exception {
    try (ImageEditClient client = aceData().build()) {
      // The emulator answers {} for a task it does not know: still running, as far as anyone can tell.
      EditTask task = client.resume("no-such-task-42", FAST_POLLING.toBuilder().deadline(Duration.ofMillis(300)).build());
      assertThatThrownBy(() -> task.await(Duration.ofSeconds(10)))
          .isInstanceOf(EditTimeoutException.class)
          .hasMessageContaining("no-such-task-42");
      Thread.sleep(100); // a query cancelled in flight may still reach the emulator
      int asked = emulator.requestCount();
      assertThat(asked).as("it polled before giving up").isGreaterThanOrEqualTo(1);
      Thread.sleep(250); // several poll intervals: a poll still scheduled would show up
      assertThat(emulator.requestCount()).as("no query after the deadline").isEqualTo(asked);
    }
  }

  @Test
  @DisplayName("refuse to build a client whose receiver listens beyond loopback without a public URL")
  void receiverBeyondLoopbackNeedsUrl() {
    assertThatThrownBy(() -> aceData().callbackReceiver(new InetSocketAddress(0)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("callbackUrl");
    assertThatThrownBy(() -> aceData().callbackUrl("http://edits.example.com/cb").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain http");
  }

  @Test
  @DisplayName("validate before sending, and refuse a task that could never complete")
  void refusedBeforeSending(ProviderEmulator emulator) {
    try (ImageEditClient client = aceData().build()) {
      assertThatThrownBy(() -> client.submit(request().prompt(" ").callbackUrl(NOWHERE).build()))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> client.submit(request().build()))
          .as("no receiver and no callback_url: AceData would answer synchronously")
          .isInstanceOf(IllegalStateException.class);
      assertThat(emulator.requestCount()).isZero();
    }
  }

  @Test
  @DisplayName("leave no thread behind: the scheduler, the poll threads and the receiver all end on close()")
  void noThreadLeaks() throws Exception {
    List<Thread> baseline = ours();
    try (ImageEditClient client = aceData().callbackReceiver(loopback()).build()) {
      EditTask byCallback = client.submit(request().build(), CALLBACK_ONLY);
      EditTask byPolling = client.submit(request().callbackUrl(NOWHERE).build(), FAST_POLLING);
      EditTask pending = client.resume("never-finishes", FAST_POLLING);
      byCallback.await(Duration.ofSeconds(30));
      byPolling.await(Duration.ofSeconds(30));
      assertThat(pending.future()).isNotDone();
      assertThat(ours()).as("threads while running").hasSizeGreaterThan(baseline.size())
          .as("all daemons, so a program that forgets close() still exits").allMatch(Thread::isDaemon);
      client.close();
      assertThatThrownBy(() -> pending.await(Duration.ofSeconds(5)))
          .isInstanceOf(TransportException.class).hasMessageContaining("never-finishes");
    }
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Thread> now = ours();
    while (now.size() > baseline.size() && System.nanoTime() < giveUp) {
      for (Thread t : now) if (!baseline.contains(t)) t.join(100);
      now = ours();
    }
    assertThat(now).as("threads after close()").containsExactlyInAnyOrderElementsOf(baseline);
  }

  /** The live threads this library names: clients, task schedulers, receiver handlers and dispatcher. */
  private static List<Thread> ours() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith("imageedits-") || t.getName().equals("HTTP-Dispatcher"))
        .toList();
  }

  @Test
  @DisplayName("answer ChainHub, which declares neither callbacks nor task retrieval, with UnsupportedFeatureException before sending")
  void chainHubDeclaresNeither() throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getLoopbackAddress(), 0);
      String base = "http://127.0.0.1:" + server.getPort();
      try (ImageEditClient client = ImageEdits.builder().provider("chainhub").apiKey("k").baseUrl(base).build()) {
        assertThatThrownBy(() -> client.submit(request().build()))
            .isInstanceOfSatisfying(UnsupportedFeatureException.class, e -> assertThat(e.provider()).isEqualTo("chainhub"));
        assertThatThrownBy(() -> client.submit(request().callbackUrl(NOWHERE).build()))
            .isInstanceOf(UnsupportedFeatureException.class);
        assertThatThrownBy(() -> client.resume("task-1", TaskOptions.defaults()))
            .isInstanceOfSatisfying(UnsupportedFeatureException.class, e -> assertThat(e.feature()).contains("task retrieval"));
        assertThatThrownBy(client::callbackHandler).isInstanceOf(UnsupportedFeatureException.class);
      }
      assertThatThrownBy(() -> ImageEdits.builder().provider("chainhub").apiKey("k").baseUrl(base)
          .callbackReceiver(loopback()).build())
          .isInstanceOf(UnsupportedFeatureException.class);
      assertThat(server.getRequestCount()).isZero();
    }
    assertThat(Optional.of(ImageEdits.capabilities("chainhub").features()).get())
        .doesNotContain(io.github.imageedits.capability.ProviderFeature.ASYNC_CALLBACK,
            io.github.imageedits.capability.ProviderFeature.TASK_RETRIEVAL);
  }
}
