package io.github.imageedits.emulator;

import io.github.imageedits.emulator.EditPlan.Family;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * ChainHub's dialect, as its OpenAPI document shows it: {@code POST /v1/images/edits},
 * multipart/form-data only, {@code Accept: application/json} required, and a 200 reply in the
 * chat-completion shape whose {@code choices[0].message.content} carries the edited image as a
 * markdown image ({@code ![image](http://127.0.0.1:PORT/cdn/….png)}), or as a data URI when the
 * emulator is built so. ChainHub documents no error body; the emulator answers errors in the
 * OpenAI shape {@code {error: {message, type, param, code}}} that such gateways use.
 */
final class ChainHubProtocol extends Protocol {
  static final Map<String, Family> MODELS = Map.of(
      "gpt-image-1", Family.GPT_IMAGE,
      "gpt-image-1-all", Family.GPT_IMAGE,
      "flux-kontext-pro", Family.FLUX_KONTEXT,
      "flux-kontext-max", Family.FLUX_KONTEXT,
      "dall-e-2", Family.DALL_E_2);

  static final String EDIT_PATH = "/v1/images/edits";
  /** ChainHub's documented limit: images under 25 MB. */
  private static final long MAX_IMAGE_BYTES = 25L << 20;

  ChainHubProtocol(EmulatorContext context) {
    super(context);
  }

  @Override
  boolean isEditPath(String path) {
    return path.equals(EDIT_PATH);
  }

  @Override
  Reply handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (!isEditPath(path)) {
      return new Reply(error(404, "not_found", "Invalid URL (" + request.getMethod() + " " + path + ")"), 404, null, null);
    }
    EditForm form = tryParse(request);
    if (!request.getMethod().equals("POST")) {
      return new Reply(error(405, "method_not_allowed", path + " takes POST"), 405, form, null);
    }
    if (!context.authorized(request)) {
      return new Reply(error(401, "invalid_api_key", "Invalid token"), 401, form, null);
    }
    String accept = request.getHeaders().get("Accept");
    if (accept == null || !accept.toLowerCase(Locale.ROOT).contains("application/json")) {
      return new Reply(error(406, "invalid_accept",
          "the Accept header must be application/json, got " + (accept == null ? "none" : "'" + accept + "'")),
          406, form, null);
    }
    try {
      form = EditForm.parse(request, false);
      EditPlan plan = EditPlan.of(form, MODELS, MAX_IMAGE_BYTES, context.strictPartTypes);
      Inputs inputs = load(plan, form);
      String id = context.newId("chatcmpl");
      List<ImageEditor.Rendered> results = render(plan, inputs, "chainhub · " + plan.model());
      List<String> images = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        ImageEditor.Rendered result = results.get(i);
        String target = context.dataUris
            ? "data:" + result.mediaType() + ";base64," + Base64.getEncoder().encodeToString(result.bytes())
            : context.publishResult(id + "_" + i, result);
        images.add("![image](" + target + ")");
      }
      String requestId = context.newId("request");
      return new Reply(json(200, completion(id, plan, String.join("\n\n", images)))
          .setHeader("x-request-id", requestId), 200, form, null);
    } catch (Rejection r) {
      return rejected(r, form);
    }
  }

  @Override
  EditForm tryParse(RecordedRequest request) {
    try {
      return EditForm.parse(request, false);
    } catch (Rejection e) {
      return null;
    }
  }

  /** The documented 200 reply: {@code {id, object, created, choices, usage}}. */
  private Map<String, Object> completion(String id, EditPlan plan, String content) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", content);
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("message", message);
    choice.put("finish_reason", "stop");
    // Token counts a gateway would bill: the prompt by a rough four characters a token, the reply by its text.
    int promptTokens = (plan.prompt().length() + 3) / 4;
    int completionTokens = (content.length() + 3) / 4;
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("id", "chatcmpl-" + id.replace("-", "").substring(0, 24));
    reply.put("object", "chat.completion");
    reply.put("created", context.clock.millis() / 1000);
    reply.put("choices", List.of(choice));
    reply.put("usage", usage);
    return reply;
  }

  @Override
  MockResponse.Builder error(int status, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("type", status >= 500 ? "server_error" : status == 429 ? "rate_limit_error" : "invalid_request_error");
    error.put("param", null);
    error.put("code", code);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    return json(status, body);
  }

  @Override
  String codeFor(int status) {
    return switch (status) {
      case 401 -> "invalid_api_key";
      case 402 -> "insufficient_quota";
      case 429 -> "rate_limit_exceeded";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }
}
