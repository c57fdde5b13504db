package io.github.imageedits.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageSize;
import io.github.imageedits.ModerationException;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.Violation;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.testkit.EmulatorExtension;
import io.github.imageedits.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The adapter, found by name, through the real client and transport against the emulator's Gemini dialect. */
@DisplayName("Gemini through the emulator")
class GeminiThroughEmulatorTest {
  @RegisterExtension static final EmulatorExtension EMULATOR = EmulatorExtension.gemini();
  @TempDir Path dir;

  private ImageEditClient client() {
    return ImageEdits.builder().provider(Gemini.NAME).apiKey(EMULATOR.token())
        .baseUrl(EMULATOR.baseUrl().toString()).build();
  }

  @Test
  @DisplayName("edits two images into one in the requested ratio and tier, with the size's warning, as check() foretold")
  void edits() throws Exception {
    EditRequest request = EditRequest.builder().model("gemini-3-pro-image-preview").prompt("Put the cat on the sofa")
        .image(TestImages.png(dir, "cat.png", 64, 48)).image(TestImages.jpeg(dir, "sofa.jpg", 48, 64))
        .size(ImageSize.of(2048, 2048)).build();
    try (ImageEditClient client = client()) {
      ValidationReport report = client.check(request);
      assertThat(report.errors()).isEmpty();
      assertThat(report.warnings()).extracting(Violation::field).containsExactly("size");
      try (EditResult result = client.edit(request)) {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(result.images().get(0).data().bytes()));
        assertThat(image.getWidth()).isEqualTo(2048);
        assertThat(image.getHeight()).isEqualTo(2048);
        assertThat(result.warnings()).singleElement().extracting(Violation::limit).asString()
            .startsWith("sent as aspectRatio 1:1, imageSize 2K");
        assertThat(result.usage().totalTokens()).isPositive();
        assertThat(result.traceId()).as("Gemini's responseId").isNotBlank();
      }
    }
    assertThat(EMULATOR.emulator().receivedEdits()).last().satisfies(edit -> {
      assertThat(edit.fields()).containsEntry("imageSize", "2K").containsEntry("aspectRatio", "1:1");
      assertThat(edit.files()).hasSize(2);
      assertThat(edit.status()).isEqualTo(200);
    });
  }

  @Test
  @DisplayName("a blocked prompt and a withheld image are ModerationExceptions, a wrong key an AuthenticationException")
  void refusals() {
    EditRequest.Builder request = EditRequest.builder().model("gemini-2.5-flash-image")
        .image(TestImages.png(dir, "cat.png", 32, 32));
    try (ImageEditClient client = client()) {
      assertThat(catchThrowable(() -> client.edit(request.prompt("do it #blocked").build())))
          .isInstanceOf(ModerationException.class).hasMessageContaining("PROHIBITED_CONTENT");
      assertThat(catchThrowable(() -> client.edit(request.prompt("do it #image-safety").build())))
          .isInstanceOf(ModerationException.class).hasMessageContaining("IMAGE_SAFETY");
    }
    try (ImageEditClient wrong = ImageEdits.builder().provider(Gemini.NAME).apiKey("wrong")
        .baseUrl(EMULATOR.baseUrl().toString()).build()) {
      assertThat(catchThrowable(() -> wrong.edit(request.prompt("p").build())))
          .isInstanceOf(io.github.imageedits.AuthenticationException.class).hasMessageContaining("API_KEY_INVALID");
    }
  }
}
