package io.github.imageedits.acedata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RedirectException;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.testkit.TestImages;
import java.io.IOException;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stands in front of AceData's API: nginx's own error pages, redirects from a front door or a
 * moved API, and base URLs written the way AceData documents them for OpenAI SDK users
 * ({@code https://api.acedata.cloud/openai}). MockWebServer plays each, byte for byte.
 */
@DisplayName("AceData behind a front door")
class AceDataFrontDoorTest {
  static final String NGINX_413 = nginxPage("413 Request Entity Too Large");
  static final String NGINX_502 = nginxPage("502 Bad Gateway");
  static final String OK = "{\"success\":true,\"task_id\":\"t-1\",\"created\":1,\"data\":[{\"url\":\"https://cdn.example/x.png\"}]}";

  /** nginx 1.22.1's own error page for {@code title} ("413 Request Entity Too Large"), byte for byte. */
  static String nginxPage(String title) {
    return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
        + "</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";
  }

  @TempDir Path dir;
  private final MockWebServer server = new MockWebServer();
  private EditRequest request;

  @BeforeEach
  void start() throws IOException {
    server.start();
    request = EditRequest.builder().model("gpt-image-1").prompt("Paint the roof blue")
        .image(TestImages.png(dir, "house.png", 64, 48)).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ImageEditClient client(String baseUrl) {
    return ImageEdits.builder().provider(AceData.NAME).apiKey("front-door-token")
        .baseUrl(baseUrl).retryPolicy(RetryPolicy.none()).build();
  }

  private ProviderException failure(MockResponse reply) {
    server.enqueue(reply);
    try (ImageEditClient client = client(server.url("/").toString())) {
      return catchThrowableOfType(ProviderException.class, () -> client.edit(request));
    }
  }

  /** One successful edit with the base URL {@code path} on the server. */
  private void editAt(String path) {
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(OK).build());
    try (ImageEditClient client = client(server.url(path).toString())) {
      client.edit(request);
    }
  }

  private static MockResponse nginx(int code, String page) {
    return new MockResponse.Builder().code(code).setHeader("Server", "nginx/1.22.1")
        .setHeader("Content-Type", "text/html").body(page).build();
  }

  @Test
  @DisplayName("nginx's 413 page is one line: its title and the Server header, not the HTML")
  void nginx413() {
    ProviderException e = failure(nginx(413, NGINX_413));

    assertThat(e.getMessage())
        .isEqualTo("HTTP 413 Request Entity Too Large from nginx/1.22.1 in front of acedata");
    assertThat(e.status()).isEqualTo(413);
    assertThat(e.code()).isNull();
  }

  @Test
  @DisplayName("nginx's 502 page is one line too")
  void nginx502() {
    ProviderException e = failure(nginx(502, NGINX_502));

    assertThat(e.getMessage()).isEqualTo("HTTP 502 Bad Gateway from nginx/1.22.1 in front of acedata");
    assertThat(e.isTransient()).isTrue();
  }

  @Test
  @DisplayName("a page without a title, and without a Server header: a bounded prefix of its text, one line")
  void untitledText() {
    String page = "Service\r\n   temporarily\tunavailable " + "x".repeat(1000);
    ProviderException e = failure(new MockResponse.Builder().code(503)
        .setHeader("Content-Type", "text/plain").body(page).build());

    assertThat(e.getMessage()).startsWith("HTTP 503 Service temporarily unavailable xxx")
        .endsWith("… from acedata").doesNotContain("\n", "\r", "\t").hasSizeLessThan(260);
  }

  @Test
  @DisplayName("301 from an http→https front door names the Location and the base URL to set")
  void movedPermanently() {
    ProviderException e = failure(new MockResponse.Builder().code(301)
        .setHeader("Location", "https://api.acedata.cloud/openai/images/edits")
        .setHeader("Server", "nginx/1.22.1").body(NGINX_413.replace("413 Request Entity Too Large", "301 Moved Permanently")).build());

    assertThat(e).isInstanceOf(RedirectException.class);
    RedirectException moved = (RedirectException) e;
    assertThat(moved.location()).isEqualTo("https://api.acedata.cloud/openai/images/edits");
    assertThat(moved.suggestedBaseUrl()).isEqualTo("https://api.acedata.cloud");
    assertThat(moved.getMessage()).isEqualTo("acedata answered HTTP 301 → https://api.acedata.cloud/openai"
        + "/images/edits; set baseUrl(\"https://api.acedata.cloud\")");
    assertThat(moved.isTransient()).isFalse();
  }

  @Test
  @DisplayName("308 from a moved API names the new root, with its path prefix")
  void permanentRedirect() {
    ProviderException e = failure(new MockResponse.Builder().code(308)
        .setHeader("Location", "https://edge.example.com/acedata/openai/images/edits").build());

    RedirectException moved = (RedirectException) e;
    assertThat(moved.suggestedBaseUrl()).isEqualTo("https://edge.example.com/acedata");
    assertThat(moved.getMessage()).endsWith("; set baseUrl(\"https://edge.example.com/acedata\")");
  }

  @Test
  @DisplayName("a redirect to somewhere that is not the edit path names it and says what to set")
  void redirectElsewhere() {
    RedirectException moved = (RedirectException) failure(new MockResponse.Builder().code(302)
        .setHeader("Location", "https://login.example.com/").build());

    assertThat(moved.suggestedBaseUrl()).isNull();
    assertThat(moved.getMessage()).isEqualTo("acedata answered HTTP 302 → https://login.example.com/;"
        + " the base URL is not where the API answers: set baseUrl(...) to the API's root");
  }

  @Test
  @DisplayName("the SDK-style base URL AceData documents (…/openai) is not doubled")
  void sdkStyleBaseUrl() throws Exception {
    editAt("/openai");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/openai/images/edits");
  }

  @Test
  @DisplayName("…/openai/ with a trailing slash, and under a gateway's own prefix, is not doubled either")
  void sdkStyleBaseUrlUnderAPrefix() throws Exception {
    editAt("/openai/");
    editAt("/gateway/openai");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/openai/images/edits");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/gateway/openai/images/edits");
  }

  @Test
  @DisplayName("a base URL with an unrelated path keeps it in front of the edit path")
  void unrelatedPrefix() throws Exception {
    editAt("/open");
    assertThat(server.takeRequest().getTarget()).isEqualTo("/open/openai/images/edits");
  }
}
