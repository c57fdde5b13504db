package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.TransportException;
import io.github.imageedits.spi.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A result download is bounded: its body fails past the byte limit, and its redirects are too. */
@DisplayName("A result download")
class DownloadLimitTest {
  private final MockWebServer server = new MockWebServer();
  private final RetrofitTransport transport = RetrofitTransport.create();

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    transport.close();
    server.close();
  }

  @Test
  @DisplayName("fails with an IOException once more than maxBytes have been read, not after the whole body")
  void bodyOverTheLimit() throws IOException {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "image/png")
        .body(new Buffer().write(new byte[4 << 20])).build());

    long read = 0;
    try (Transport.Download download = transport.download(server.url("/cdn/big.png").uri(), 1 << 20)) {
      InputStream body = download.body();
      byte[] chunk = new byte[64 << 10];
      IOException failure = null;
      try {
        for (int n; (n = body.read(chunk)) != -1; ) read += n;
      } catch (IOException e) {
        failure = e;
      }
      assertThat(failure).as("reading past the limit").isNotNull();
      assertThat(failure.getMessage()).contains("download limit");
    }
    assertThat(read).isLessThanOrEqualTo(1 << 20);
  }

  @Test
  @DisplayName("follows at most three redirects, never to plain http off loopback")
  void boundedRedirects() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/cdn/hop-" + i + ".png").build());
    }
    assertThatThrownBy(() -> transport.download(server.url("/cdn/start.png").uri(), 1 << 20))
        .isInstanceOf(TransportException.class).hasMessageContaining("more than 3 times");

    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "http://images.example.com/x.png").build());
    assertThatThrownBy(() -> transport.download(server.url("/cdn/start.png").uri(), 1 << 20))
        .isInstanceOf(TransportException.class).hasMessageContaining("plain http");
  }
}
