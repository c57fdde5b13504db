package io.github.imageedits.emulator;

import io.github.imageedits.emulator.EditPlan.Family;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * AceData Cloud's dialect, as its documents show it: {@code POST /openai/images/edits} (and the
 * older {@code /v1/images/edits}) with a bearer token, multipart or JSON bodies, the
 * {@code {success, task_id, trace_id, created, data, elapsed}} reply (nano-banana:
 * {@code {created: 0, data}}), the {@code {task_id}} reply and later callback POST for
 * {@code callback_url}, {@code POST /openai/tasks}, and errors as
 * {@code {success: false, error: {code, message}, trace_id}}.
 */
final class AceDataProtocol extends Protocol {
  static final Map<String, Family> MODELS = Map.ofEntries(
      Map.entry("dall-e-2", Family.DALL_E_2),
      Map.entry("gpt-image-1", Family.GPT_IMAGE),
      Map.entry("gpt-image-1-mini", Family.GPT_IMAGE),
      Map.entry("gpt-image-1.5", Family.GPT_IMAGE),
      Map.entry("gpt-image-2", Family.GPT_IMAGE_2),
      Map.entry("gpt-image-2:reverse", Family.GPT_IMAGE_2),
      Map.entry("gpt-image-2:official", Family.GPT_IMAGE_2),
      Map.entry("nano-banana", Family.NANO_BANANA),
      Map.entry("nano-banana-2", Family.NANO_BANANA),
      Map.entry("nano-banana-2-lite", Family.NANO_BANANA),
      Map.entry("nano-banana-pro", Family.NANO_BANANA));

  private static final Set<String> NOT_EDIT_MODELS = Set.of("dall-e-3");

  static final String TASKS_PATH = "/openai/tasks";
  private static final int DEFAULT_BATCH_LIMIT = 12;

  // Insertion order kept for retrieve_batch listings; guarded by itself.
  private final Map<String, Task> tasks = new LinkedHashMap<>();

  AceDataProtocol(EmulatorContext context) {
    super(context);
  }

  @Override
  boolean isEditPath(String path) {
    return path.equals("/openai/images/edits") || path.equals("/v1/images/edits");
  }

  @Override
  Reply handle(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    boolean edit = isEditPath(path);
    if (!edit && !path.equals(TASKS_PATH)) {
      return new Reply(error(404, "not_found", "no API at " + request.getMethod() + " " + path), 404, null, null);
    }
    EditForm form = edit ? tryParse(request) : null;
    if (!request.getMethod().equals("POST")) {
      return new Reply(error(405, "method_not_allowed", path + " takes POST"), 405, form, null);
    }
    if (!context.authorized(request)) {
      boolean none = request.getHeaders().get("Authorization") == null;
      String message = none ? "the Authorization header with a Bearer token is missing" : "the token is invalid";
      return new Reply(error(401, "invalid_token", message), 401, form, null);
    }
    return edit ? edit(request) : tasks(request);
  }

  @Override
  EditForm tryParse(RecordedRequest request) {
    try {
      return EditForm.parse(request, true);
    } catch (Rejection e) {
      return null;
    }
  }

  @Override
  MockResponse.Builder error(int status, String code, String message) {
    String traceId = context.newId("trace");
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("success", false);
    body.put("error", error);
    body.put("trace_id", traceId);
    return json(status, body).setHeader("x-request-id", traceId);
  }

