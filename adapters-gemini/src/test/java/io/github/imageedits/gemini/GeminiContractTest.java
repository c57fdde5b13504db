package io.github.imageedits.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.ImageSize;
import io.github.imageedits.ModerationException;
import io.github.imageedits.Option;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.Usage;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ErrorFixture;
import io.github.imageedits.testkit.ProviderContractKit;
import io.github.imageedits.testkit.ProviderProfile;
import io.github.imageedits.testkit.RecordedEdit;
import io.github.imageedits.testkit.ReplyFixture;
import io.github.imageedits.testkit.RequestReader;
import io.github.imageedits.testkit.TestImages;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/**
 * The Gemini adapter against the whole contract kit, with replies and errors shaped as the Gemini
 * API documents them (https://ai.google.dev/api/generate-content, and the troubleshooting guide's
 * error table, https://ai.google.dev/gemini-api/docs/troubleshooting).
 */
@DisplayName("Google Gemini (generateContent)")
class GeminiContractTest extends ProviderContractKit {
  static final String MODEL = "gemini-3-pro-image-preview";
  static final String PNG_BASE64 = Base64.getEncoder().encodeToString(TestImages.pngBytes("gemini", 16, 16));
  static final String JPEG_BASE64 = Base64.getEncoder().encodeToString(TestImages.jpegBytes("gemini-2", 24, 16));

  @Override
  protected ProviderAdapter adapter() {
    return new Gemini();
  }

  @Override
  protected ProviderProfile profile() {
    return ProviderProfile.builder()
        .editPath("/v1beta/models/" + MODEL + ":generateContent")
        .fileModel(MODEL)
        .authHeader("x-goog-api-key", "")
        .requiredHeader("Accept", "application/json")
        .requestReader(new GenerateContentReader())
        .options(b -> b.size(ImageSize.of(1024, 1024)))
        .wireFields(Option.SIZE, Map.of("aspectRatio", "1:1", "imageSize", "1K")) // adapted, with a warning
        .reply(ReplyFixture.builder("an image with the model's text, usage and a response id",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Here is the cat with a red scarf.\"},"
                    + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + PNG_BASE64 + "\"}}],\"role\":\"model\"},"
                    + "\"finishReason\":\"STOP\",\"index\":0}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":1290,\"candidatesTokenCount\":1120,\"totalTokenCount\":2410,"
                    + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":10},{\"modality\":\"IMAGE\",\"tokenCount\":1280}]},"
                    + "\"modelVersion\":\"" + MODEL + "\",\"responseId\":\"mH5xaO7yKc2wz7IP4tGQ2Ac\"}")
            .expectBase64Image(PNG_BASE64, null)
            .expectTraceId("mH5xaO7yKc2wz7IP4tGQ2Ac")
            .expectUsage(new Usage(1290, 1120, 2410))
            .build())
        .reply(ReplyFixture.builder("two images, a thought part skipped, thoughts counted as output",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"drafting\",\"thought\":true},"
                    + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + PNG_BASE64 + "\"}},"
                    + "{\"inlineData\":{\"mimeType\":\"image/jpeg\",\"data\":\"" + JPEG_BASE64 + "\"}}],\"role\":\"model\"},"
                    + "\"finishReason\":\"STOP\"}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":300,\"candidatesTokenCount\":2240,\"thoughtsTokenCount\":100,\"totalTokenCount\":2640}}")
            .expectBase64Image(PNG_BASE64, null)
            .expectBase64Image(JPEG_BASE64, null)
            .expectUsage(new Usage(300, 2340, 2640))
            .build())
        .error(ErrorFixture.builder("400 API_KEY_INVALID", 400,
                "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
                    + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                    + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\","
                    + "\"metadata\":{\"service\":\"generativelanguage.googleapis.com\"}}]}}")
            .expect(AuthenticationException.class, "API_KEY_INVALID", "API key not valid. Please pass a valid API key.")
            .build())
        .error(ErrorFixture.builder("403 PERMISSION_DENIED", 403,
                "{\"error\":{\"code\":403,\"message\":\"The caller does not have permission\",\"status\":\"PERMISSION_DENIED\"}}")
            .expect(AuthenticationException.class, "PERMISSION_DENIED", "The caller does not have permission")
            .build())
        .error(ErrorFixture.builder("429 RESOURCE_EXHAUSTED", 429,
                "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\",\"status\":\"RESOURCE_EXHAUSTED\"}}")
            .expect(RateLimitException.class, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).")
            .build())
        .error(ErrorFixture.builder("400 INVALID_ARGUMENT", 400,
                "{\"error\":{\"code\":400,\"message\":\"Request contains an invalid argument.\",\"status\":\"INVALID_ARGUMENT\"}}")
            .expect(ProviderException.class, "INVALID_ARGUMENT", "Request contains an invalid argument.")
            .build())
        .error(ErrorFixture.builder("500 INTERNAL", 500,
                "{\"error\":{\"code\":500,\"message\":\"An internal error has occurred.\",\"status\":\"INTERNAL\"}}")
            .expect(ProviderException.class, "INTERNAL", "An internal error has occurred.")
            .build())
        .error(ErrorFixture.builder("503 UNAVAILABLE", 503,
                "{\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again later.\",\"status\":\"UNAVAILABLE\"}}")
            .expect(ProviderException.class, "UNAVAILABLE", "The model is overloaded. Please try again later.")
            .build())
        .error(ErrorFixture.builder("200 with a blocked prompt (promptFeedback.blockReason)", 200,
                "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\",\"blockReasonMessage\":\"The prompt was blocked.\"},"
                    + "\"usageMetadata\":{\"promptTokenCount\":12,\"totalTokenCount\":12},\"responseId\":\"blk-1\"}")
            .expect(ModerationException.class, "PROHIBITED_CONTENT", "The prompt was blocked.")
            .expectTraceId("blk-1")
            .build())
        .error(ErrorFixture.builder("200 with the image withheld (finishReason IMAGE_SAFETY)", 200,
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"I can't make that image.\"}],\"role\":\"model\"},"
                    + "\"finishReason\":\"IMAGE_SAFETY\"}],\"responseId\":\"blk-2\"}")
            .expect(ModerationException.class, "IMAGE_SAFETY",
                "the image was withheld (finishReason IMAGE_SAFETY); the model said: I can't make that image.")
            .expectTraceId("blk-2")
            .build())
        .error(ErrorFixture.builder("200 with text and no image (finishReason NO_IMAGE)", 200,
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Which cat do you mean?\"}],\"role\":\"model\"},"
                    + "\"finishReason\":\"NO_IMAGE\"}]}")
            .expect(ProviderException.class, "NO_IMAGE",
                "the reply carries no image (finishReason NO_IMAGE); the model said: Which cat do you mean?")
            .build())
        .build();
  }

