package io.github.imageedits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.testkit.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code imageedit} tool, run in-process with its own stdout, stderr and environment,
 * against the sandbox emulator and against MockWebServer standing in for AceData.
 */
@DisplayName("imageedit")
class ImageEditCommandTest {
  /** A key that must never be printed, whatever happens. */
  static final String CANARY = "sk-canary-7f3e9a1b";

  @TempDir Path folder;
  Path out;
  Path house;

  @BeforeEach
  void files() throws Exception {
    out = Files.createDirectory(folder.resolve("out"));
    house = TestImages.png(folder, "house.png", 96, 64);
  }

  record Run(int exitCode, String stdout, String stderr) {
    void assertNoSecret() {
      assertThat(stdout).doesNotContain(CANARY);
      assertThat(stderr).doesNotContain(CANARY);
    }
  }

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ImageEditCommand.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true), false);
    return new Run(code, out.toString(), err.toString());
  }

  @Nested
  @DisplayName("on the sandbox (the default provider)")
  class Sandbox {
    @Test
    @DisplayName("edits the image and prints the path of a new file with the real extension")
    void edits() throws Exception {
      Run run = run(Map.of(), "edit", "--image", house.toString(), "--prompt", "Paint the roof blue",
          "--out", out.toString());

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      Path saved = Path.of(run.stdout().strip());
      assertThat(saved).exists().hasParent(out.toAbsolutePath());
      assertThat(saved.toString()).endsWith(".png");
      assertThat(ImageIO.read(saved.toFile()).getWidth()).isEqualTo(96);
    }

    @Test
    @DisplayName("never overwrites: the same edit twice gives two files, an existing file untouched")
    void neverOverwrites() throws Exception {
      String[] args = {"edit", "--image", house.toString(), "--prompt", "p", "--out", out.toString()};
      Run first = run(Map.of(), args);
      Path existing = Path.of(first.stdout().strip());
      byte[] before = Files.readAllBytes(existing);
      // The emulator's ids restart with each run, so the second run wants the same name.
      Run second = run(Map.of(), args);

      assertThat(second.exitCode()).isZero();
      assertThat(Path.of(second.stdout().strip())).isNotEqualTo(existing).exists();
      assertThat(Files.readAllBytes(existing)).isEqualTo(before);
      try (Stream<Path> files = Files.list(out)) {
        assertThat(files.count()).isEqualTo(2);
      }
    }

    @Test
    @DisplayName("--json prints exactly one JSON object with the documented keys")
    void json() {
      Run run = run(Map.of(), "edit", "--image", house.toString(), "--prompt", "p", "--out",
          out.toString(), "--json", "--size", "1024x1024");

      assertThat(run.exitCode()).isZero();
      String json = run.stdout().strip();
      assertThat(json).startsWith("{").endsWith("}").doesNotContain("\n");
      assertThat(json).contains("\"provider\":\"sandbox\"", "\"model\":\"gpt-image-1\"",
          "\"task_id\":", "\"trace_id\":", "\"created\":", "\"images\":[{\"file\":",
          "\"url\":null", "\"revised_prompt\":", "\"warnings\":[]");
    }

    @Test
    @DisplayName("bad input exits 2 with every violation, and nothing is sent")
    void invalid() {
      Run run = run(Map.of(), "edit", "--image", folder.resolve("missing.png").toString(),
          "--prompt", " ", "--model", "dall-e-2", "--n", "11", "--json");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.stdout()).contains("\"kind\":\"validation\"", "\"field\":\"prompt\"",
          "\"field\":\"image[0]\"", "\"field\":\"n\"");
    }

    @Test
    @DisplayName("bad usage exits 2 with the usage message")
    void usage() {
      Run run = run(Map.of(), "edit", "--prompt", "no image");
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.stderr()).contains("--image");
    }

    @Test
    @DisplayName("models prints the capability table without sending anything")
    void models() {
      Run run = run(Map.of(), "models", "--provider", "chainhub");
      assertThat(run.exitCode()).isZero();
      assertThat(run.stdout()).contains("gpt-image-1", "flux-kontext-pro", "MODEL");
    }

    @Test
    @DisplayName("models works for the sandbox, named or by default: AceData's table, called the sandbox")
    void modelsOfTheSandbox() {
      Run named = run(Map.of(), "models", "--provider", "sandbox");
      Run byDefault = run(Map.of(), "models");

      assertThat(named.exitCode()).as(named.stderr()).isZero();
      assertThat(byDefault.exitCode()).as(byDefault.stderr()).isZero();
      assertThat(byDefault.stdout()).isEqualTo(named.stdout());
      assertThat(named.stdout()).startsWith("sandbox (the local emulator of acedata; nothing leaves this machine)")
          .contains("gpt-image-1", "MODEL");
    }

    @Test
    @DisplayName("models explains its ! marks and prints every size in full")
    void modelsLegend() {
      Run run = run(Map.of(), "models", "--provider", "acedata");

      assertThat(run.stdout()).contains("!name is rejected by the provider", "a name is ignored by the model")
          .doesNotContain("…");
      // dall-e-2 offers exactly three sizes; all of them are on its row.
      assertThat(run.stdout().lines().filter(l -> l.startsWith("dall-e-2 ")).findFirst().orElseThrow())
          .contains(" 1024x1024,256x256,512x512 ");
    }

    @Test
    @DisplayName("--version prints the project version from the build")
    void version() {
      Run run = run(Map.of(), "--version");

      assertThat(run.exitCode()).isZero();
      assertThat(run.stdout().strip()).isEqualTo("imageedit " + System.getProperty("project.version"))
          .doesNotContain("unknown");
    }

    @Test
    @DisplayName("the sandbox names itself in its messages, never the adapter behind it")
    void sandboxSpeaksForItself() {
      Run plain = run(Map.of(), "edit", "--image", house.toString(), "--prompt", "p",
          "--model", "dall-e-2", "--n", "11");
      Run json = run(Map.of(), "edit", "--image", house.toString(), "--prompt", "p",
          "--model", "dall-e-2", "--n", "11", "--json");

      assertThat(plain.exitCode()).isEqualTo(2);
      assertThat(plain.stderr()).contains("provider sandbox").doesNotContain("acedata");
      assertThat(json.stdout()).contains("provider sandbox").doesNotContain("acedata");
    }

    @Test
    @DisplayName("without --out, results go to out/ in the current folder, and the tool says so")
    void defaultOutputFolder() throws Exception {
      // A real process, so that "the current folder" is one this test owns.
      Path work = Files.createDirectory(folder.resolve("work"));
      Process tool = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), ImageEditCommand.class.getName(),
          "edit", "--image", house.toString(), "--prompt", "Paint the roof blue")
          .directory(work.toFile())
          .start();
      byte[] stdout = tool.getInputStream().readAllBytes();
      String stderr = new String(tool.getErrorStream().readAllBytes());
      assertThat(tool.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      assertThat(tool.exitValue()).as(stderr).isZero();
      Path saved = work.resolve(new String(stdout).strip());
      assertThat(saved).exists().hasParent(work.resolve("out").toAbsolutePath());
      assertThat(stderr).contains("saved in out" + java.io.File.separator + " (the default folder");
      try (Stream<Path> files = Files.list(work)) {
        assertThat(files).containsExactly(work.resolve("out"));
      }
    }
  }

  @Nested
  @DisplayName("against AceData's wire (MockWebServer)")
  class AceData {
    MockWebServer server;
    Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
      server = new MockWebServer();
      server.start();
      env = new HashMap<>(Map.of("IMAGEEDIT_PROVIDER", "acedata", "ACEDATA_API_TOKEN", CANARY));
    }

    @AfterEach
    void stop() {
      server.close();
    }

    String[] edit(String... more) {
      List<String> args = new java.util.ArrayList<>(List.of("edit", "--image", house.toString(),
          "--prompt", "p", "--out", out.toString(), "--base-url", server.url("/").toString()));
      args.addAll(List.of(more));
      return args.toArray(String[]::new);
    }

    @Test
    @DisplayName("downloads a url result without sending the token to the result host")
    void downloadsUrlResults() throws Exception {
      byte[] png = TestImages.pngBytes("result", 20, 10);
      try (MockWebServer cdn = new MockWebServer()) {
        cdn.start();
        cdn.enqueue(new MockResponse.Builder().setHeader("Content-Type", "image/png")
            .body(new okio.Buffer().write(png)).build());
        server.enqueue(json(200, "{\"success\":true,\"task_id\":\"t-1\",\"trace_id\":\"tr-1\","
            + "\"created\":1,\"data\":[{\"url\":\"" + cdn.url("/cdn/r.png") + "\"}]}"));

        Run run = run(env, edit("--json"));

        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        RecordedRequest download = cdn.takeRequest();
        assertThat(download.getHeaders().get("Authorization")).isNull();
        assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + CANARY);
        Path saved = out.resolve("edited-t-1.png");
        assertThat(Files.readAllBytes(saved)).isEqualTo(png);
        assertThat(run.stdout()).contains("\"task_id\":\"t-1\"", "edited-t-1.png", "/cdn/r.png");
        run.assertNoSecret();
      }
    }

    @Test
    @DisplayName("a provider refusal exits 3; --json carries status, code, message and trace id")
    void refused() {
      server.enqueue(json(401, "{\"success\":false,\"error\":{\"code\":\"invalid_token\","
          + "\"message\":\"token invalid\"},\"trace_id\":\"tr-401\"}"));

      Run run = run(env, edit("--json"));

      assertThat(run.exitCode()).isEqualTo(3);
      assertThat(run.stdout()).contains("\"kind\":\"provider\"", "\"status\":401",
          "\"code\":\"invalid_token\"", "\"trace_id\":\"tr-401\"");
      run.assertNoSecret();
    }

    @Test
    @DisplayName("a provider failure (5xx) exits 4")
    void providerFailure() {
      server.enqueue(json(500, "{\"success\":false,\"error\":{\"code\":\"api_error\","
          + "\"message\":\"fetch failed\"},\"trace_id\":\"tr-500\"}"));

      Run run = run(env, edit());

      assertThat(run.exitCode()).isEqualTo(4);
      assertThat(run.stderr()).contains("api_error", "tr-500");
      run.assertNoSecret();
    }

    @Test
    @DisplayName("a network failure exits 4 with kind transport")
    void networkFailure() {
      String url = server.url("/").toString();
      server.close(); // nothing listens there any more

      Run run = run(env, "edit", "--image", house.toString(), "--prompt", "p", "--out",
          out.toString(), "--base-url", url, "--json");

      assertThat(run.exitCode()).isEqualTo(4);
      assertThat(run.stdout()).contains("\"kind\":\"transport\"");
      run.assertNoSecret();
    }

    @Test
    @DisplayName("--callback-url prints the task id and exits 0 at once")
    void callback() throws Exception {
      server.enqueue(json(200, "{\"task_id\":\"6a97bf49-df50-4129-9e46-119aa9fca73c\"}"));

      Run run = run(env, edit("--callback-url", "https://hooks.example/imageedit"));

      assertThat(run.exitCode()).isZero();
      assertThat(run.stdout()).contains("6a97bf49-df50-4129-9e46-119aa9fca73c");
      assertThat(server.takeRequest().getBody().utf8()).contains("https://hooks.example/imageedit");
    }

    @Test
    @DisplayName("an interrupt (SIGINT) while waiting for the provider exits 130")
    void interrupted() throws Exception {
      server.enqueue(json(200, "{}").newBuilder()
          .headersDelay(1, java.util.concurrent.TimeUnit.MINUTES).build());
      ProcessBuilder builder = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), ImageEditCommand.class.getName())
          .redirectErrorStream(true);
      builder.command().addAll(List.of(edit()));
      builder.environment().putAll(env);
      Process tool = builder.start();
      try {
        // Wait until the request is on the wire, then interrupt as a terminal's Ctrl-C would.
        assertThat(server.takeRequest(30, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(tool.pid())).start();
        assertThat(kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(tool.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(tool.exitValue()).isEqualTo(130);
        assertThat(new String(tool.getInputStream().readAllBytes())).doesNotContain(CANARY);
      } finally {
        tool.destroyForcibly();
      }
    }

    @Test
    @DisplayName("a missing token names the variable; nothing is sent")
    void missingToken() {
      Run run = run(Map.of("IMAGEEDIT_PROVIDER", "acedata"), edit());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.stderr()).contains("ACEDATA_API_TOKEN");
      assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("plain http to a host that is not loopback is refused; nothing is sent")
    void plainHttpRefused() {
      Run run = run(env, "edit", "--image", house.toString(), "--prompt", "p",
          "--base-url", "http://203.0.113.7/");
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.stderr()).contains("plain http");
      run.assertNoSecret();
    }
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
  }
}
