package io.github.imageedits.emulator;

import io.github.imageedits.emulator.EditPlan.Family;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Azure OpenAI's dialect, as Microsoft's "How to use image generation models" shows it: edits at
 * {@code POST /openai/deployments/{deployment}/images/edits?api-version=…} and on the v1 surface
 * {@code POST /openai/v1/images/edits?api-version=…} (the deployment named by {@code model}),
 * multipart only, the key in {@code api-key} (or an Entra ID token as {@code Authorization:
 * Bearer}), the reply {@code {created, data:[{b64_json}]}} with an {@code apim-request-id} header,
 * and errors as {@code {error:{code, message}}}. PNG and JPEG inputs only; WEBP output and
 * {@code response_format} are refused. A prompt holding {@link ProviderEmulator#CONTENT_FILTER_WORD}
 * is refused by the "safety system" with 400 {@code contentFilter}.
 */
final class AzureProtocol extends Protocol {
  static final Map<String, Family> MODELS = Map.of(
      "gpt-image-1", Family.GPT_IMAGE,
      "gpt-image-1-mini", Family.GPT_IMAGE,
      "gpt-image-1.5", Family.GPT_IMAGE);

  static final String V1_PATH = "/openai/v1/images/edits";
  private static final Pattern DEPLOYMENT_PATH = Pattern.compile("/openai/deployments/([A-Za-z0-9._-]+)/images/edits");
  /** The model behind a deployment whose request names none. */
  private static final String DEPLOYED_MODEL = "gpt-image-1";

  AzureProtocol(EmulatorContext context) {
    super(context);
  }

  @Override
  boolean isEditPath(String path) {
    return path.equals(V1_PATH) || DEPLOYMENT_PATH.matcher(path).matches();
  }

  /** The {@code api-key} header, else a bearer token. */
  @Override
  boolean authorized(RecordedRequest request) {
    String key = request.getHeaders().get("api-key");
    return key != null ? key.trim().equals(context.token) : context.authorized(request);
  }

  @Override
  Reply handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    String apiVersion = request.getUrl().queryParameter("api-version");
    if (!isEditPath(path) || apiVersion == null || apiVersion.isBlank()) {
      // What Azure answers a wrong route or a missing api-version.
      return new Reply(error(404, "404", "Resource not found"), 404, null, null);
    }
    EditForm form = tryParse(request);
    if (!request.getMethod().equals("POST")) {
      return new Reply(error(405, "405", path + " takes POST"), 405, form, null);
    }
    if (!authorized(request)) {
      return new Reply(error(401, "401", "Access denied due to invalid subscription key or wrong API endpoint."
          + " Make sure to provide a valid key for an active subscription and use a correct regional API"
          + " endpoint for your resource."), 401, form, null);
    }
    try {
      form = EditForm.parse(request, false);
      Matcher deployment = DEPLOYMENT_PATH.matcher(path);
      if (deployment.matches()) {
        form.fields.putIfAbsent("model", DEPLOYED_MODEL);
      } else if (!MODELS.containsKey(form.fields.getOrDefault("model", ""))) {
        String name = form.fields.getOrDefault("model", "");
        throw new Rejection(404, "DeploymentNotFound", "The API deployment '" + name
            + "' for this resource does not exist. Deployments here: " + String.join(", ", MODELS.keySet()));
      }
      azureRules(form);
      EditPlan plan = EditPlan.of(form, MODELS, 0, context.strictPartTypes);
      if (plan.prompt().toLowerCase(Locale.ROOT).contains(ProviderEmulator.CONTENT_FILTER_WORD)) {
        return contentFilter(form);
      }
      Inputs inputs = load(plan, form);
      List<Map<String, Object>> items = new ArrayList<>();
      for (ImageEditor.Rendered result : render(plan, inputs, "azure · " + plan.model())) {
        items.add(Map.of("b64_json", Base64.getEncoder().encodeToString(result.bytes())));
      }
      Map<String, Object> reply = new LinkedHashMap<>();
      reply.put("created", context.clock.millis() / 1000);
      reply.put("data", items);
      return new Reply(json(200, reply).setHeader("apim-request-id", context.newId("apim")), 200, form, null);
    } catch (Rejection r) {
      return rejected(r, form);
    }
  }

  /** What Azure refuses beyond OpenAI's rules: WEBP inputs and output, and {@code response_format}. */
  private static void azureRules(EditForm form) throws Rejection {
    if ("webp".equals(form.fields.get("output_format"))) {
      throw Rejection.badRequest("Invalid value for output_format: 'webp'. Supported values are: jpeg, png.");
    }
    if (form.fields.containsKey("response_format")) {
      throw Rejection.badRequest("response_format is not supported for this model: GPT image models always return"
          + " base64-encoded images.");
    }
    for (EditForm.Input image : form.images) {
      byte[] bytes = image.bytes();
      if (bytes != null && ImageEditor.isWebp(bytes)) {
        throw Rejection.badRequest("Invalid image '" + image.filename() + "': the input image must be a PNG or"
            + " JPG file.");
      }
    }
  }

  /** The image API's content filter refusal, with the {@code created} stamp its body carries. */
  private Reply contentFilter(EditForm form) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", "contentFilter");
    error.put("message", "Your task failed as a result of our safety system.");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("created", context.clock.millis() / 1000);
    body.put("error", error);
    return new Reply(json(400, body).setHeader("apim-request-id", context.newId("apim")), 400, form, null);
  }

  @Override
  EditForm tryParse(RecordedRequest request) {
    try {
      return EditForm.parse(request, false);
    } catch (Rejection e) {
      return null;
    }
  }

  @Override
  MockResponse.Builder error(int status, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", "bad_request".equals(code) ? "BadRequest" : code);
    error.put("message", message);
    return json(status, Map.of("error", error)).setHeader("apim-request-id", context.newId("apim"));
  }

  @Override
  String codeFor(int status) {
    return switch (status) {
      case 403 -> "PermissionDenied";
      case 400 -> "BadRequest";
      default -> status >= 500 ? "InternalServerError" : Integer.toString(status); // "401", "404", "429"
    };
  }
}
