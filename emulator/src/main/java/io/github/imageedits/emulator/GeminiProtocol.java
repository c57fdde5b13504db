package io.github.imageedits.emulator;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The Gemini API's dialect for image models, as Google documents {@code generateContent}
 * (https://ai.google.dev/api/generate-content): {@code POST /v1beta/models/{model}:generateContent}
 * with the key in {@code x-goog-api-key}; a JSON body whose {@code contents[0].parts} hold a
 * {@code text} prompt and {@code inlineData {mimeType, data}} images (camelCase, or the proto3
 * snake_case {@code inline_data}/{@code mime_type}); {@code generationConfig.responseModalities}
 * must include IMAGE; {@code generationConfig.imageConfig} takes {@code aspectRatio} and
 * {@code imageSize}. The reply is {@code {candidates:[{content:{parts:[{text}, {inlineData}], role},
 * finishReason, index}], usageMetadata, modelVersion, responseId}}; errors are Google's
 * {@code {error:{code, message, status}}} (a bad key: 400 INVALID_ARGUMENT with the ErrorInfo reason
 * API_KEY_INVALID). A prompt containing {@code #blocked} is answered with
 * {@code promptFeedback.blockReason} PROHIBITED_CONTENT, one containing {@code #image-safety} with a
 * candidate whose {@code finishReason} is IMAGE_SAFETY and no image: Google's two safety outcomes.
 */
final class GeminiProtocol extends Protocol {
  private static final String PREFIX = "/v1beta/models/";
  private static final String SUFFIX = ":generateContent";
  /** Each model with the most input images it takes (Google's image-generation guide, Vertex AI's model pages). */
  static final Map<String, Integer> MODELS = Map.of(
      "gemini-2.5-flash-image", 3,
      "gemini-2.5-flash-image-preview", 3,
      "gemini-3-pro-image-preview", 14,
      "gemini-3-pro-image", 14,
      "nano-banana-pro-preview", 14,
      "gemini-3.1-flash-image-preview", 14,
      "gemini-3.1-flash-image", 14);
  private static final Set<String> RATIOS = Set.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9");
  private static final Set<String> FLASH_31_RATIOS = Set.of("1:4", "4:1", "1:8", "8:1");
  private static final Map<String, Integer> SIZES = Map.of("1K", 1024, "2K", 2048, "4K", 4096);

  GeminiProtocol(EmulatorContext context) {
    super(context);
  }

  @Override
  boolean isEditPath(String path) {
    return path.startsWith(PREFIX) && path.endsWith(SUFFIX) && path.length() > PREFIX.length() + SUFFIX.length();
  }

  /** Gemini's key travels in {@code x-goog-api-key}, so that is what the received edit's {@code authorized} reports. */
  @Override
  boolean authorized(RecordedRequest request) {
    String key = request.getHeaders().get("x-goog-api-key");
    return key != null && key.trim().equals(context.token);
  }

  @Override
  Reply handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (!isEditPath(path)) {
      return new Reply(error(404, "NOT_FOUND", "Requested entity was not found."), 404, null, null);
    }
    EditForm form = tryParse(request);
    if (!request.getMethod().equals("POST")) {
      return new Reply(error(405, "INVALID_ARGUMENT", path + " takes POST"), 405, form, null);
    }
    if (!authorized(request)) {
      return new Reply(json(400, keyInvalid()), 400, form, null);
    }
    String model = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    Integer maxImages = MODELS.get(model);
    if (maxImages == null) {
      return new Reply(error(404, "NOT_FOUND", "models/" + model
          + " is not found for API version v1beta, or is not supported for generateContent."), 404, form, null);
    }
    try {
      form = EditForm.generateContent(request, model);
      String prompt = form.fields.get("prompt");
      if (prompt == null || prompt.isBlank()) throw invalid("contents[0].parts must start with a text part");
      if (form.images.isEmpty()) throw invalid("an image edit needs at least one inlineData image part");
      if (form.images.size() > maxImages) {
        throw invalid(model + " takes at most " + maxImages + " input images, got " + form.images.size());
      }
      String modalities = form.fields.getOrDefault("responseModalities", "");
      if (!modalities.contains("IMAGE")) throw invalid("generationConfig.responseModalities must include IMAGE");
      String ratio = form.fields.get("aspectRatio");
      if (ratio != null && !RATIOS.contains(ratio) && !(model.startsWith("gemini-3.1") && FLASH_31_RATIOS.contains(ratio))) {
        throw invalid("Unsupported aspect ratio '" + ratio + "' for " + model);
      }
      String size = form.fields.get("imageSize");
      if (size != null && (!SIZES.containsKey(size) || model.startsWith("gemini-2.5"))) {
        throw invalid("Unsupported image size '" + size + "' for " + model);
      }
      List<BufferedImage> images = new ArrayList<>();
      for (EditForm.Input input : form.images) images.add(context.load(input));
      String responseId = context.newId("gemini").replace("-", "").substring(0, 22);
      if (prompt.contains("#blocked")) {
        Map<String, Object> feedback = new LinkedHashMap<>();
        feedback.put("blockReason", "PROHIBITED_CONTENT");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("promptFeedback", feedback);
        body.put("usageMetadata", usage(prompt, images.size(), 0));
        body.put("modelVersion", model);
        body.put("responseId", responseId);
        return new Reply(json(200, body), 200, form, null);
      }
      List<Object> parts = new ArrayList<>();
      String finishReason = "STOP";
      if (prompt.contains("#image-safety")) {
        parts.add(Map.of("text", "I can't create that image, as it may break the safety policy."));
        finishReason = "IMAGE_SAFETY";
      } else {
        int[] dims = dimensions(ratio, size, images.get(0));
        ImageEditor.Rendered result = ImageEditor.render(new ImageEditor.Spec(prompt, "gemini · " + model, images,
            null, dims[0], dims[1], "png", 100, "auto", 0));
        parts.add(Map.of("text", "Here is the edited image."));
        Map<String, Object> inline = new LinkedHashMap<>();
        inline.put("mimeType", result.mediaType());
        inline.put("data", Base64.getEncoder().encodeToString(result.bytes()));
        parts.add(Map.of("inlineData", inline));
      }
      Map<String, Object> content = new LinkedHashMap<>();
      content.put("parts", parts);
      content.put("role", "model");
      Map<String, Object> candidate = new LinkedHashMap<>();
      candidate.put("content", content);
      candidate.put("finishReason", finishReason);
      candidate.put("index", 0);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("candidates", List.of(candidate));
      body.put("usageMetadata", usage(prompt, images.size(), finishReason.equals("STOP") ? 1290 : 12));
      body.put("modelVersion", model);
      body.put("responseId", responseId);
      return new Reply(json(200, body), 200, form, null);
    } catch (Rejection r) {
      return rejected(r, form);
    }
  }

  /**
   * The output size: the tier's pixel count in the requested ratio, or the first image's ratio at
   * 1K when none is given (Gemini follows the input); rounded to multiples of 16.
   */
  private static int[] dimensions(String ratio, String size, BufferedImage first) {
    double w;
    double h;
    if (ratio != null) {
      String[] wh = ratio.split(":");
      w = Double.parseDouble(wh[0]);
      h = Double.parseDouble(wh[1]);
    } else {
      w = first.getWidth();
      h = first.getHeight();
    }
    double tier = SIZES.getOrDefault(size == null ? "1K" : size, 1024);
    double scale = tier / Math.sqrt(w * h);
    return new int[] {Math.max(16, (int) Math.round(w * scale / 16) * 16), Math.max(16, (int) Math.round(h * scale / 16) * 16)};
  }

  private static Map<String, Object> usage(String prompt, int images, int outputTokens) {
    int promptTokens = (prompt.length() + 3) / 4 + 258 * images;
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("promptTokenCount", promptTokens);
    if (outputTokens > 0) usage.put("candidatesTokenCount", outputTokens);
    usage.put("totalTokenCount", promptTokens + outputTokens);
    return usage;
  }

  private static Rejection invalid(String message) {
    return new Rejection(400, "INVALID_ARGUMENT", message);
  }

  /** Google's answer to a missing or wrong key: 400 INVALID_ARGUMENT with the reason API_KEY_INVALID. */
  private static Map<String, Object> keyInvalid() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
    info.put("reason", "API_KEY_INVALID");
    info.put("domain", "googleapis.com");
    info.put("metadata", Map.of("service", "generativelanguage.googleapis.com"));
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", 400);
    error.put("message", "API key not valid. Please pass a valid API key.");
    error.put("status", "INVALID_ARGUMENT");
    error.put("details", List.of(info));
    return Map.of("error", error);
  }

  @Override
  EditForm tryParse(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (!isEditPath(path)) return null;
    try {
      return EditForm.generateContent(request, path.substring(PREFIX.length(), path.length() - SUFFIX.length()));
    } catch (Rejection e) {
      return null;
    }
  }

  @Override
  MockResponse.Builder error(int status, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", status);
    error.put("message", message);
    error.put("status", code);
    return json(status, Map.of("error", error));
  }

  @Override
  String codeFor(int status) {
    return switch (status) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    };
  }
}
