package io.github.imageedits.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.awt.image.BufferedImage;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * fal's queue, as docs.fal.ai/model-endpoints/queue and /webhooks show it: {@code POST /{model_id}}
 * with {@code Authorization: Key {token}} and the model's JSON input answers
 * {@code {request_id, response_url, status_url, cancel_url, status: "IN_QUEUE", queue_position}};
 * {@code GET /{owner}/{alias}/requests/{id}/status} answers {@code IN_QUEUE}, then
 * {@code IN_PROGRESS}, then {@code COMPLETED} (the edit is done {@code callbackDelay} after the
 * submission); {@code GET …/requests/{id}} the model's output {@code {images:[{url, content_type,
 * width, height}], …}}; {@code PUT …/requests/{id}/cancel} {@code {status}}. With
 * {@code ?fal_webhook=URL} (loopback only) the result is POSTed as {@code {request_id,
 * gateway_request_id, status, payload}}, signed with Ed25519 when the emulator has a key. Input
 * errors are 422 {@code {"detail":[{loc, msg, type}]}}; other errors {@code {"detail": message}}.
 */
final class FalProtocol extends Protocol {
  static final String USER_ID = "emulator-user";

  /** The edit endpoints and whether each takes one {@code image_url} (true) or {@code image_urls}. */
  static final Map<String, Boolean> MODELS = Map.of(
      "fal-ai/flux-pro/kontext", true,
      "fal-ai/flux-pro/kontext/max", true,
      "fal-ai/flux-pro/kontext/multi", false,
      "fal-ai/flux-pro/kontext/max/multi", false,
      "fal-ai/nano-banana/edit", false,
      "fal-ai/nano-banana-pro/edit", false,
      "fal-ai/gpt-image-1/edit-image", false,
      "fal-ai/gpt-image-1.5/edit", false,
      "fal-ai/gpt-image-1-mini/edit", false);
  private static final Set<String> GPT_SIZES = Set.of("auto", "1024x1024", "1536x1024", "1024x1536");

  private final PrivateKey webhookKey;
  private final Map<String, Task> tasks = new LinkedHashMap<>(); // guarded by itself

  /** One queued request: when it completes, and its output once rendered. */
  private static final class Task {
    final String model;
    final String queuePath;
    final long submittedMillis;
    final long doneMillis;
    volatile Map<String, Object> output;
    volatile boolean cancelled;

    Task(String model, String queuePath, long submittedMillis, long doneMillis) {
      this.model = model;
      this.queuePath = queuePath;
      this.submittedMillis = submittedMillis;
      this.doneMillis = doneMillis;
    }
  }

  FalProtocol(EmulatorContext context, PrivateKey webhookKey) {
    super(context);
    this.webhookKey = webhookKey;
  }

  @Override
  boolean isEditPath(String path) {
    return !path.contains("/requests/") && path.length() > 1;
  }

