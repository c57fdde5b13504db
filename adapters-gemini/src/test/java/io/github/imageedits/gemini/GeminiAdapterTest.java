package io.github.imageedits.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.imageedits.ApiKey;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageData;
import io.github.imageedits.ImageSize;
import io.github.imageedits.ModerationException;
import io.github.imageedits.Violation;
import io.github.imageedits.capability.RequestValidator;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import io.github.imageedits.testkit.TestImages;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the kits do not pin: the size mapping to aspect ratio and tier per model, the warning that
 * says what was sent, the reply keys declared for decoding, the model's path segment, snake_case
 * replies, and a finishReason for safety beside an image.
 */
@DisplayName("The Gemini adapter")
class GeminiAdapterTest {
  @TempDir Path dir;
  private final Gemini gemini = new Gemini();
  private final ProviderContext context = new ProviderContext(URI.create("https://generativelanguage.googleapis.com"),
      ApiKey.of("k-123"));

  private PreparedEdit prepare(String model, String size) throws IOException {
    EditRequest.Builder request = EditRequest.builder().model(model).prompt("p")
        .image(TestImages.png(dir, "a.png", 16, 16));
    if (size != null) request.size(ImageSize.parse(size));
    return RequestValidator.prepare(request.build(), gemini.capabilities(), (r, c, infos, mask, warnings) ->
        PreparedEdit.builder(r, c).imageInfos(infos).warnings(warnings).build());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> imageConfig(WireRequest wire) {
    Map<String, Object> generation = (Map<String, Object>) ((WireRequest.Json) wire.body()).fields().get("generationConfig");
    return (Map<String, Object>) generation.getOrDefault("imageConfig", Map.of());
  }

  @Test
  @DisplayName("maps sizes to the exact aspect ratio and the nearest tier, and omits imageSize for the 1K-only model")
  void sizes() throws IOException {
    assertThat(imageConfig(gemini.toWire(prepare("gemini-3-pro-image-preview", "1024x1024"), context)))
        .isEqualTo(Map.of("aspectRatio", "1:1", "imageSize", "1K"));
    assertThat(imageConfig(gemini.toWire(prepare("gemini-3-pro-image-preview", "1536x1024"), context)))
        .isEqualTo(Map.of("aspectRatio", "3:2", "imageSize", "1K"));
    assertThat(imageConfig(gemini.toWire(prepare("gemini-3-pro-image", "2048x2048"), context)))
        .isEqualTo(Map.of("aspectRatio", "1:1", "imageSize", "2K"));
    assertThat(imageConfig(gemini.toWire(prepare("gemini-3.1-flash-image", "4096x2304"), context)))
        .isEqualTo(Map.of("aspectRatio", "16:9", "imageSize", "4K"));
    assertThat(imageConfig(gemini.toWire(prepare("gemini-2.5-flash-image", "1024x1536"), context)))
        .isEqualTo(Map.of("aspectRatio", "2:3"));
    assertThat(imageConfig(gemini.toWire(prepare("gemini-2.5-flash-image", "auto"), context))).isEmpty();
    assertThat(imageConfig(gemini.toWire(prepare("gemini-2.5-flash-image", null), context))).isEmpty();
  }

  @Test
  @DisplayName("sends to the model's generateContent with the key in x-goog-api-key, declaring inlineData.data as base64 images")
  void wire() throws IOException {
    WireRequest wire = gemini.toWire(prepare("gemini-3-pro-image-preview", null), context);
    assertThat(wire.url()).isEqualTo(URI.create(
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-3-pro-image-preview:generateContent"));
    assertThat(wire.headers()).containsEntry("x-goog-api-key", "k-123").doesNotContainKey("Authorization");
    assertThat(wire.toString()).doesNotContain("k-123");
    assertThat(wire.base64ImageKeys()).containsExactlyInAnyOrder("inlineData.data", "inline_data.data");
    WireRequest odd = gemini.toWire(prepare("tunedModels/my model", null), context);
    assertThat(odd.url().getRawPath()).isEqualTo("/v1beta/models/tunedModels%2Fmy%20model:generateContent");
  }

  @Test
  @DisplayName("puts on the result one warning for the adapted size, saying what was sent")
  void warning() throws IOException {
    PreparedEdit edit = prepare("gemini-3-pro-image-preview", "1536x1024");
    assertThat(edit.warnings()).extracting(Violation::field).containsExactly("size");
    EditResult result = gemini.readReply(edit, reply(Map.of("candidates", List.of(Map.of("content",
        Map.of("parts", List.of(Map.of("inlineData", Map.of("mimeType", "image/png", "data", ImageData.ofBytes(png()))))))))));
    assertThat(result.warnings()).hasSize(1);
    assertThat(result.warnings().get(0).message())
        .contains("1536x1024", "sent as aspectRatio 3:2, imageSize 1K", "provider gemini");

    PreparedEdit auto = prepare("gemini-2.5-flash-image", "auto");
    EditResult automatic = gemini.readReply(auto, reply(Map.of("candidates", List.of(Map.of("content",
        Map.of("parts", List.of(Map.of("inline_data", Map.of("mime_type", "image/png", "data", ImageData.ofBytes(png()))))))))));
    assertThat(automatic.images()).hasSize(1);
    assertThat(automatic.warnings()).singleElement().extracting(Violation::limit).asString().startsWith("not sent");
  }

  @Test
  @DisplayName("reads a snake_case reply with a base64 string, and keeps an image even when the candidate has a finish reason")
  void snakeCase() throws IOException {
    String base64 = java.util.Base64.getEncoder().encodeToString(png());
    EditResult result = gemini.readReply(prepare("gemini-2.5-flash-image", null), reply(Map.of("candidates", List.of(
        Map.of("content", Map.of("parts", List.of(Map.of("inline_data", Map.of("mime_type", "image/png", "data", base64)))),
            "finishReason", "MAX_TOKENS")))));
    assertThat(result.images().get(0).data().bytes()).isEqualTo(png());
    assertThat(result.usage()).isNull();
  }

  @Test
  @DisplayName("turns a candidate stopped for SAFETY with no image into a ModerationException")
  void safety() {
    Throwable thrown = catchThrowable(() -> gemini.readReply(prepare("gemini-2.5-flash-image", null),
        reply(Map.of("candidates", List.of(Map.of("finishReason", "SAFETY"))))));
    assertThat(thrown).isInstanceOf(ModerationException.class).hasMessageContaining("SAFETY");
  }

  private static WireReply reply(Object json) {
    return new WireReply(200, Map.of(), json, null);
  }

  private static byte[] png() {
    return TestImages.pngBytes("gemini-adapter", 8, 8);
  }

  @Test
  @DisplayName("is found by its name, with the Gemini API's root as its default base URL")
  void identity() {
    assertThat(gemini.name()).isEqualTo(Gemini.NAME).isEqualTo("gemini");
    assertThat(gemini.defaultBaseUrl()).isEqualTo(URI.create("https://generativelanguage.googleapis.com"));
    assertThat(gemini.capabilities().models().keySet()).containsAll(Set.of("gemini-2.5-flash-image",
        "gemini-3-pro-image-preview", "gemini-3.1-flash-image-preview"));
  }
}
