package io.github.imageedits.cli;

import static io.github.imageedits.cli.ImageEditCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.emulator.ReceivedEdit;
import io.github.imageedits.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --provider gemini}, its key from GEMINI_API_KEY, editing through the emulator's Gemini dialect. */
@DisplayName("imageedit with --provider gemini")
class GeminiCliTest {
  private static final String KEY = "gemini-cli-key-not-a-secret";

  @TempDir Path folder;
  private Path out;
  private Path house;
  private ProviderEmulator emulator;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    out = Files.createDirectory(folder.resolve("out"));
    house = TestImages.png(folder, "house.png", 96, 64);
    emulator = ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.GEMINI).token(KEY).build();
    base = emulator.start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  @DisplayName("edits through generateContent with the key in x-goog-api-key, saving the inline image and saying how the size was adapted")
  void edits() throws Exception {
    ImageEditCommandTest.Run run = run(Map.of("GEMINI_API_KEY", KEY), "edit", "--provider", "gemini",
        "--base-url", base.toString(), "--image", house.toString(), "--prompt", "Paint the roof blue",
        "--size", "1536x1024", "--out", out.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    Path saved = Path.of(run.stdout().strip());
    assertThat(saved).exists().hasParent(out.toAbsolutePath());
    assertThat(saved.toString()).endsWith(".png");
    BufferedImage image = ImageIO.read(saved.toFile());
    assertThat((double) image.getWidth() / image.getHeight()).isBetween(1.4, 1.6);
    assertThat(run.stderr()).contains("warning: size", "sent as aspectRatio 3:2")
        .doesNotContain("dropped size").doesNotContain(KEY);
    ReceivedEdit received = emulator.receivedEdits().get(0);
    assertThat(received.path()).isEqualTo("/v1beta/models/gemini-2.5-flash-image:generateContent");
    assertThat(received.authorized()).isTrue(); // by x-goog-api-key, the header Gemini reads
    assertThat(received.headers()).containsKey("x-goog-api-key").doesNotContainKey("authorization");
    assertThat(received.fields()).containsEntry("aspectRatio", "3:2").containsEntry("prompt", "Paint the roof blue");
    assertThat(received.files()).hasSize(1);
  }

  @Test
  @DisplayName("a blocked prompt is a refusal by the provider (exit 3) naming Gemini's block reason")
  void blocked() {
    ImageEditCommandTest.Run run = run(Map.of("GEMINI_API_KEY", KEY), "edit", "--provider", "gemini",
        "--base-url", base.toString(), "--image", house.toString(), "--prompt", "do it #blocked",
        "--out", out.toString());
    assertThat(run.exitCode()).isEqualTo(ImageEditCommand.REFUSED);
    assertThat(run.stderr()).contains("PROHIBITED_CONTENT");
  }

  @Test
  @DisplayName("without GEMINI_API_KEY it names the variable and sends nothing")
  void needsKey() {
    ImageEditCommandTest.Run run = run(Map.of(), "edit", "--provider", "gemini", "--base-url", base.toString(),
        "--image", house.toString(), "--prompt", "p", "--out", out.toString());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stderr()).contains("GEMINI_API_KEY");
    assertThat(emulator.receivedEdits()).isEmpty();
  }

  @Test
  @DisplayName("models --provider gemini lists Google's image models, marking size as adapted and mask as rejected")
  void models() {
    ImageEditCommandTest.Run run = run(Map.of(), "models", "--provider", "gemini");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).startsWith("gemini").contains("gemini-2.5-flash-image", "gemini-3-pro-image-preview",
        "gemini-3.1-flash-image-preview", "~size", "!mask", "~name is adapted");
  }
}