  @Override
  Reply handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (!authorized(request)) {
      boolean none = request.getHeaders().get("Authorization") == null;
      return new Reply(error(401, null, none ? "No authorization header given" : "Invalid key"), 401,
          isEditPath(path) ? tryParse(request) : null, null);
    }
    int at = path.indexOf("/requests/");
    if (at < 0) {
      if (!request.getMethod().equals("POST")) return new Reply(error(405, null, "Method not allowed"), 405, null, null);
      return submit(request, path.substring(1));
    }
    String rest = path.substring(at + "/requests/".length());
    String queuePath = path.substring(1, at);
    String id = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
    String action = rest.contains("/") ? rest.substring(rest.indexOf('/') + 1) : "";
    Task task;
    synchronized (tasks) {
      task = tasks.get(id);
    }
    if (task == null || !task.queuePath.equals(queuePath)) {
      return new Reply(error(404, null, "Request not found"), 404, null, null);
    }
    return switch (request.getMethod() + " " + action) {
      case "GET status" -> new Reply(json(200, status(id, task)), 200, null, id);
      case "GET " -> result(id, task);
      case "PUT cancel" -> cancel(task);
      default -> new Reply(error(405, null, "Method not allowed"), 405, null, id);
    };
  }

  @Override
  boolean authorized(RecordedRequest request) {
    String header = request.getHeaders().get("Authorization");
    return header != null && header.trim().equals("Key " + context.token);
  }

  private Reply submit(RecordedRequest request, String model) {
    EditForm form = tryParse(request);
    Boolean single = MODELS.get(model);
    if (single == null) {
      return new Reply(error(404, null, "Application '" + model + "' not found"), 404, form, null);
    }
    Object tree;
    try {
      tree = Json.parse(request.getBody() == null ? "" : request.getBody().utf8());
    } catch (IllegalArgumentException e) {
      return new Reply(error(400, null, "malformed JSON body"), 400, form, null);
    }
    if (!(tree instanceof Map<?, ?> input)) return new Reply(error(400, null, "the body must be a JSON object"), 400, form, null);
    List<Map<String, Object>> problems = new ArrayList<>();
    Object prompt = input.get("prompt");
    if (!(prompt instanceof String p) || p.isBlank()) problems.add(detail("prompt", "field required", "value_error.missing"));
    String imageField = single ? "image_url" : "image_urls";
    if (form == null || form.images.isEmpty()) problems.add(detail(imageField, "field required", "value_error.missing"));
    int n = 1;
    if (input.get("num_images") instanceof Number num) {
      n = num.intValue();
      if (n < 1 || n > 4) {
        problems.add(detail("num_images", "ensure this value is " + (n < 1 ? "greater than or equal to 1"
            : "less than or equal to 4"), n < 1 ? "value_error.number.not_ge" : "value_error.number.not_le"));
      }
    }
    Object size = input.get("image_size");
    if (size != null && !GPT_SIZES.contains(String.valueOf(size))) {
      problems.add(detail("image_size", "value is not a valid enumeration member", "type_error.enum"));
    }
    if (!problems.isEmpty()) {
      return new Reply(json(422, Map.of("detail", problems)), 422, form, null);
    }
    List<BufferedImage> images = new ArrayList<>();
    BufferedImage mask = null;
    try {
      for (EditForm.Input image : form.images) images.add(context.load(image));
      if (form.mask != null) mask = context.load(form.mask);
    } catch (Rejection r) {
      return new Reply(json(422, Map.of("detail", List.of(detail(imageField, r.getMessage(), "value_error")))),
          422, form, null);
    }
    String id = context.newId("fal-request");
    String[] segments = model.split("/");
    String queuePath = segments[0] + "/" + segments[1];
    long now = context.clock.millis();
    Task task = new Task(model, queuePath, now, now + context.callbackDelay.toMillis());
    synchronized (tasks) {
      tasks.put(id, task);
    }
    String format = input.get("output_format") instanceof String f ? f
        : model.startsWith("fal-ai/flux-pro/kontext") ? "jpeg" : "png";
    int[] wh = dimensions(size, images.get(0));
    task.output = output((String) prompt, model, id, render(images, mask, (String) prompt, model, wh, format, n));
    String webhook = request.getUrl().queryParameter("fal_webhook");
    if (webhook != null) context.later(() -> deliver(webhook, id, task));
    return new Reply(json(200, queued(id, queuePath)), 200, form, id);
  }

  private List<ImageEditor.Rendered> render(List<BufferedImage> images, BufferedImage mask, String prompt, String model,
      int[] wh, String format, int n) {
    List<ImageEditor.Rendered> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      results.add(ImageEditor.render(new ImageEditor.Spec(prompt, "fal " + model, images, mask, wh[0], wh[1],
          format, 90, "auto", i)));
    }
    return results;
  }

  private static int[] dimensions(Object size, BufferedImage first) {
    if (size != null && !"auto".equals(size)) {
      String[] wh = String.valueOf(size).split("x");
      return new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])};
    }
    return new int[] {first.getWidth(), first.getHeight()};
  }

  private Map<String, Object> output(String prompt, String model, String id, List<ImageEditor.Rendered> results) {
    List<Map<String, Object>> images = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      ImageEditor.Rendered rendered = results.get(i);
      BufferedImage decoded = ImageEditor.decode(rendered.bytes());
      Map<String, Object> image = new LinkedHashMap<>();
      image.put("url", context.publishResult(id + "_" + i, rendered));
      image.put("content_type", rendered.mediaType());
      image.put("width", decoded == null ? 0 : decoded.getWidth());
      image.put("height", decoded == null ? 0 : decoded.getHeight());
      images.add(image);
    }
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("images", images);
    if (model.contains("nano-banana")) {
      output.put("description", "");
    } else if (model.contains("kontext")) {
      output.put("seed", 42);
      output.put("has_nsfw_concepts", images.stream().map(i -> false).toList());
      output.put("prompt", prompt);
    }
    return output;
  }

  private Map<String, Object> queued(String id, String queuePath) {
    String base = context.baseUrl() + "/" + queuePath + "/requests/" + id;
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("request_id", id);
    reply.put("response_url", base);
    reply.put("status_url", base + "/status");
    reply.put("cancel_url", base + "/cancel");
    reply.put("status", "IN_QUEUE");
    reply.put("queue_position", 0);
    return reply;
  }

  /** IN_QUEUE for the first half of the delay, IN_PROGRESS for the second, then COMPLETED. */
  private Map<String, Object> status(String id, Task task) {
    long now = context.clock.millis();
    Map<String, Object> status = new LinkedHashMap<>();
    if (now >= task.doneMillis || task.cancelled) {
      status.put("status", "COMPLETED");
    } else if (now < task.submittedMillis + (task.doneMillis - task.submittedMillis) / 2) {
      status.put("status", "IN_QUEUE");
      status.put("queue_position", 0);
    } else {
      status.put("status", "IN_PROGRESS");
    }
    status.put("request_id", id);
    status.put("response_url", context.baseUrl() + "/" + task.queuePath + "/requests/" + id);
    return status;
  }

  private Reply result(String id, Task task) {
    if (task.cancelled) return new Reply(error(400, null, "Request was cancelled"), 400, null, id);
    if (context.clock.millis() < task.doneMillis) {
      return new Reply(error(400, null, "Request is still in progress"), 400, null, id);
    }
    return new Reply(json(200, task.output).setHeader("x-fal-request-id", id), 200, null, id);
  }

  private Reply cancel(Task task) {
    boolean done = context.clock.millis() >= task.doneMillis && !task.cancelled;
    if (!done) task.cancelled = true;
    return new Reply(json(done ? 400 : 202, Map.of("status", done ? "ALREADY_COMPLETED" : "CANCELLATION_REQUESTED")),
        done ? 400 : 202, null, null);
  }

  /** POSTs the webhook as fal does, signed when the emulator has a key. */
  private void deliver(String url, String id, Task task) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("request_id", id);
    body.put("gateway_request_id", id);
    body.put("status", "OK");
    body.put("payload", task.output);
    byte[] bytes = Json.write(body).getBytes(UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    if (webhookKey != null) {
      String timestamp = String.valueOf(context.clock.millis() / 1000);
      headers.put("X-Fal-Webhook-Request-Id", id);
      headers.put("X-Fal-Webhook-User-Id", USER_ID);
      headers.put("X-Fal-Webhook-Timestamp", timestamp);
      headers.put("X-Fal-Webhook-Signature", sign(id + "\n" + USER_ID + "\n" + timestamp + "\n" + sha256Hex(bytes)));
    }
    context.postCallback(url, bytes, headers);
  }

  private String sign(String message) {
    try {
      Signature ed25519 = Signature.getInstance("Ed25519");
      ed25519.initSign(webhookKey);
      ed25519.update(message.getBytes(UTF_8));
      return HexFormat.of().formatHex(ed25519.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + webhookKey.getAlgorithm(), e);
    }
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> detail(String field, String msg, String type) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("loc", List.of("body", field));
    detail.put("msg", msg);
    detail.put("type", type);
    return detail;
  }

  @Override
  MockResponse.Builder error(int status, String code, String message) {
    MockResponse.Builder response = json(status, Map.of("detail", message == null ? "error" : message));
    if (code != null) response.setHeader("x-fal-error-type", code);
    return response;
  }

  @Override
  String codeFor(int status) {
    return switch (status) {
      case 401, 403 -> "authentication_error";
      case 429 -> "rate_limited";
      default -> status >= 500 ? "internal_error" : "request_error";
    };
  }

  /** The JSON input as a form: its scalar fields, its image URLs (data URIs decoded later), the mask. */
  @Override
  EditForm tryParse(RecordedRequest request) {
    Object tree;
    try {
      tree = Json.parse(request.getBody() == null ? "" : request.getBody().utf8());
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!(tree instanceof Map<?, ?> input)) return null;
    EditForm form = EditForm.emptyJson();
    for (Map.Entry<?, ?> member : input.entrySet()) {
      String key = String.valueOf(member.getKey());
      Object value = member.getValue();
      if (key.equals("image_url") && value instanceof String s) {
        form.addUrlImage(key, s);
      } else if (key.equals("image_urls") && value instanceof List<?> urls) {
        for (Object url : urls) if (url instanceof String s) form.addUrlImage(key, s);
      } else if ((key.equals("mask_image_url") || key.equals("mask_url")) && value instanceof String s) {
        form.mask = new EditForm.Input("mask", "", "", null, s);
      } else if (value != null) {
        form.fields.put(key, Json.text(value));
      }
    }
    return form;
  }
}
