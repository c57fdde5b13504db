package io.github.imageedits.acedata;

import static io.github.imageedits.spi.JsonTree.object;
import static io.github.imageedits.spi.JsonTree.string;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.EditResult;
import io.github.imageedits.InsufficientBalanceException;
import io.github.imageedits.ModerationException;
import io.github.imageedits.ProviderError;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.TransportException;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.spi.OpenAiCompatibleAdapter;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.TaskUpdate;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AceData Cloud's Images Edits dialect: {@code POST https://api.acedata.cloud/openai/images/edits}
 * with {@code Authorization: Bearer {token}}; files as multipart, image URLs as a JSON body
 * (gpt-image-2) or as form fields (the nano-banana family); synchronous replies, immediate task ids
 * for {@code callback_url} requests (followed by {@code submit}: the signed callback, or
 * {@code POST /openai/tasks}), and AceData's error codes as typed exceptions.
 *
 * <pre>{@code
 * try (ImageEditClient client = ImageEdits.builder()
 *     .provider(AceData.NAME)
 *     .apiKey(System.getenv("ACEDATA_API_TOKEN"))
 *     .build()) {
 *   EditResult result = client.edit(EditRequest.builder()
 *       .model("gpt-image-2")
 *       .prompt("Convert this infographic to dark mode")
 *       .image(Path.of("infographic.png"))
 *       .build());
 * }
 * }</pre>
 *
 * <p>What AceData does differently from the OpenAI protocol: its path, its error codes, URL images as
 * form fields for the nano-banana family, the callback payload that nests the images one level
 * deeper, and its task API ({@code POST /openai/tasks}). Its synchronous reply ({@code success, task_id, trace_id, created, data, elapsed}), the
 * nano-banana reply ({@code created: 0}, urls only) and the immediate {@code {"task_id": …}} of a
 * callback request are all the OpenAI images shape the base class reads.
 */
public final class AceData extends OpenAiCompatibleAdapter {
  /** The name the provider is picked by. */
  public static final String NAME = "acedata";

  static final URI DEFAULT_BASE_URL = URI.create("https://api.acedata.cloud");
  static final String EDIT_PATH = "/openai/images/edits";
  static final String TASKS_PATH = "/openai/tasks";

  /** The adapter; {@code ImageEdits} finds it by {@link #NAME} through {@link java.util.ServiceLoader}. */
  public AceData() {
    super(NAME, DEFAULT_BASE_URL, EDIT_PATH);
  }

  @Override
  public CapabilityTable capabilities() {
    // Built on first use, once per JVM: ServiceLoader makes every adapter on the class path when a
    // client is built, and only the chosen one's table is ever read.
    return AceDataCapabilities.table();
  }

  /**
   * The nano-banana models reach the OpenAI protocol through an adaptation layer that documents an
   * image URL only "as a URL string in the form field"; a JSON body is documented for gpt-image-2
   * alone. So their URLs stay in the multipart form.
   */
  @Override
  protected boolean urlImagesAsJson(PreparedEdit edit) {
    return !isNanoBanana(edit.request().model());
  }

  static boolean isNanoBanana(String model) {
    return model != null && model.toLowerCase(Locale.ROOT).startsWith("nano-banana");
  }

  /**
   * Also reads the callback payload, {@code {success, task_id, trace_id, data:{created, data:[…]}}},
   * which the provider POSTs to a {@code callback_url} (and which the asynchronous side hands to
   * this adapter): its images are one level deeper than in a synchronous reply.
   */
  @Override
  protected EditResult result(PreparedEdit edit, WireReply reply) {
    return super.result(edit, flat(reply));
  }

  /**
   * Flattens the callback shape ({@code data:{created, data:[…]}}) into the synchronous one; a
   * reply already flat is returned as it is.
   */
  private static WireReply flat(WireReply reply) {
    Map<String, Object> nested = object(reply.json(), "data");
    if (nested == null) return reply;
    Map<String, Object> flat = new LinkedHashMap<>(object(reply.json()));
    flat.remove("data");
    nested.forEach(flat::putIfAbsent); // created and data
    flat.put("data", nested.get("data"));
    return new WireReply(reply.status(), reply.headers(), flat, reply.text());
  }

  // ---- asynchronous edits ---------------------------------------------------------------------

  /**
   * The edit with its {@code callback_url} and our {@code trace_id}, as a form field or a JSON member:
   * AceData answers a callback request with {@code {task_id}} at once, and its task API finds the
   * task by either id.
   */
  @Override
  public WireRequest toAsyncWire(PreparedEdit edit, ProviderContext context, String traceId) {
    WireRequest wire = toWire(edit, context);
    if (traceId == null) return wire;
    WireRequest.Body body;
    if (wire.body() instanceof WireRequest.Multipart form) {
      List<WireRequest.Part> parts = new ArrayList<>(form.parts());
      parts.add(new WireRequest.TextPart("trace_id", traceId));
      body = new WireRequest.Multipart(parts);
    } else if (wire.body() instanceof WireRequest.Json json) {
      Map<String, Object> fields = new LinkedHashMap<>(json.fields());
      fields.put("trace_id", traceId);
      body = new WireRequest.Json(fields);
    } else {
      body = wire.body();
    }
    return wire.toBuilder().body(body).build();
  }