  /**
   * Reads a generateContent body back (parsed by the kit, independently of the adapter): the model from the
   * path, the prompt from the text part, the image config's fields, and each inlineData part's
   * media type and decoded bytes. It also checks what every edit must carry: one user content,
   * the prompt first, and response modalities that include IMAGE.
   */
  static final class GenerateContentReader implements RequestReader {
    private static final String PREFIX = "/v1beta/models/";
    private static final String SUFFIX = ":generateContent";

    @Override
    public Map<String, String> fields(RecordedEdit sent) {
      Map<String, Object> json = sent.json();
      Map<String, String> fields = new LinkedHashMap<>();
      String path = sent.path();
      int at = path.indexOf(PREFIX);
      assertThat(at).as("the path names the model: %s", path).isGreaterThanOrEqualTo(0);
      assertThat(path).endsWith(SUFFIX);
      fields.put("model", path.substring(at + PREFIX.length(), path.length() - SUFFIX.length()));
      List<Map<String, Object>> parts = parts(json);
      assertThat(parts.get(0)).as("the prompt goes first").containsOnlyKeys("text");
      fields.put("prompt", (String) parts.get(0).get("text"));
      Map<String, Object> generation = object(json, "generationConfig");
      assertThat(generation.get("responseModalities")).isEqualTo(List.of("TEXT", "IMAGE"));
      assertThat(generation.keySet()).isSubsetOf("responseModalities", "imageConfig");
      Map<String, Object> imageConfig = object(generation, "imageConfig");
      if (imageConfig != null) imageConfig.forEach((k, v) -> fields.put(k, (String) v));
      return fields;
    }

    @Override
    public List<RecordedEdit.FormPart> images(RecordedEdit sent) {
      List<RecordedEdit.FormPart> images = new ArrayList<>();
      for (Map<String, Object> part : parts(sent.json())) {
        Map<String, Object> inline = object(part, "inlineData");
        if (inline == null) continue;
        assertThat(part).containsOnlyKeys("inlineData");
        assertThat(inline).containsOnlyKeys("mimeType", "data");
        images.add(new RecordedEdit.FormPart("inlineData", null, (String) inline.get("mimeType"),
            Base64.getDecoder().decode((String) inline.get("data"))));
      }
      return images;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parts(Map<String, Object> json) {
      List<Object> contents = (List<Object>) json.get("contents");
      assertThat(contents).as("one content").hasSize(1);
      Map<String, Object> content = (Map<String, Object>) contents.get(0);
      assertThat(content.get("role")).isEqualTo("user");
      return (List<Map<String, Object>>) content.get("parts");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> node, String key) {
      return (Map<String, Object>) node.get(key);
    }
  }
}
