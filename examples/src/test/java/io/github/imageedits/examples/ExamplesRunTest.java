package io.github.imageedits.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageSize;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.emulator.Fault;
import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.emulator.ReceivedEdit;
import io.github.imageedits.testkit.EmulatorExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's examples against the emulator on loopback: the same code the README quotes
 * (ReadmeSnippetsTest), with {@code baseUrl} and the key pointing at the emulator.
 */
@DisplayName("The README's examples run against the emulator")
class ExamplesRunTest {
  @RegisterExtension static final EmulatorExtension ACEDATA = EmulatorExtension.aceData();
  @RegisterExtension static final EmulatorExtension CHAINHUB = EmulatorExtension.chainHub();
  @RegisterExtension static final EmulatorExtension GEMINI = EmulatorExtension.gemini();
  @RegisterExtension static final EmulatorExtension AZURE =
      EmulatorExtension.of(ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.AZURE));

  /** The example image the README shows; the module is the examples folder. */
  private static final Path HOUSE = Path.of("house.png");

  @TempDir Path dir;

  private static EditRequest request() {
    return EditRequest.builder().model("gpt-image-1").prompt("Paint the roof blue").image(HOUSE).build();
  }

  private static String url(EmulatorExtension emulator) {
    return emulator.baseUrl().toString();
  }

  @Test
  @DisplayName("quick start: the house on AceData, then the very same request on ChainHub")
  void quickStart() throws IOException {
    Path onAceData = QuickStart.editHouse("acedata", ACEDATA.token(), url(ACEDATA), HOUSE, dir);
    Path onChainHub = QuickStart.editHouse("chainhub", CHAINHUB.token(), url(CHAINHUB), HOUSE, dir);

    assertThat(onAceData).hasFileName("house-blue.png").isRegularFile();
    assertThat(onChainHub).as("a second save never overwrites").hasFileName("house-blue-1.png").isRegularFile();
    assertThat(Files.readAllBytes(onAceData)).startsWith(0x89, 'P', 'N', 'G');
    for (EmulatorExtension emulator : List.of(ACEDATA, CHAINHUB)) {
      assertThat(emulator.emulator().receivedEdits()).singleElement().satisfies(edit -> {
        assertThat(edit.field("prompt")).isEqualTo("Paint the roof blue");
        assertThat(edit.files()).extracting(ReceivedEdit.Part::size).containsExactly(Files.size(HOUSE));
      });
    }
  }

  @Test
  @DisplayName("the emulator from plain code")
  void emulatorFromCode() {
    String printed = stdout(() -> EmulatorFromCode.run(request()));
    assertThat(printed).contains("1 image(s) from chainhub").contains("Paint the roof blue");
  }

  @Test
  @DisplayName("Azure OpenAI: the same request to a named deployment, the key in api-key")
  void azure() {
    try (ImageEditClient client = Features.azure(url(AZURE), AZURE.token());
        EditResult result = client.edit(request())) {
      assertThat(result.provider()).isEqualTo("azure");
      assertThat(result.images()).hasSize(1);
    }
    assertThat(AZURE.emulator().receivedEdits()).singleElement().satisfies(edit -> {
      assertThat(edit.path()).startsWith("/openai/deployments/image-editor/images/edits");
      assertThat(edit.authorized()).isTrue();
    });
  }

  @Test
  @DisplayName("Gemini: the same request, size adapted with a warning")
  void gemini() {
    Features.gemini(request().toBuilder().size(ImageSize.parse("1536x1024")).build(), GEMINI.token(), url(GEMINI));
    assertThat(GEMINI.emulator().receivedEdits()).singleElement()
        .satisfies(edit -> assertThat(edit.path()).contains("gemini-2.5-flash-image:generateContent"));
  }

  @Test
  @DisplayName("check() lists what would be refused, and sends nothing")
  void check() {
    try (ImageEditClient client = ImageEdits.builder().provider("acedata").apiKey(ACEDATA.token())
        .baseUrl(url(ACEDATA)).build()) {
      assertThat(Features.check(client, request()).ok()).isTrue();
      // gpt-image-1 on AceData ignores n: dropped with a warning, or refused when strict.
      ValidationReport dropped = Features.check(client, request().toBuilder().n(2).build());
      assertThat(dropped.errors()).isEmpty();
      assertThat(dropped.warnings()).singleElement().satisfies(v -> assertThat(v.message()).contains("n 2"));
      ValidationReport refused = Features.check(client, request().toBuilder().n(2).strict().build());
      assertThat(refused.errors()).isNotEmpty();
    }
    assertThat(ACEDATA.emulator().requestCount()).isZero();
  }

  @Test
  @DisplayName("progress: the listener sees the upload")
  void progress() {
    String printed = stderr(() -> {
      try (ImageEditClient client = Features.progress(ACEDATA.token(), url(ACEDATA))) {
        client.edit(request()).close();
      }
    });
    assertThat(printed).contains("uploaded ").contains(" bytes");
  }

  @Test
  @DisplayName("fallback: AceData keeps failing with 503, ChainHub serves the edit")
  void fallback() {
    for (int i = 0; i < 3; i++) ACEDATA.emulator().enqueueFault(Fault.status(503));
    String printed = stdout(() -> assertThat(Features.fallback(request(), ACEDATA.token(), url(ACEDATA),
        CHAINHUB.token(), url(CHAINHUB))).isEqualTo("chainhub"));
    assertThat(printed).contains("served by chainhub");
    assertThat(ACEDATA.emulator().requestCount()).as("three attempts on AceData").isEqualTo(3);
  }

  @Test
  @DisplayName("retries: a 503 is retried and reported to the listener; RetryPolicy.none() sends once")
  void retries() {
    ACEDATA.emulator().enqueueFault(Fault.status(503));
    String printed = stderr(() -> Features.retries(request(), ACEDATA.token(), url(ACEDATA)));
    assertThat(ACEDATA.emulator().requestCount()).as("two attempts, then one").isEqualTo(3);
    assertThat(printed).contains("503");
  }

  @Test
  @DisplayName("submit: the result arrives by a callback to the built-in receiver")
  void submit() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    InetSocketAddress receiver = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    Path out = Path.of("out");
    try {
      Features.submit(request(), ACEDATA.token(), url(ACEDATA), receiver,
          "http://127.0.0.1:" + port + "/imageedits/callback");
      ReceivedEdit sent = ACEDATA.emulator().receivedEdits().get(0);
      assertThat(sent.field("callback_url")).startsWith("http://127.0.0.1:" + port + "/imageedits/callback");
      assertThat(out.resolve("task-" + sent.taskId() + ".png")).isRegularFile();
    } finally {
      deleteFiles(out, "task-");
    }
  }

  @Test
  @DisplayName("streaming: partial images, then the final one, from OpenAI's event stream (scripted: the emulator does not stream)")
  void stream() throws Exception {
    byte[] png = Files.readAllBytes(HOUSE);
    String b64 = Base64.getEncoder().encodeToString(png);
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 2; i++) {
      events.append("event: image_edit.partial_image\n")
          .append("data: {\"type\":\"image_edit.partial_image\",\"b64_json\":\"").append(b64)
          .append("\",\"partial_image_index\":").append(i).append(",\"output_format\":\"png\"}\n\n");
    }
    events.append("event: image_edit.completed\n")
        .append("data: {\"type\":\"image_edit.completed\",\"b64_json\":\"").append(b64)
        .append("\",\"output_format\":\"png\",\"usage\":{\"input_tokens\":50,\"output_tokens\":4160,\"total_tokens\":4210}}\n\n");
    Path preview = Path.of("preview");
    Path out = Path.of("out");
    try (MockWebServer openAi = new MockWebServer()) {
      openAi.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/event-stream")
          .body(events.toString()).build());
      openAi.start(InetAddress.getLoopbackAddress(), 0);
      try (ImageEditClient client = ImageEdits.builder().provider("openai").apiKey("sk-example")
          .baseUrl("http://127.0.0.1:" + openAi.getPort()).build()) {
        Features.stream(client, request());
      }
      assertThat(openAi.takeRequest().getHeaders().get("Accept")).isEqualTo("text/event-stream");
      assertThat(preview.resolve("step-0.png")).isRegularFile();
      assertThat(preview.resolve("step-1.png")).isRegularFile();
      assertThat(out.resolve("final.png")).hasBinaryContent(png);
    } finally {
      deleteFiles(preview, "step-");
      deleteFiles(out, "final");
    }
  }

  /** Deletes what an example wrote into the module's folder ({@code out/} is ignored by git; {@code preview/} is not). */
  private static void deleteFiles(Path folder, String prefix) throws IOException {
    if (!Files.isDirectory(folder)) return;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) Files.delete(f);
    }
    try (Stream<Path> left = Files.list(folder)) {
      if (left.findAny().isEmpty()) Files.delete(folder);
    }
  }

  private static synchronized String stdout(Runnable body) {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static synchronized String stderr(Runnable body) {
    PrintStream saved = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setErr(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

}