  /**
   * The callback of AceData's Images Edits guide (its current edition, "Asynchronous Callback"):
   * {@code {success, task_id, trace_id, data:{created, data:[…]}}}, or the
   * error shape {@code {success: false, task_id, trace_id, error:{code, message}}}.
   */
  @Override
  public TaskUpdate readCallback(WireReply payload) {
    String taskId = string(payload.json(), "task_id");
    if (taskId == null) {
      throw new TransportException(NAME + " sent a callback without a task_id", null);
    }
    return outcome(taskId, null, payload);
  }

  /** {@code POST /openai/tasks} with {@code {"action": "retrieve", "id": TASK_ID}}. */
  @Override
  public WireRequest toTaskWire(String taskId, ProviderContext context) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + context.apiKey().reveal());
    headers.put("Accept", "application/json");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("action", "retrieve");
    fields.put("id", taskId);
    return WireRequest.builder()
        .method("POST")
        .url(context.resolve(TASKS_PATH))
        .headers(headers)
        .body(new WireRequest.Json(fields))
        .build();
  }

  /**
   * The task record, {@code {id, trace_id, type, request, response, created_at, finished_at,
   * duration}}: running while {@code response} is null; {@code response} is the synchronous reply
   * (or the error). AceData answers {@code {}} for a task it does not know, which reads as running:
   * a task is recorded as it is accepted, so this is a task another account owns or a mistyped id,
   * and the deadline ends the wait.
   */
  @Override
  public TaskUpdate readTask(String taskId, WireReply reply) {
    if (reportsFailure(reply)) throw error(reply);
    Map<String, Object> record = object(reply.json());
    if (record == null) {
      throw new TransportException(NAME + " answered a task query with a body that is not a JSON object: "
          + quote(reply), null);
    }
    String id = string(record, "id");
    if (id != null && !id.equals(taskId)) {
      throw new TransportException(NAME + " answered a query for task " + taskId + " about task " + id, null);
    }
    Map<String, Object> response = object(record, "response");
    if (response == null) return TaskUpdate.running(taskId);
    WireReply inner = new WireReply(reply.status(), reply.headers(), response, null);
    return outcome(taskId, string(object(record, "request"), "model"), inner);
  }

  /** The finished or failed task that {@code reply} (a callback or a task's response) reports. */
  private TaskUpdate outcome(String taskId, String model, WireReply reply) {
    if (reportsFailure(reply)) {
      // A callback arrives with our receiver's 200; the error code tells the status AceData gives it.
      String code = string(object(reply.json(), "error"), "code");
      WireReply failed = new WireReply(statusOf(code), reply.headers(), reply.json(), reply.text());
      return TaskUpdate.failed(taskId, error(failed));
    }
    EditResult result = result(model, List.of(), flat(reply));
    if (result.images().isEmpty()) {
      throw new TransportException(NAME + " reported task " + taskId + " finished without images", null);
    }
    return TaskUpdate.finished(taskId, result);
  }

  /** The HTTP status AceData answers an error code with (its Images Edits guide, spec and SDKs). */
  static int statusOf(String code) {
    return switch (code == null ? "" : code.toLowerCase(Locale.ROOT)) {
      case "token_mismatched", "api_not_implemented", "bad_request" -> 400;
      case "invalid_token", "token_expired", "no_token" -> 401;
      case "disabled", "used_up", "forbidden" -> 403;
      case "too_many_requests" -> 429;
      case "timeout" -> 504;
      default -> 500;
    };
  }

  /**
   * AceData's error codes, from its documents, public spec and SDKs. Codes it may add later fall
   * back to the HTTP status. The code decides before the status: AceData answers {@code used_up}
   * with a 403, the status it also uses for moderation.
   */
  @Override
  protected ProviderException classify(ProviderError error) {
    String code = error.code() == null ? "" : error.code().toLowerCase(Locale.ROOT);
    return switch (code) {
      // The token is wrong, stale, absent, or its account is switched off.
      case "invalid_token", "token_expired", "no_token", "disabled" -> new AuthenticationException(error);
      case "used_up" -> new InsufficientBalanceException(error);
      // AceData's 403: the prompt or image was refused by content moderation.
      case "forbidden" -> new ModerationException(error);
      case "too_many_requests" -> new RateLimitException(error);
      // The 400s the documents call "bad request, possibly due to missing or invalid parameters",
      // and the 5xx failures (api_error 500, timeout 504): plain provider errors, whose status
      // tells a caller whether trying again can help (ProviderException.isTransient()).
      case "token_mismatched", "api_not_implemented", "bad_request", "api_error", "timeout" ->
          new ProviderException(error);
      // AceData's own SDK reads a 403 with a code it does not know as a moderation refusal.
      default -> error.status() == 403 ? new ModerationException(error) : super.classify(error);
    };
  }
}
