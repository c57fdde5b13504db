package io.github.imageedits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.emulator.ReceivedEdit;
import io.github.imageedits.testkit.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imageedit --provider azure}, run in-process against the emulator's Azure OpenAI dialect:
 * the endpoint, deployment and API version from options and environment variables.
 */
@DisplayName("imageedit --provider azure")
class AzureCliTest {
  @TempDir Path folder;
  private Path out;
  private Path house;
  private ProviderEmulator emulator;
  private Map<String, String> env;

  @BeforeEach
  void start() throws Exception {
    out = Files.createDirectory(folder.resolve("out"));
    house = TestImages.png(folder, "house.png", 96, 64);
    emulator = ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.AZURE)
        .token(ImageEditCommandTest.CANARY).build();
    emulator.start();
    env = new HashMap<>(Map.of("AZURE_OPENAI_API_KEY", ImageEditCommandTest.CANARY,
        "AZURE_OPENAI_ENDPOINT", emulator.baseUrl().toString()));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private ImageEditCommandTest.Run edit(String prompt, String... more) {
    String[] base = {"edit", "--provider", "azure", "--image", house.toString(), "--prompt", prompt,
        "--out", out.toString()};
    String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    ImageEditCommandTest.Run run = ImageEditCommandTest.run(env, args);
    run.assertNoSecret();
    return run;
  }

  @Test
  @DisplayName("edits through the v1 surface with the key in api-key and the endpoint from AZURE_OPENAI_ENDPOINT")
  void v1() throws Exception {
    ImageEditCommandTest.Run run = edit("Paint the roof blue");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    Path saved = Path.of(run.stdout().strip());
    assertThat(saved).exists().hasParent(out.toAbsolutePath());
    assertThat(ImageIO.read(saved.toFile()).getWidth()).isEqualTo(96);
    ReceivedEdit received = emulator.receivedEdits().get(0);
    assertThat(received.path()).isEqualTo("/openai/v1/images/edits");
    assertThat(received.authorized()).isTrue();
    assertThat(received.fields()).containsEntry("model", "gpt-image-1");
  }

  @Test
  @DisplayName("edits through a deployment with --azure-deployment, --azure-api-version and --base-url")
  void deploymentFromOptions() {
    env.remove("AZURE_OPENAI_ENDPOINT");
    ImageEditCommandTest.Run run = edit("Paint the roof blue", "--azure-deployment", "image-editor",
        "--azure-api-version", "2025-04-01-preview", "--base-url", emulator.baseUrl().toString(), "--json");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("\"provider\":\"azure\"");
    assertThat(emulator.receivedEdits()).extracting(ReceivedEdit::path)
        .containsExactly("/openai/deployments/image-editor/images/edits");
  }

  @Test
  @DisplayName("takes the deployment from AZURE_OPENAI_DEPLOYMENT")
  void deploymentFromEnvironment() {
    env.put("AZURE_OPENAI_DEPLOYMENT", "from-env");
    env.put("AZURE_OPENAI_API_VERSION", "2025-04-01-preview");
    assertThat(edit("Paint the roof blue").exitCode()).isZero();
    assertThat(emulator.receivedEdits()).extracting(ReceivedEdit::path)
        .containsExactly("/openai/deployments/from-env/images/edits");
  }

  @Test
  @DisplayName("runs a batch through the deployment that AZURE_OPENAI_* names, like an edit")
  void batch() throws Exception {
    env.put("AZURE_OPENAI_DEPLOYMENT", "from-env");
    Path photos = Files.createDirectory(folder.resolve("photos"));
    TestImages.png(photos, "a.png", 32, 32);
    TestImages.png(photos, "b.png", 32, 32);
    ImageEditCommandTest.Run run = ImageEditCommandTest.run(env, "batch", "--provider", "azure",
        "--images", photos.toString(), "--prompt", "Paint the roof blue", "--out", out.toString());
    run.assertNoSecret();

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(emulator.receivedEdits()).extracting(ReceivedEdit::path)
        .containsExactly("/openai/deployments/from-env/images/edits", "/openai/deployments/from-env/images/edits");
  }

  @Test
  @DisplayName("refuses a batch without the endpoint before anything is sent")
  void batchWithoutEndpoint() throws Exception {
    env.remove("AZURE_OPENAI_ENDPOINT");
    Path photos = Files.createDirectory(folder.resolve("photos"));
    TestImages.png(photos, "a.png", 32, 32);
    ImageEditCommandTest.Run run = ImageEditCommandTest.run(env, "batch", "--provider", "azure",
        "--images", photos.toString(), "--prompt", "Paint the roof blue", "--out", out.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr() + run.stdout()).contains("AZURE_OPENAI_ENDPOINT");
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  @DisplayName("exits 3 when Azure's content filter refuses the prompt")
  void contentFilter() {
    ImageEditCommandTest.Run run = edit("A " + ProviderEmulator.CONTENT_FILTER_WORD + " scene", "--json");
    assertThat(run.exitCode()).isEqualTo(ImageEditCommand.REFUSED);
    assertThat(run.stdout()).contains("contentFilter", "Your task failed as a result of our safety system.");
  }

  @Test
  @DisplayName("exits 2 without an endpoint or with Azure options for another provider, sending nothing")
  void usage() {
    env.remove("AZURE_OPENAI_ENDPOINT");
    ImageEditCommandTest.Run run = edit("p");
    assertThat(run.exitCode()).isEqualTo(ImageEditCommand.USAGE);
    assertThat(run.stderr() + run.stdout()).contains("AZURE_OPENAI_ENDPOINT");
    ImageEditCommandTest.Run other = ImageEditCommandTest.run(Map.of(), "edit", "--image", house.toString(),
        "--prompt", "p", "--azure-deployment", "x", "--out", out.toString());
    assertThat(other.exitCode()).isEqualTo(ImageEditCommand.USAGE);
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  @DisplayName("models --provider azure lists Azure's table, without WEBP")
  void models() {
    ImageEditCommandTest.Run run = ImageEditCommandTest.run(Map.of(), "models", "--provider", "azure");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).startsWith("azure").contains("gpt-image-1 ", "gpt-image-1-mini", "gpt-image-1.5",
        "streaming", "!response_format");
    assertThat(run.stdout().lines().filter(l -> l.startsWith("gpt-image-1"))).allMatch(l -> l.contains("png,jpg"))
        .noneMatch(l -> l.contains("webp"));
  }
}
