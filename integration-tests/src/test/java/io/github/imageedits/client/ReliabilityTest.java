package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RetryEvent;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.Timeouts;
import io.github.imageedits.TransportException;
import io.github.imageedits.testkit.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries, timeouts and cancellation through the public facade, with its built-in transport: what
 * a user gets from {@code ImageEdits.builder()} without configuring anything else.
 */
@DisplayName("The facade's failure behaviour")
class ReliabilityTest {
  static final String OK = "{\"success\":true,\"task_id\":\"task-1\",\"trace_id\":\"trace-1\","
      + "\"created\":1721626477,\"data\":[{\"url\":\"https://platform.cdn.acedata.cloud/x.png\"}],\"elapsed\":1.5}";
  private static final String BUSY =
      "{\"success\":false,\"error\":{\"code\":\"api_error\",\"message\":\"busy\"},\"trace_id\":\"trace-busy\"}";

  @TempDir Path dir;
  private final MockWebServer server = new MockWebServer();
  private final List<RetryEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ImageEdits.Builder client() {
    return ImageEdits.builder().provider("acedata").apiKey("test-token")
        .baseUrl("http://127.0.0.1:" + server.getPort()).retryListener(events::add);
  }

  private EditRequest request() {
    return EditRequest.builder().model("gpt-image-1").prompt("Paint the roof blue")
        .image(TestImages.png(dir, "house.png", 32, 32)).build();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
  }

  @Test
  @DisplayName("retries a 503 by default, telling the listener, and returns the second reply")
  void retriesByDefault() {
    server.enqueue(json(503, BUSY));
    server.enqueue(json(200, OK));
    try (ImageEditClient client = client().build()) {
      EditResult result = client.edit(request());

      assertThat(result.taskId()).isEqualTo("task-1");
      assertThat(server.getRequestCount()).isEqualTo(2);
      assertThat(events).singleElement().satisfies(e -> {
        assertThat(e.provider()).isEqualTo("acedata");
        assertThat(e.attempt()).isEqualTo(1);
        // The default policy: a first wait of 1 s, shortened by jitter to no less than half.
        assertThat(e.delay()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(((ProviderException) e.cause()).status()).isEqualTo(503);
      });
    }
  }

  @Test
  @DisplayName("sends once when the request says RetryPolicy.none(), whatever the client's policy")
  void perRequestPolicyWins() {
    server.enqueue(json(503, BUSY));
    server.enqueue(json(200, OK));
    try (ImageEditClient client = client().retryPolicy(RetryPolicy.builder().maxAttempts(5).build()).build()) {
      Throwable thrown = catchThrowable(() ->
          client.edit(request().toBuilder().retryPolicy(RetryPolicy.none()).build()));

      assertThat(thrown).isInstanceOf(ProviderException.class);
      assertThat(server.getRequestCount()).isEqualTo(1);
      assertThat(events).isEmpty();
    }
  }

  @Test
  @DisplayName("does not send again an edit whose connection broke after it was sent, and says why")
  void noSilentDoubleCharge() {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, OK));
    try (ImageEditClient client = client().build()) {
      Throwable thrown = catchThrowable(() -> client.edit(request()));

      assertThat(thrown).isInstanceOf(TransportException.class)
          .hasMessageContaining("the provider may have processed it");
      assertThat(((TransportException) thrown).requestMayHaveBeenProcessed()).isTrue();
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("sends such an edit again only when the policy opts in with retrySentRequests")
  void optInRetriesProcessed() {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, OK));
    RetryPolicy optIn = RetryPolicy.builder().initialDelay(Duration.ofMillis(1)).retrySentRequests(true).build();
    try (ImageEditClient client = client().retryPolicy(optIn).build()) {
      assertThat(client.edit(request()).taskId()).isEqualTo("task-1");
      assertThat(server.getRequestCount()).isEqualTo(2);
      assertThat(events).hasSize(1);
    }
  }

  @Test
  @DisplayName("bounds each wait by the client's timeouts, and a request's own timeouts replace them")
  void clientAndRequestTimeouts() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    try (ImageEditClient client = client().readTimeout(Duration.ofMillis(400)).build()) {
      Throwable byClient = catchThrowable(() -> client.edit(request()));
      Throwable byRequest = catchThrowable(() -> client.edit(request().toBuilder()
          .timeouts(Timeouts.builder().read(Duration.ofMillis(250)).call(Duration.ofSeconds(9)).build()).build()));

      assertThat(byClient).isInstanceOf(EditTimeoutException.class).hasMessageContaining("read 400 ms");
      assertThat(byRequest).isInstanceOf(EditTimeoutException.class)
          .hasMessageContaining("read 250 ms").hasMessageContaining("call 9 s");
      assertThat(((TransportException) byRequest).requestMayHaveBeenProcessed()).isTrue();
    }
  }

  @Test
  @DisplayName("cancelling the future of editAsync closes the HTTP connection")
  void cancelClosesTheConnection() throws Exception {
    ExecutorService serverThread = Executors.newSingleThreadExecutor();
    CountDownLatch requestArrived = new CountDownLatch(1);
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         ImageEditClient client = ImageEdits.builder().provider("acedata").apiKey("test-token")
             .baseUrl("http://127.0.0.1:" + silent.getLocalPort()).build()) {
      // A server that reads the request and never answers; it reports how its connection ended.
      Future<String> ending = serverThread.submit(() -> {
        try (Socket socket = silent.accept()) {
          InputStream in = socket.getInputStream();
          byte[] buffer = new byte[8192];
          try {
            for (int n; (n = in.read(buffer)) != -1; ) {
              if (n > 0) requestArrived.countDown(); // the request, then nothing
            }
            return "closed by the client";
          } catch (IOException e) {
            return "reset by the client";
          }
        }
      });
      CompletableFuture<EditResult> future = client.editAsync(request());
      assertThat(requestArrived.await(10, TimeUnit.SECONDS)).as("the request arrived").isTrue();
      assertThat(future).as("the edit waits for its reply").isNotDone();

      assertThat(future.cancel(true)).isTrue();

      assertThat(ending.get(10, TimeUnit.SECONDS)).isIn("closed by the client", "reset by the client");
      assertThat(catchThrowable(future::join)).isInstanceOf(CancellationException.class);
    } finally {
      serverThread.shutdownNow();
    }
  }

  @Test
  @DisplayName("stops retrying when closed: a retry wait is cut short and nothing more is sent")
  void closeEndsRetries() throws Exception {
    server.enqueue(json(503, BUSY).newBuilder().setHeader("Retry-After", "30").build());
    server.enqueue(json(200, OK));
    ImageEditClient client = client().build();
    CompletableFuture<EditResult> future = client.editAsync(request());
    for (int i = 0; i < 500 && events.isEmpty(); i++) Thread.sleep(10);
    assertThat(events).as("the first attempt failed and a 30 s wait began").hasSize(1);

    future.cancel(true);
    client.close();

    assertThat(catchThrowable(future::join)).isInstanceOf(CancellationException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
