package io.github.imageedits.cli;

import static io.github.imageedits.cli.ImageEditCommandTest.CANARY;
import static io.github.imageedits.cli.ImageEditCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.cli.ImageEditCommandTest.Run;
import io.github.imageedits.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool behind what stands in front of a provider: nginx's error pages, redirects, the
 * SDK-style base URL, and proxies from --proxy or the environment. MockWebServer plays the front
 * door and the proxy; nothing leaves loopback.
 */
@DisplayName("imageedit behind front doors and proxies")
class FrontDoorTest {
  static final String NGINX_413 = nginxPage("413 Request Entity Too Large");
  static final String NGINX_502 = nginxPage("502 Bad Gateway");

  /** nginx 1.22.1's own error page for {@code title} ("413 Request Entity Too Large"), byte for byte. */
  static String nginxPage(String title) {
    return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
        + "</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n";
  }

  @TempDir Path folder;
  Path house;
  final MockWebServer server = new MockWebServer();
  Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    server.start();
    house = TestImages.png(folder, "house.png", 64, 48);
    env = new HashMap<>(Map.of("IMAGEEDIT_PROVIDER", "acedata", "ACEDATA_API_TOKEN", CANARY));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Run edit(String baseUrl, String... more) {
    List<String> args = new ArrayList<>(List.of("edit", "--image", house.toString(), "--prompt", "p",
        "--out", folder.resolve("out").toString()));
    if (baseUrl != null) args.addAll(List.of("--base-url", baseUrl));
    args.addAll(List.of(more));
    return run(env, args.toArray(String[]::new));
  }

  /**
   * The proxy refuses every CONNECT; the tool tries a connection that failed before the upload
   * three times (RetryPolicy.defaults()), and an empty MockWebServer queue would wait forever.
   */
  void refuseTunnels() {
    for (int i = 0; i < 3; i++) server.enqueue(new MockResponse.Builder().code(403).build());
  }

  void enqueueImage() {
    byte[] png = TestImages.pngBytes("result", 8, 8);
    server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
        .body("{\"success\":true,\"created\":1,\"data\":[{\"b64_json\":\""
            + java.util.Base64.getEncoder().encodeToString(png) + "\"}]}").build());
  }

  static MockResponse nginx(int code, String page) {
    return new MockResponse.Builder().code(code).setHeader("Server", "nginx/1.22.1")
        .setHeader("Content-Type", "text/html").body(page).build();
  }

  @Test
  @DisplayName("nginx's 413 is one line on stderr and in --json: title and Server, not the HTML")
  void nginx413() {
    server.enqueue(nginx(413, NGINX_413));
    server.enqueue(nginx(413, NGINX_413));

    Run plain = edit(server.url("/").toString());
    Run json = edit(server.url("/").toString(), "--json");

    assertThat(plain.exitCode()).isEqualTo(3);
    assertThat(plain.stderr()).isEqualTo("imageedit: HTTP 413 Request Entity Too Large from nginx/1.22.1"
        + " in front of acedata" + System.lineSeparator());
    assertThat(json.stdout()).contains("\"message\":\"HTTP 413 Request Entity Too Large from nginx/1.22.1"
        + " in front of acedata\"").doesNotContain("\\r", "\\n", "<html>");
    plain.assertNoSecret();
  }

  @Test
  @DisplayName("nginx's 502 is one line too, and exits 4 (a failure, not a refusal)")
  void nginx502() {
    // The tool retries a 502 by default: every attempt meets the same page.
    for (int i = 0; i < 3; i++) server.enqueue(nginx(502, NGINX_502));

    Run run = edit(server.url("/").toString());

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.stderr().strip())
        .isEqualTo("imageedit: HTTP 502 Bad Gateway from nginx/1.22.1 in front of acedata");
  }

  @Test
  @DisplayName("301 from an http→https front door: where it points and the --base-url to use, exit 2")
  void redirect301() {
    server.enqueue(new MockResponse.Builder().code(301).setHeader("Server", "nginx/1.22.1")
        .setHeader("Location", "https://api.acedata.cloud/openai/images/edits").build());

    Run run = edit(server.url("/").toString());
    server.enqueue(new MockResponse.Builder().code(301)
        .setHeader("Location", "https://api.acedata.cloud/openai/images/edits").build());
    Run json = edit(server.url("/").toString(), "--json");

    assertThat(run.exitCode()).isEqualTo(ImageEditCommand.USAGE);
    assertThat(run.stderr().strip()).isEqualTo("imageedit: the API answered 301 →"
        + " https://api.acedata.cloud/openai/images/edits; use --base-url https://api.acedata.cloud;"
        + " nothing was edited");
    assertThat(json.exitCode()).isEqualTo(ImageEditCommand.USAGE);
    assertThat(json.stdout()).contains("\"kind\":\"redirect\"", "\"status\":301",
        "use --base-url https://api.acedata.cloud");
  }

  @Test
  @DisplayName("308 from a moved API: the new root, with its path")
  void redirect308() {
    server.enqueue(new MockResponse.Builder().code(308)
        .setHeader("Location", "https://edge.example.com/acedata/openai/images/edits").build());

    Run run = edit(server.url("/").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("the API answered 308 → https://edge.example.com/acedata/openai/images/edits;"
        + " use --base-url https://edge.example.com/acedata");
  }

  @Test
  @DisplayName("the base URL AceData documents for SDK users (…/openai) works as --base-url")
  void sdkStyleBaseUrl() throws Exception {
    enqueueImage();

    Run run = edit(server.url("/openai").toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(server.takeRequest().getTarget()).isEqualTo("/openai/images/edits");
  }

  @Test
  @DisplayName("HTTPS_PROXY from the environment carries the call (a CONNECT tunnel: the proxy never sees the key)")
  void httpsProxyFromTheEnvironment() throws Exception {
    refuseTunnels(); // the proxy refuses the tunnel
    env.put("HTTPS_PROXY", "http://127.0.0.1:" + server.getPort());

    Run run = edit(null); // AceData's own https address: only the proxy is ever contacted

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.stderr()).contains("CONNECT");
    RecordedRequest connect = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(connect.getMethod()).isEqualTo("CONNECT");
    assertThat(connect.getTarget()).isEqualTo("api.acedata.cloud:443");
    assertThat(connect.getHeaders().toString()).doesNotContain(CANARY);
    run.assertNoSecret();
  }

  @Test
  @DisplayName("--proxy wins over HTTPS_PROXY")
  void flagWinsOverEnvironment() throws Exception {
    int dead;
    try (MockWebServer closed = new MockWebServer()) {
      closed.start();
      dead = closed.getPort();
    }
    refuseTunnels();
    env.put("https_proxy", "http://127.0.0.1:" + dead);

    Run run = edit(null, "--proxy", "http://127.0.0.1:" + server.getPort());

    assertThat(run.stderr()).doesNotContain(":" + dead);
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getMethod()).isEqualTo("CONNECT");
  }

  @Test
  @DisplayName("a bad proxy value is a usage error naming where it came from; nothing is sent")
  void badProxy() {
    env.put("HTTPS_PROXY", "ftp://proxy.internal:21");

    Run run = edit(server.url("/").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("HTTPS_PROXY uses 'ftp', which is not supported");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  @DisplayName("a loopback --base-url goes direct even with a proxy set")
  void loopbackBypasses() throws Exception {
    enqueueImage();
    env.put("HTTPS_PROXY", "http://203.0.113.9:3128"); // never contacted
    env.put("HTTP_PROXY", "http://203.0.113.9:3128");

    Run run = edit(server.url("/").toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.list(folder.resolve("out"))).hasSize(1);
  }
}
