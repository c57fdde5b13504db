package io.github.imageedits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.testkit.TestImages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line tool, run in-process against a MockWebServer with a canary token: whatever
 * happens, the token is sent as the bearer credential and never printed, and it is read only from
 * the provider's documented variable.
 */
@DisplayName("imageedit never prints the token")
class CliCanaryTest {
  private static final String CANARY = "ace-canary-Q7w3Rr81x-not-a-real-token";

  @TempDir Path dir;
  private final MockWebServer server = new MockWebServer();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int run(Map<String, String> env, String... extra) {
    Path image = TestImages.png(dir, "house.png", 32, 32);
    List<String> args = new ArrayList<>(List.of("edit", "--image", image.toString(), "--prompt", "Paint the roof blue",
        "--base-url", "http://127.0.0.1:" + server.getPort(), "--out", dir.resolve("out").toString()));
    args.addAll(List.of(extra));
    return ImageEditCommand.run(args.toArray(String[]::new), env, new PrintWriter(out, true),
        new PrintWriter(err, true), false);
  }

  private static Map<String, String> aceData() {
    return Map.of("IMAGEEDIT_PROVIDER", "acedata", "ACEDATA_API_TOKEN", CANARY);
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
  }

  private void assertNoCanary() {
    assertThat(out.toString()).doesNotContain(CANARY).doesNotContain(CANARY.substring(4, 20));
    assertThat(err.toString()).doesNotContain(CANARY).doesNotContain(CANARY.substring(4, 20));
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the server").isNotNull();
    return request;
  }

  @Test
  @DisplayName("on success, plain and --json; the result is downloaded without the token")
  void success() throws Exception {
    for (String[] mode : new String[][] {{}, {"--json"}}) {
      String link = server.url("/cdn/result.png").toString();
      server.enqueue(json(200, "{\"success\":true,\"task_id\":\"t-1\",\"trace_id\":\"tr-1\",\"created\":1,"
          + "\"data\":[{\"url\":\"" + link + "\"}]}"));
      server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "image/png")
          .body(new Buffer().write(TestImages.pngBytes("result", 16, 16))).build());

      assertThat(run(aceData(), mode)).as(err.toString()).isZero();

      assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + CANARY);
      assertThat(take().getHeaders().get("Authorization")).as("the download carries no token").isNull();
    }
    try (Stream<Path> saved = Files.list(dir.resolve("out"))) {
      assertThat(saved).hasSize(2);
    }
    assertNoCanary();
  }

  @Test
  @DisplayName("when the provider refuses the token (exit 3), fails (exit 4) or the connection breaks (exit 4)")
  void failures() throws Exception {
    server.enqueue(json(401, "{\"success\":false,\"error\":{\"code\":\"invalid_token\",\"message\":\"Invalid token\"}}"));
    server.enqueue(new MockResponse.Builder().code(500).addHeader("Content-Type", "text/html")
        .body("<html>Internal Server Error</html>").build());
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());

    assertThat(run(aceData())).isEqualTo(3);
    assertThat(run(aceData(), "--json")).isEqualTo(4);
    assertThat(run(aceData())).isEqualTo(4);

    assertThat(err.toString()).contains("invalid_token").contains("may have processed");
    assertThat(out.toString()).contains("\"kind\":\"provider\"");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertNoCanary();
  }

  @Test
  @DisplayName("for ChainHub, whose key comes from CHAINHUB_API_KEY")
  void chainHub() throws Exception {
    server.enqueue(json(401, "{\"error\":{\"message\":\"Invalid API key\",\"type\":\"invalid_request_error\","
        + "\"code\":\"invalid_api_key\"}}"));

    assertThat(run(Map.of("CHAINHUB_API_KEY", CANARY), "--provider", "chainhub")).isEqualTo(3);

    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer " + CANARY);
    assertNoCanary();
  }

  @Test
  @DisplayName("and reads it from no other variable: a key elsewhere in the environment is not used")
  void onlyTheDocumentedVariable() {
    Map<String, String> env = Map.of("IMAGEEDIT_PROVIDER", "acedata", "OPENAI_API_KEY", CANARY,
        "CHAINHUB_API_KEY", CANARY);

    assertThat(run(env)).isEqualTo(2);

    assertThat(err.toString()).contains("set ACEDATA_API_TOKEN");
    assertThat(server.getRequestCount()).as("nothing was sent").isZero();
    assertNoCanary();
  }
}
