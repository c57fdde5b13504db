package io.github.imageedits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.emulator.ReceivedEdit;
import io.github.imageedits.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --provider fal}: the key from FAL_KEY, an edit through the emulator's fal queue, the table. */
@DisplayName("imageedit --provider fal")
class FalProviderTest {
  @TempDir Path folder;

  record Run(int exitCode, String stdout, String stderr) {}

  static Run run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ImageEditCommand.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true), false);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  @DisplayName("edit submits to the queue, polls and saves the result; the key comes from FAL_KEY and is never printed")
  void editThroughTheQueue() throws Exception {
    Path house = TestImages.png(folder, "house.png", 96, 64);
    try (ProviderEmulator emulator = ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.FAL)
        .token("fal-cli-key-7Hq2").build()) {
      String base = emulator.start().toString();
      Run run = run(Map.of("FAL_KEY", "fal-cli-key-7Hq2"), "edit", "--provider", "fal", "--base-url", base,
          "--image", house.toString(), "--prompt", "Paint the roof blue", "--out", folder.resolve("out").toString());

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      Path saved = Path.of(run.stdout().strip());
      assertThat(saved).exists().hasParent(folder.resolve("out"));
      BufferedImage image = ImageIO.read(saved.toFile());
      assertThat(image.getWidth()).isEqualTo(96);
      assertThat(image.getHeight()).isEqualTo(64);
      assertThat(run.stdout() + run.stderr()).doesNotContain("fal-cli-key-7Hq2");

      ReceivedEdit submit = emulator.receivedEdits().get(0);
      assertThat(submit.path()).isEqualTo("/fal-ai/flux-pro/kontext");
      assertThat(submit.authorized()).isTrue();
      assertThat(submit.field("prompt")).isEqualTo("Paint the roof blue");
      assertThat(submit.imageUrls()).singleElement().satisfies(u -> assertThat(u).startsWith("data:image/png;base64,"));
      // The submission, at least one status poll, the result, and the download of the image.
      assertThat(emulator.requestCount()).isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  @DisplayName("without FAL_KEY the edit is refused, naming the variable")
  void needsTheKey() {
    Run run = run(Map.of(), "edit", "--provider", "fal", "--image", folder.resolve("x.png").toString(),
        "--prompt", "x");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("FAL_KEY");
  }

  @Test
  @DisplayName("models --provider fal lists fal's edit endpoints without sending anything")
  void models() {
    Run run = run(Map.of(), "models", "--provider", "fal");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("fal-ai/flux-pro/kontext", "fal-ai/flux-pro/kontext/max/multi",
        "fal-ai/nano-banana/edit", "fal-ai/nano-banana-pro/edit", "fal-ai/gpt-image-1/edit-image",
        "fal-ai/gpt-image-1.5/edit", "MODEL");
  }
}
