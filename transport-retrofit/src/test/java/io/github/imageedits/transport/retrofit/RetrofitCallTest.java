package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.Timeouts;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponse;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

/** Retrofit executes each call: one OkHttp call per attempt, with bounded error bodies. */
@DisplayName("Retrofit executes the calls")
class RetrofitCallTest {
  @RegisterExtension final LoopbackServer server = new LoopbackServer();

  /** Counts the OkHttp calls made (listener created) and started on a caller's client. */
  static final class CallCounter {
    final AtomicInteger created = new AtomicInteger();
    final List<String> started = Collections.synchronizedList(new ArrayList<>());

    OkHttpClient client() {
      return new OkHttpClient.Builder().eventListenerFactory(call -> {
        created.incrementAndGet();
        return new EventListener() {
          @Override
          public void callStart(Call c) {
            started.add(c.request().method() + " " + c.request().url().encodedPath());
          }
        };
      }).build();
    }
  }

  @Test
  @DisplayName("each execute() is exactly one OkHttp call on the caller's client, made and started once")
  void oneCallPerAttempt() {
    CallCounter counter = new CallCounter();
    try (RetrofitTransport transport = RetrofitTransport.builder().client(counter.client()).build()) {
      for (int i = 0; i < 3; i++) {
        server.enqueue(new MockResponse.Builder().body("{\"created\":" + i + "}").build());
        Transport.Call call = transport.newCall(Requests.post(server.url("/v1/images/edits").uri()));
        assertThat(counter.started).as("nothing starts before execute()").hasSize(i);
        assertThat(call.execute().status()).isEqualTo(200);
      }
      // A request with timeouts of its own runs on a derived client: still one call.
      server.enqueue(new MockResponse.Builder().code(500).body("{\"error\":{}}").build());
      Timeouts own = Timeouts.builder().read(Duration.ofSeconds(7)).build();
      WireReply failed = transport.newCall(Requests.post(server.url("/v1/images/edits").uri(), own)).execute();
      assertThat(failed.status()).isEqualTo(500);
    }
    assertThat(counter.started).containsExactly("POST /v1/images/edits", "POST /v1/images/edits",
        "POST /v1/images/edits", "POST /v1/images/edits");
    assertThat(counter.created).as("no throwaway call").hasValue(4);
    assertThat(server.requestCount()).isEqualTo(4);
  }

  @Test
  @DisplayName("a result download is one OkHttp call per hop, a redirect included")
  void downloadCalls() throws Exception {
    CallCounter counter = new CallCounter();
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/moved.png").build());
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "image/png").body("png bytes").build());
    try (RetrofitTransport transport = RetrofitTransport.builder().client(counter.client()).build();
        Transport.Download download = transport.download(server.url("/r.png").uri(), 1024)) {
      assertThat(download.status()).isEqualTo(200);
      assertThat(download.contentType()).isEqualTo("image/png");
      assertThat(download.body().readAllBytes()).asString().isEqualTo("png bytes");
    }
    assertThat(counter.started).containsExactly("GET /r.png", "GET /moved.png");
    assertThat(counter.created).hasValue(2);
  }

  @Test
  @DisplayName("a 204 reply, which Retrofit hands over without a body, is a reply with no tree and no text")
  void noContent() {
    server.enqueue(new MockResponse.Builder().code(204).build());
    try (RetrofitTransport transport = RetrofitTransport.create()) {
      WireReply reply = transport.newCall(Requests.post(server.url("/v1/x").uri())).execute();
      assertThat(reply.status()).isEqualTo(204);
      assertThat(reply.json()).isNull();
      assertThat(reply.text()).isEmpty();
    }
  }

  @Test
  @DisplayName("a 50 MB error body is cut before Retrofit buffers it: the read stays bounded and the"
      + " connection is dropped, not drained")
  void errorBodyBoundedBeforeRetrofit() {
    AtomicLong written = new AtomicLong();
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Content-Type", "text/html")
        .body(Bodies.huge("<p>Service Unavailable</p>\n", written)).build());
    server.enqueue(new MockResponse.Builder().body("{\"created\":2}").build());
    AtomicLong pulled = new AtomicLong();
    OkHttpClient counting = Bodies.counting(pulled);

    try (RetrofitTransport transport = RetrofitTransport.builder().client(counting)
        .maxErrorBodySize(32 * 1024).build()) {
      long start = System.nanoTime();
      WireReply reply = transport.newCall(Requests.post(server.url("/v1/images/edits").uri())).execute();
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(reply.status()).isEqualTo(503);
      assertThat(reply.json()).isNull();
      assertThat(reply.text()).hasSize(32 * 1024).startsWith("<p>Service Unavailable</p>");
      // One byte past the limit is asked for; reads come a segment (8 KiB) at a time.
      assertThat(pulled.get()).isBetween(32L * 1024 + 1, 32L * 1024 + 8192 + 1);
      assertThat(millis).as("no 50 MB download, no drain").isLessThan(5_000);
      // The transport still works: the next call gets a new connection.
      assertThat(transport.newCall(Requests.post(server.url("/v1/images/edits").uri())).execute().status())
          .isEqualTo(200);
    }
    assertThat(written.get()).as("the server was hung up on long before the end").isLessThan(Bodies.HUGE);
  }
}