  @Override
  String codeFor(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "invalid_token";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 429 -> "too_many_requests";
      case 504 -> "timeout";
      default -> status >= 500 ? "api_error" : "bad_request";
    };
  }

  private Reply edit(RecordedRequest request) {
    EditForm form = null;
    try {
      form = EditForm.parse(request, true);
      if (NOT_EDIT_MODELS.contains(form.fields.get("model"))) {
        // AceData's API reference lists dall-e-3 in its enum, but it is no edit model (AceData's
        // Images Edits guide, both editions; OpenAI).
        throw new Rejection(400, "api_not_implemented", form.fields.get("model") + " does not support image edits");
      }
      EditPlan plan = EditPlan.of(form, MODELS, 0, context.strictPartTypes);
      Inputs inputs = load(plan, form);
      String taskId = context.newId("task");
      String traceId = form.fields.containsKey("trace_id") ? form.fields.get("trace_id") : context.newId("trace");
      if (plan.callbackUrl() != null) return submit(form, plan, inputs, taskId, traceId);

      long start = System.nanoTime();
      List<Map<String, Object>> items = items(plan, render(plan, inputs, label(plan)), taskId);
      Map<String, Object> reply = envelope(plan, taskId, traceId, items, start);
      return new Reply(json(200, reply).setHeader("x-request-id", traceId), 200, form, taskId);
    } catch (Rejection r) {
      return rejected(r, form);
    }
  }

  /** The callback flow: {@code {task_id}} now; the edit, the task record and the POST later. */
  private Reply submit(EditForm form, EditPlan plan, Inputs inputs, String taskId, String traceId) {
    Task task = new Task(taskId, traceId, plan.family() == Family.GPT_IMAGE_2 ? "images" : "images_edits",
        echo(form), context.clock.millis());
    synchronized (tasks) {
      tasks.put(taskId, task);
    }
    context.later(() -> {
      Map<String, Object> payload = new LinkedHashMap<>();
      try {
        long start = System.nanoTime();
        List<Map<String, Object>> items = items(plan, render(plan, inputs, label(plan)), taskId);
        task.finish(envelope(plan, taskId, traceId, items, start), context.clock.millis());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("created", created(plan));
        data.put("data", items);
        payload.put("success", true);
        payload.put("task_id", taskId);
        payload.put("trace_id", traceId);
        payload.put("data", data);
      } catch (RuntimeException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", "api_error");
        error.put("message", "the emulator failed to edit: " + e);
        payload.put("success", false);
        payload.put("task_id", taskId);
        payload.put("trace_id", traceId);
        payload.put("error", error);
        task.finish(payload, context.clock.millis());
      }
      context.postCallback(plan.callbackUrl(), payload);
    });
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("task_id", taskId);
    return new Reply(json(200, reply).setHeader("x-request-id", traceId), 200, form, taskId);
  }

  private Map<String, Object> envelope(EditPlan plan, String taskId, String traceId,
      List<Map<String, Object>> items, long startNanos) {
    Map<String, Object> reply = new LinkedHashMap<>();
    if (plan.family() == Family.NANO_BANANA) { // the adaptation layer's reply: created fixed at 0, data only
      reply.put("created", 0);
      reply.put("data", items);
      return reply;
    }
    reply.put("success", true);
    reply.put("task_id", taskId);
    reply.put("trace_id", traceId);
    reply.put("created", created(plan));
    reply.put("data", items);
    reply.put("elapsed", Math.round((System.nanoTime() - startNanos) / 1e6) / 1000.0);
    return reply;
  }

  private long created(EditPlan plan) {
    return plan.family() == Family.NANO_BANANA ? 0 : context.clock.millis() / 1000;
  }

  /** {@code data[]}: b64_json for gpt-image-1/1.5, url for gpt-image-2 and nano-banana, either for dall-e-2. */
  private List<Map<String, Object>> items(EditPlan plan, List<ImageEditor.Rendered> results, String taskId) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      ImageEditor.Rendered result = results.get(i);
      Map<String, Object> item = new LinkedHashMap<>();
      boolean url = switch (plan.family()) {
        case GPT_IMAGE -> false;
        case DALL_E_2 -> !"b64_json".equals(plan.responseFormat());
        default -> true;
      };
      if (plan.family() == Family.NANO_BANANA) {
        item.put("url", context.publishResult(taskId + "_" + i, result));
        item.put("revised_prompt", plan.prompt());
      } else {
        if (plan.family() != Family.DALL_E_2) item.put("revised_prompt", plan.prompt());
        if (url) item.put("url", context.publishResult(taskId + "_" + i, result));
        else item.put("b64_json", Base64.getEncoder().encodeToString(result.bytes()));
      }
      items.add(item);
    }
    return items;
  }

  private static String label(EditPlan plan) {
    return "acedata · " + plan.model();
  }

  /** The task record's copy of the request: the text fields and the images by URL or filename. */
  private static Map<String, Object> echo(EditForm form) {
    Map<String, Object> echo = new LinkedHashMap<>(form.fields);
    List<String> images = new ArrayList<>();
    for (EditForm.Input input : form.images) images.add(input.isUrl() ? input.url() : input.filename());
    echo.put("image", images.size() == 1 ? images.get(0) : images);
    if (form.mask != null) echo.put("mask", form.mask.isUrl() ? form.mask.url() : form.mask.filename());
    return echo;
  }

  /** {@code POST /openai/tasks}: {@code retrieve} by id or trace_id, {@code retrieve_batch}. */
  private Reply tasks(RecordedRequest request) {
    Object tree;
    try {
      if (!EditForm.mediaTypeOf(request).equals(EditForm.JSON)) {
        throw Rejection.badRequest("the tasks API takes an application/json body");
      }
      tree = Json.parse(request.getBody() == null ? "" : request.getBody().utf8());
      if (!(tree instanceof Map<?, ?>)) throw Rejection.badRequest("the JSON body must be an object");
    } catch (IllegalArgumentException e) {
      return rejected(Rejection.badRequest("malformed JSON body: " + e.getMessage()), null);
    } catch (Rejection r) {
      return rejected(r, null);
    }
    Map<?, ?> body = (Map<?, ?>) tree;
    Object action = body.get("action");
    if ("retrieve".equals(action)) {
      Object traceId = body.get("trace_id");
      Object id = body.get("id");
      if (!(traceId instanceof String) && !(id instanceof String)) {
        return rejected(Rejection.badRequest("id or trace_id is required"), null);
      }
      Task found = null;
      synchronized (tasks) {
        for (Task task : tasks.values()) {
          // trace_id wins when both are given, as documented
          if (traceId instanceof String t ? task.traceId.equals(t) : task.id.equals(id)) found = task;
        }
      }
      return new Reply(json(200, found == null ? Map.of() : found.toJson()), 200, null, null);
    }
    if ("retrieve_batch".equals(action)) {
      List<?> ids = body.get("ids") instanceof List<?> l ? l : null;
      List<?> traceIds = body.get("trace_ids") instanceof List<?> l ? l : null;
      int offset = body.get("offset") instanceof Number o ? Math.max(0, o.intValue()) : 0;
      int limit = body.get("limit") instanceof Number l ? Math.max(0, l.intValue()) : DEFAULT_BATCH_LIMIT;
      List<Map<String, Object>> matched = new ArrayList<>();
      synchronized (tasks) {
        for (Task task : tasks.values()) {
          if (ids != null && !ids.contains(task.id)) continue;
          if (traceIds != null && !traceIds.contains(task.traceId)) continue;
          matched.add(task.toJson());
        }
      }
      Map<String, Object> reply = new LinkedHashMap<>();
      reply.put("items", matched.subList(Math.min(offset, matched.size()), Math.min(matched.size(), offset + limit)));
      reply.put("count", matched.size());
      return new Reply(json(200, reply), 200, null, null);
    }
    return rejected(Rejection.badRequest("action must be 'retrieve' or 'retrieve_batch'"), null);
  }

  /** A task record, as {@code /openai/tasks} returns it. Only callback requests make one. */
  private static final class Task {
    final String id;
    final String traceId;
    final String type;
    final Map<String, Object> request;
    final long createdAtMillis;
    private volatile Map<String, Object> response;
    private volatile long finishedAtMillis;

    Task(String id, String traceId, String type, Map<String, Object> request, long createdAtMillis) {
      this.id = id;
      this.traceId = traceId;
      this.type = type;
      this.request = request;
      this.createdAtMillis = createdAtMillis;
    }

    void finish(Map<String, Object> response, long finishedAtMillis) {
      this.finishedAtMillis = finishedAtMillis;
      this.response = response; // written last: a reader that sees it sees the finish time too
    }

    Map<String, Object> toJson() {
      Map<String, Object> response = this.response;
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", id);
      json.put("trace_id", traceId);
      json.put("type", type);
      json.put("request", request);
      json.put("response", response);
      json.put("created_at", createdAtMillis / 1000);
      json.put("finished_at", response == null ? null : finishedAtMillis / 1000);
      json.put("duration", response == null ? null : (finishedAtMillis - createdAtMillis) / 1000.0);
      return json;
    }
  }
}
