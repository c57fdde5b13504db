package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.spi.WireReply;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A proxy's own error page comes back whole enough for an adapter to say it in one line: status,
 * the {@code Server} header and the page's text (from which its title can be taken). The bodies are
 * nginx's own, byte for byte (nginx 1.22.1, {@code ngx_http_special_response.c}).
 */
@DisplayName("Non-JSON error pages from a proxy in front")
class NonJsonErrorTest {
  @RegisterExtension final LoopbackServer server = new LoopbackServer();

  private static String nginxPage(int status, String reason) {
    return "<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n<center><h1>"
        + status + " " + reason + "</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"413, Request Entity Too Large", "502, Bad Gateway"})
  @DisplayName("come back with their status, Server header and the page as text")
  void nginx(int status, String reason) {
    String page = nginxPage(status, reason);
    server.enqueue(new MockResponse.Builder().code(status)
        .addHeader("Server", "nginx/1.22.1")
        .addHeader("Content-Type", "text/html")
        .body(page).build());
    try (RetrofitTransport transport = RetrofitTransport.create()) {
      WireReply reply = transport.newCall(Requests.post(server.url("/openai/images/edits").uri())).execute();

      assertThat(reply.status()).isEqualTo(status);
      assertThat(reply.header("server")).isEqualTo("nginx/1.22.1");
      assertThat(reply.json()).isNull();
      assertThat(reply.text()).isEqualTo(page);
      // What an adapter needs for one line: the title, found in the text.
      assertThat(reply.text()).contains("<title>" + status + " " + reason + "</title>");
    }
  }
}
