package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.ImageSource;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Failures are typed")
class FailureTest {
  private static final String OK = "{\"created\":1,\"data\":[{\"url\":\"https://cdn.example/r.png\"}]}";

  @TempDir Path dir;
  private MockWebServer server;
  private RetrofitTransport transport;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "failure-test");
    t.setDaemon(true);
    return t;
  });

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    transport = RetrofitTransport.create();
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
    transport.close();
    server.close();
  }

  /** A JSON reply whose body comes one byte every 50 ms: about 6 s in all. */
  private static MockResponse trickling() {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"data\":[" + "{\"url\":\"u\"},".repeat(100) + "{}]}")
        .throttleBody(1, 50, TimeUnit.MILLISECONDS)
        .build();
  }

  private WireRequest request() {
    return WireRequest.builder().method("POST").url(server.url("/openai/images/edits").uri()).headers(Map.of("Authorization", "Bearer test")).body(new WireRequest.Json(Map.of("model", "gpt-image-2"))).build();
  }

  private WireRequest upload(int size) throws IOException {
    Path file = Files.write(dir.resolve("photo.png"), new byte[size]);
    return WireRequest.builder().method("POST").url(server.url("/openai/images/edits").uri()).headers(Map.of("Authorization", "Bearer test")).body(new WireRequest.Multipart(List.of(
            new WireRequest.TextPart("model", "gpt-image-1"),
            new WireRequest.FilePart("image", "photo.png", "image/png", ImageSource.file(file), size)))).build();
  }

  private static MockResponse ok() {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(OK).build();
  }

  /** Runs execute() on another thread once the server holds the request, then returns its failure. */
  private Throwable failureOf(CompletableFuture<WireReply> running) throws Exception {
    try {
      running.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the call succeeded");
  }

  @Nested
  @DisplayName("when the connection breaks")
  class Broken {
    @Test
    @DisplayName("a connection closed before the reply gives a TransportException naming method and URL")
    void closedBeforeReply() {
      server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());

      assertThatThrownBy(() -> transport.newCall(request()).execute())
          .isInstanceOf(TransportException.class)
          .isNotInstanceOf(EditTimeoutException.class)
          .hasMessageStartingWith("POST " + server.url("/openai/images/edits"))
          .hasCauseInstanceOf(IOException.class);
    }

    @Test
    @DisplayName("a paid request that was sent is not sent again by OkHttp when the pooled connection breaks")
    void noSilentResend() {
      server.enqueue(ok()); // warms the pool: the next call reuses this connection
      server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
      server.enqueue(ok()); // what a silent retry would get

      assertThat(transport.newCall(request()).execute().status()).isEqualTo(200);
      assertThatThrownBy(() -> transport.newCall(request()).execute()).isInstanceOf(TransportException.class);
      assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("a connection closed in the middle of the body is a TransportException, not truncated JSON")
    void closedMidBody() {
      server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
          .body("{\"created\":1,\"data\":[" + "{\"url\":\"https://cdn.example/r.png\"},".repeat(2000) + "{}]}")
          .onResponseBody(new SocketEffect.CloseSocket())
          .build());

      assertThatThrownBy(() -> transport.newCall(request()).execute())
          .isInstanceOf(TransportException.class)
          .isNotInstanceOf(EditTimeoutException.class);
    }

    @Test
    @DisplayName("a connection closed during the upload is a TransportException")
    void closedMidUpload() throws IOException {
      server.enqueue(new MockResponse.Builder().onRequestBody(new SocketEffect.CloseSocket()).build());
      WireRequest upload = upload(8 << 20);

      assertThatThrownBy(() -> transport.newCall(upload).execute())
          .isInstanceOf(TransportException.class)
          .hasMessageStartingWith("POST http://");
    }

    @Test
    @DisplayName("a refused connection is a TransportException")
    void refused() throws IOException {
      int port;
      try (MockWebServer closed = new MockWebServer()) {
        closed.start();
        port = closed.getPort();
      }
      WireRequest request = WireRequest.builder().method("POST").url(java.net.URI.create("http://127.0.0.1:" + port + "/x")).body(new WireRequest.Json(Map.of())).build();

      assertThatThrownBy(() -> transport.newCall(request).execute())
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("POST http://127.0.0.1:" + port + "/x failed");
    }
  }

  @Nested
  @DisplayName("when a bound on waiting runs out")
  class Timeouts {
    @Test
    @DisplayName("a server that never answers hits the read timeout: EditTimeoutException")
    void stalled() {
      server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
      try (RetrofitTransport impatient = RetrofitTransport.builder().readTimeout(Duration.ofMillis(300)).build()) {
        assertThatThrownBy(() -> impatient.newCall(request()).execute())
            .isInstanceOf(EditTimeoutException.class)
            .hasMessageContaining("timed out")
            .hasMessageContaining("read 300 ms");
      }
    }

    @Test
    @DisplayName("a body that trickles in forever hits the call timeout while it is read: EditTimeoutException")
    void trickle() {
      server.enqueue(trickling());
      try (RetrofitTransport impatient = RetrofitTransport.builder()
          .readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofMillis(400)).build()) {
        assertThatThrownBy(() -> impatient.newCall(request()).execute())
            .isInstanceOf(EditTimeoutException.class)
            .hasMessageContaining("call 400 ms");
      }
    }
  }

  @Nested
  @DisplayName("when a request brings timeouts of its own")
  class OwnTimeouts {
    @Test
    @DisplayName("its read timeout replaces the transport's for that call only, and the message says so")
    void ownRead() {
      server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
      server.enqueue(new MockResponse.Builder().body(OK).build());
      io.github.imageedits.Timeouts own = io.github.imageedits.Timeouts.builder().read(Duration.ofMillis(300)).build();
      assertThatThrownBy(() -> transport.newCall(request().toBuilder().timeouts(own).build()).execute())
          .isInstanceOf(EditTimeoutException.class)
          .hasMessageContaining("read 300 ms")
          .hasMessageContaining("connect 10 s"); // the transport's, where the request has none
      // The next call, without timeouts of its own, runs with the transport's again.
      assertThat(transport.newCall(request()).execute().status()).isEqualTo(200);
    }

    @Test
    @DisplayName("its call timeout bounds the whole exchange, a trickling body included")
    void ownCall() {
      server.enqueue(trickling());
      io.github.imageedits.Timeouts own = io.github.imageedits.Timeouts.builder().call(Duration.ofMillis(400)).build();
      assertThatThrownBy(() -> transport.newCall(request().toBuilder().timeouts(own).build()).execute())
          .isInstanceOf(EditTimeoutException.class)
          .hasMessageContaining("call 400 ms")
          .hasMessageContaining("read 300 s");
    }

    @Test
    @DisplayName("one OkHttp cannot express is refused before anything is sent")
    void outOfRange() {
      io.github.imageedits.Timeouts huge = io.github.imageedits.Timeouts.builder().write(Duration.ofDays(30)).build();
      io.github.imageedits.Timeouts tiny = io.github.imageedits.Timeouts.builder().connect(Duration.ofNanos(10)).build();
      assertThatThrownBy(() -> transport.newCall(request().toBuilder().timeouts(huge).build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("write timeout too large");
      assertThatThrownBy(() -> transport.newCall(request().toBuilder().timeouts(tiny).build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connect timeout too small");
      assertThat(server.getRequestCount()).isZero();
    }
  }

  @Nested
  @DisplayName("when the call is cancelled")
  class Cancel {
    @Test
    @DisplayName("cancel() stops a call waiting for its reply with a TransportException that says so")
    void cancelRunning() throws Exception {
      server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
      Transport.Call call = transport.newCall(request());
      CompletableFuture<WireReply> running = CompletableFuture.supplyAsync(call::execute, executor);
      assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();

      call.cancel();

      Throwable failure = failureOf(running);
      assertThat(failure).isInstanceOf(TransportException.class)
          .isNotInstanceOf(EditTimeoutException.class)
          .hasMessageContaining("cancelled by the caller");
    }

    @Test
    @DisplayName("a call cancelled before execute() sends nothing")
    void cancelBefore() {
      Transport.Call call = transport.newCall(request());
      call.cancel();
      assertThatThrownBy(call::execute).isInstanceOf(TransportException.class).hasMessageContaining("cancelled");
      assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("close() cancels calls in flight and refuses new ones")
    void closeCancels() throws Exception {
      server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
      Transport.Call call = transport.newCall(request());
      CompletableFuture<WireReply> running = CompletableFuture.supplyAsync(call::execute, executor);
      assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();

      transport.close();

      assertThat(failureOf(running)).isInstanceOf(TransportException.class)
          .hasMessageContaining("transport was closed");
      assertThatThrownBy(() -> transport.newCall(request()))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("closed");
    }
  }
}
