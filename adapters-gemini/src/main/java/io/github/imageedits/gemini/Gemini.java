package io.github.imageedits.gemini;

import org.jspecify.annotations.Nullable;
import static io.github.imageedits.spi.JsonTree.list;
import static io.github.imageedits.spi.JsonTree.number;
import static io.github.imageedits.spi.JsonTree.object;
import static io.github.imageedits.spi.JsonTree.string;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditedImage;
import io.github.imageedits.ImageData;
import io.github.imageedits.ImageSize;
import io.github.imageedits.ImageSource;
import io.github.imageedits.ModerationException;
import io.github.imageedits.ProviderError;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.TransportException;
import io.github.imageedits.Usage;
import io.github.imageedits.Violation;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.SizeRule;
import io.github.imageedits.image.ImageInfo;
import io.github.imageedits.spi.JsonTree;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Google's Gemini image models ("Nano Banana": {@code gemini-2.5-flash-image},
 * {@code gemini-3-pro-image-preview}, {@code gemini-3.1-flash-image-preview} and their successors)
 * through the Gemini API's {@code POST {base}/v1beta/models/{model}:generateContent}, with the key
 * in {@code x-goog-api-key}.
 *
 * <pre>{@code
 * ImageEditClient client = ImageEdits.builder()
 *     .provider(Gemini.NAME)
 *     .apiKey(System.getenv("GEMINI_API_KEY"))
 *     .build();
 * EditResult result = client.edit(EditRequest.builder()
 *     .model("gemini-2.5-flash-image")
 *     .prompt("Put a red scarf on the cat")
 *     .image(Path.of("cat.png"))
 *     .size(ImageSize.of(1536, 1024))      // sent as aspectRatio 3:2, imageSize 1K, with a warning
 *     .build());
 * }</pre>
 *
 * <p>The request is JSON: the prompt as a {@code text} part, then each image as an
 * {@code inlineData} part whose base64 the transport encodes while it streams the file
 * ({@link WireRequest.Base64Value}); {@code generationConfig.responseModalities} asks for text and
 * image. An OpenAI {@code size} becomes {@code imageConfig.aspectRatio} (the size's exact ratio) and
 * {@code imageConfig.imageSize} (1K, 2K or 4K, nearest the size's pixel count); Gemini picks the
 * pixels, so the result carries a warning saying what was sent. A mask and {@code n > 1} are
 * refused before sending (Gemini has neither).
 *
 * <p>The reply's images, {@code candidates[].content.parts[].inlineData.data}, are decoded by the
 * transport while it reads ({@link WireRequest#base64ImageKeys()}), so a 4K result of 20 MB or more
 * never becomes a String; {@code usageMetadata} becomes the usage and {@code responseId} the trace
 * id. A blocked prompt ({@code promptFeedback.blockReason}) or a candidate
 * stopped for safety ({@code finishReason} SAFETY, IMAGE_SAFETY, PROHIBITED_CONTENT, …) is a
 * {@link ModerationException}; errors {@code {error:{code, message, status, details}}} are typed by
 * status: 429 RESOURCE_EXHAUSTED a {@link RateLimitException}, 401/403 and API_KEY_INVALID an
 * {@link AuthenticationException}.
 */
public final class Gemini implements ProviderAdapter {
  /** The name the provider is picked by. */
  public static final String NAME = "gemini";

  private static final URI BASE_URL = URI.create("https://generativelanguage.googleapis.com");
  /** Reply keys whose strings are images: the REST reply's camelCase, and the proto3 snake_case. */
  private static final Set<String> IMAGE_KEYS = Set.of("inlineData.data", "inline_data.data");
  /** Finish and block reasons that mean a safety or policy refusal (Google's FinishReason and BlockedReason). */
  private static final Set<String> MODERATION_REASONS = Set.of("SAFETY", "IMAGE_SAFETY", "PROHIBITED_CONTENT",
      "IMAGE_PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_RECITATION", "MODEL_ARMOR", "JAILBREAK");
  private static final int QUOTE_LIMIT = 300;

  /** The adapter; {@code ImageEdits} finds it by {@link #NAME} through {@link java.util.ServiceLoader}. */
  public Gemini() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CapabilityTable capabilities() {
    return GeminiCapabilities.TABLE;
  }

  @Override
  public URI defaultBaseUrl() {
    return BASE_URL;
  }

  @Override
  public WireRequest toWire(PreparedEdit edit, ProviderContext context) {
    EditRequest request = edit.request();
    List<Object> parts = new ArrayList<>();
    parts.add(Map.of("text", request.prompt()));
    for (int i = 0; i < request.images().size(); i++) {
      ImageSource image = request.images().get(i);
      ImageInfo info = edit.imageInfos().get(i);
      if (info == null) throw new IllegalStateException("validated file images carry their header info");
      Map<String, Object> inline = new LinkedHashMap<>();
      inline.put("mimeType", info.format().mediaType());
      inline.put("data", new WireRequest.Base64Value(image));
      parts.add(Map.of("inlineData", inline));
    }
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("role", "user");
    content.put("parts", parts);
    Map<String, Object> generation = new LinkedHashMap<>();
    generation.put("responseModalities", List.of("TEXT", "IMAGE"));
    Map<String, Object> imageConfig = imageConfig(request);
    if (!imageConfig.isEmpty()) generation.put("imageConfig", imageConfig);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("contents", List.of(content));
    body.put("generationConfig", generation);
    return WireRequest.builder()
        .method("POST")
        .url(context.resolve("/v1beta/models/" + pathSegment(request.model()) + ":generateContent"))
        .header("x-goog-api-key", context.apiKey().reveal())
        .header("Accept", "application/json")
        .body(new WireRequest.Json(body))
        .base64ImageKeys(IMAGE_KEYS)
        .build();
  }

  /** {@code aspectRatio} and {@code imageSize} for the request's size; empty for none or auto. */
  private static Map<String, Object> imageConfig(EditRequest request) {
    Map<String, Object> config = new LinkedHashMap<>();
    ImageSize size = request.size();
    String ratio = size == null ? null : SizeRule.Ratios.ratioOf(size);
    if (ratio == null) return config; // unset, auto or empty: Gemini follows the input image
    config.put("aspectRatio", ratio);
    if (!GeminiCapabilities.ONE_SIZE_MODELS.contains(request.model())) {
      config.put("imageSize", GeminiCapabilities.imageSize(size));
    }
    return config;
  }

  /** The model id as one path segment: characters outside Google's model-id alphabet are escaped. */
  private static String pathSegment(String model) {
    StringBuilder out = new StringBuilder();
    for (byte b : model.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return out.toString();
  }

  @Override
  public EditResult readReply(PreparedEdit edit, WireReply reply) {
    Object json = reply.json();
    if (!reply.successful() || JsonTree.get(json, "error") != null) throw error(reply);
    if (object(json) == null) {
      throw new TransportException(NAME + " answered HTTP " + reply.status()
          + " with a body that is not a JSON object: " + quote(reply), null);
    }
    Map<String, Object> feedback = object(json, "promptFeedback");
    String blocked = string(feedback, "blockReason");
    if (blocked != null) {
      String message = string(feedback, "blockReasonMessage");
      throw new ModerationException(new ProviderError(NAME, reply.status(), blocked,
          message != null ? message : "the prompt was blocked (" + blocked + ")", string(json, "responseId"),
          reply.header("x-request-id")));
    }
    List<EditedImage> images = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    String finishReason = null;
    for (Object candidate : list(json, "candidates")) {
      if (finishReason == null) finishReason = string(candidate, "finishReason");
      for (Object part : list(object(candidate, "content"), "parts")) {
        if (Boolean.TRUE.equals(JsonTree.bool(part, "thought"))) continue; // the model's drafts
        Object inline = first(JsonTree.get(part, "inlineData"), JsonTree.get(part, "inline_data"));
        ImageData data = imageData(JsonTree.get(inline, "data"));
        if (data != null) {
          images.add(new EditedImage(null, data, null));
        } else if (string(part, "text") != null) {
          if (text.length() > 0) text.append(' ');
          text.append(string(part, "text"));
        }
      }
    }
    if (images.isEmpty()) throw noImage(reply, finishReason, text.toString());
    return EditResult.builder(NAME)
        .model(edit.request().model())
        .images(images)
        .traceId(string(json, "responseId")) // Google's id of this response
        .requestId(reply.header("x-request-id"))
        .usage(usage(object(json, "usageMetadata")))
        .warnings(warnings(edit))
        .build();
  }

  /** A reply without images: a safety stop is moderation, anything else (NO_IMAGE, text only) a failure. */
  private static ProviderException noImage(WireReply reply, String finishReason, String text) {
    String said = text.isBlank() ? "" : "; the model said: " + shorten(text.strip());
    String responseId = string(reply.json(), "responseId");
    String requestId = reply.header("x-request-id");
    if (finishReason != null && MODERATION_REASONS.contains(finishReason)) {
      return new ModerationException(new ProviderError(NAME, reply.status(), finishReason,
          "the image was withheld (finishReason " + finishReason + ")" + said, responseId, requestId));
    }
    String code = finishReason != null ? finishReason : "NO_IMAGE";
    return new ProviderException(new ProviderError(NAME, reply.status(), code,
        "the reply carries no image (finishReason " + code + ")" + said, responseId, requestId));
  }

  /**
   * The validation warnings, the adapted size's replaced by one that says what was sent: the
   * aspect ratio and tier, never pixels, since Gemini picks those.
   */
  private static List<Violation> warnings(PreparedEdit edit) {
    EditRequest request = edit.request();
    Map<String, Object> config = imageConfig(request);
    List<Violation> warnings = new ArrayList<>();
    for (Violation warning : edit.warnings()) {
      if (!warning.field().equals("size")) warnings.add(warning);
    }
    if (request.size() == null) return warnings;
    String limit;
    if (config.isEmpty()) {
      limit = "not sent: Gemini chooses the aspect ratio and size itself, following the input image";
    } else {
      limit = "sent as aspectRatio " + config.get("aspectRatio")
          + (config.containsKey("imageSize") ? ", imageSize " + config.get("imageSize") : " (this model makes 1K images only)")
          + ", Gemini's terms; Gemini picks the exact pixels, which the image's header gives";
    }
    warnings.add(Violation.of("size", request.size().value(), limit, request.model(), NAME));
    return warnings;
  }

  private static @Nullable ImageData imageData(Object data) {
    if (data instanceof ImageData d) return d;
    if (data instanceof String s && !s.isEmpty()) return ImageData.ofBase64(s);
    return null;
  }

  /** {@code usageMetadata}: promptTokenCount, candidatesTokenCount (plus thoughts), totalTokenCount. */
  private static @Nullable Usage usage(Map<String, Object> usage) {
    if (usage == null) return null;
    long in = count(usage, "promptTokenCount");
    long out = count(usage, "candidatesTokenCount") + count(usage, "thoughtsTokenCount");
    Double total = number(usage, "totalTokenCount");
    return new Usage(in, out, total == null ? in + out : total.longValue());
  }

  private static long count(Map<String, Object> node, String key) {
    Double value = number(node, key);
    return value == null ? 0 : value.longValue();
  }

  /**
   * The typed error for {@code {error:{code, message, status, details:[{reason}]}}}: the code is
   * the ErrorInfo reason when there is one (API_KEY_INVALID), else the canonical status.
   */
  private static ProviderException error(WireReply reply) {
    Object json = reply.json();
    Object error = JsonTree.get(json, "error");
    String status = string(error, "status");
    String reason = null;
    for (Object detail : list(error, "details")) {
      if (reason == null) reason = string(detail, "reason");
    }
    String message = error instanceof String s ? s : string(error, "message");
    if (message == null && json == null) message = quote(reply);
    String code = reason != null ? reason : status;
    ProviderError e = new ProviderError(NAME, reply.status(), code, shorten(message), null,
        reply.header("x-request-id"));
    if ("API_KEY_INVALID".equals(reason) || "UNAUTHENTICATED".equals(status)
        || "PERMISSION_DENIED".equals(status) || reply.status() == 401 || reply.status() == 403) {
      return new AuthenticationException(e);
    }
    if (reply.status() == 429 || "RESOURCE_EXHAUSTED".equals(status)) return new RateLimitException(e);
    return new ProviderException(e);
  }

  private static Object first(Object a, Object b) {
    return a != null ? a : b;
  }

  private static String quote(WireReply reply) {
    if (reply.text() == null || reply.text().isBlank()) return "(empty body)";
    return shorten(reply.text().strip());
  }

  private static @Nullable String shorten(String text) {
    if (text == null) return null;
    return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "…";
  }
}
