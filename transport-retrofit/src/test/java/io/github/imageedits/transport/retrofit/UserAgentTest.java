package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.spi.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

@DisplayName("Requests identify the library")
class UserAgentTest {
  @RegisterExtension final LoopbackServer server = new LoopbackServer();

  /** The project version, as core's build wrote it. */
  private static String version() throws IOException {
    try (InputStream in = UserAgentTest.class.getClassLoader()
        .getResourceAsStream("META-INF/imageedits/version.properties")) {
      assertThat(in).as("core's version resource").isNotNull();
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    }
  }

  private String agentOf(RetrofitTransport transport, Map<String, String> headers) throws InterruptedException {
    server.enqueue(new MockResponse.Builder().body("{}").build());
    transport.newCall(Requests.post(server.url("/v1/images/edits").uri(), headers)).execute();
    return server.take().getHeaders().get("User-Agent");
  }

  @Test
  @DisplayName("User-Agent: imageedits/<the project version>, not OkHttp's")
  void byDefault() throws Exception {
    String version = version();
    assertThat(version).matches("\\d+\\.\\d+\\.\\d+.*").doesNotContain("${");
    try (RetrofitTransport transport = RetrofitTransport.create()) {
      assertThat(agentOf(transport, Map.of())).isEqualTo("imageedits/" + version);
    }
  }

  @Test
  @DisplayName("followed by the caller's suffix")
  void suffix() throws Exception {
    try (RetrofitTransport transport = RetrofitTransport.builder().userAgentSuffix("myapp/2.0").build()) {
      assertThat(agentOf(transport, Map.of())).isEqualTo("imageedits/" + version() + " myapp/2.0");
    }
  }

  @Test
  @DisplayName("an adapter's own User-Agent header is kept, once")
  void adapterAgent() throws Exception {
    try (RetrofitTransport transport = RetrofitTransport.create()) {
      server.enqueue(new MockResponse.Builder().body("{}").build());
      transport.newCall(Requests.post(server.url("/v1/x").uri(), Map.of("user-agent", "provider-sdk/1"))).execute();
      assertThat(server.take().getHeaders().values("User-Agent"))
          .containsExactly("provider-sdk/1");
    }
  }

  @Test
  @DisplayName("result downloads carry it too")
  void downloads() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "image/png").body("png").build());
    try (RetrofitTransport transport = RetrofitTransport.builder().userAgentSuffix("myapp/2.0").build();
        Transport.Download download = transport.download(server.url("/r.png").uri(), 1024)) {
      assertThat(download.status()).isEqualTo(200);
    }
    assertThat(server.take().getHeaders().get("User-Agent"))
        .isEqualTo("imageedits/" + version() + " myapp/2.0");
  }

  @Test
  @DisplayName("a suffix a header cannot carry is refused")
  void badSuffix() {
    RetrofitTransport.Builder builder = RetrofitTransport.builder();
    assertThatThrownBy(() -> builder.userAgentSuffix("myapp\r\nX-Injected: 1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printable ASCII");
    assertThatThrownBy(() -> builder.userAgentSuffix(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.userAgentSuffix(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("suffix == null");
  }
}
