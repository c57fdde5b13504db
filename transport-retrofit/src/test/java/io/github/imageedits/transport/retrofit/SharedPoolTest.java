package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.TransportException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

/** Transports built without a caller's client share one connection pool in the process. */
@DisplayName("Transports share one connection pool")
class SharedPoolTest {
  @RegisterExtension final LoopbackServer server = new LoopbackServer();

  private int send(RetrofitTransport transport) throws InterruptedException {
    server.enqueue(new MockResponse.Builder().body("{\"created\":1}").build());
    assertThat(transport.newCall(Requests.post(server.url("/v1/images/edits").uri())).execute().status())
        .isEqualTo(200);
    RecordedRequest received = server.take();
    return received.getConnectionIndex();
  }

  @Test
  @DisplayName("two transports from builder(), with different timeouts, reuse one connection")
  void oneConnection() throws Exception {
    try (RetrofitTransport first = RetrofitTransport.builder().build();
        RetrofitTransport second = RetrofitTransport.builder().readTimeout(Duration.ofSeconds(42)).build()) {
      int connection = send(first);
      assertThat(send(second)).isEqualTo(connection);
      assertThat(send(first)).isEqualTo(connection);
    }
  }

  @Test
  @DisplayName("closing one transport cancels its own calls only and leaves the shared pool to the others")
  void closeKeepsThePool() throws Exception {
    RetrofitTransport closing = RetrofitTransport.create();
    try (RetrofitTransport staying = RetrofitTransport.create()) {
      int connection = send(closing);
      closing.close();
      assertThatThrownBy(() -> closing.newCall(Requests.post(server.url("/v1/images/edits").uri())))
          .isInstanceOf(TransportException.class).hasMessageContaining("closed");
      assertThat(send(staying)).as("the pooled connection survived the close").isEqualTo(connection);
    }
  }
}
