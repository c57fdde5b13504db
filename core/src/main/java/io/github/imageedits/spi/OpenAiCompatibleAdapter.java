package io.github.imageedits.spi;

import static io.github.imageedits.spi.JsonTree.list;
import static io.github.imageedits.spi.JsonTree.number;
import static io.github.imageedits.spi.JsonTree.object;
import static io.github.imageedits.spi.JsonTree.string;
import static java.util.Objects.requireNonNull;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditedImage;
import io.github.imageedits.ImageData;
import io.github.imageedits.ImageSource;
import io.github.imageedits.InsufficientBalanceException;
import io.github.imageedits.ModerationException;
import io.github.imageedits.PartialImage;
import io.github.imageedits.Option;
import io.github.imageedits.ProviderError;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.RedirectException;
import io.github.imageedits.TransportException;
import io.github.imageedits.Usage;
import io.github.imageedits.image.ImageInfo;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI Images Edits protocol, written once. A provider adapter extends this class, names its
 * path and capability table, and overrides only what its provider does differently (reply shapes,
 * error codes).
 *
 * <p>Requests: file images go as multipart parts, one as {@code image} and several as repeated
 * {@code image[]}, each with its filename and real content type; URL images go as a JSON body
 * ({@code "image": "url"} or an array), or as form fields where a provider documents that
 * ({@link #urlImagesAsJson}). Options are sent only when set. Replies: the OpenAI images
 * shape {@code {created, data:[{url|b64_json, revised_prompt}], usage}}, with the fields some
 * providers add ({@code success, task_id, trace_id, elapsed}); errors as
 * {@code {error:{code, message, type}}}.
 */
public abstract class OpenAiCompatibleAdapter implements ProviderAdapter {
  /** Error text quoted from a non-JSON body is cut to this many characters. */
  protected static final int QUOTE_LIMIT = 300;

  private final String name;
  private final URI defaultBaseUrl;
  private final String editPath;
  /** The edit URL last resolved, and for which context (see {@link #editUrl}). */
  private volatile ResolvedUrl lastEditUrl;

  /**
   * @param name the provider name
   * @param defaultBaseUrl the API root used when the caller gives none
   * @param editPath the edits path appended to the base URL, for example {@code /v1/images/edits}
   */
  protected OpenAiCompatibleAdapter(String name, URI defaultBaseUrl, String editPath) {
    this.name = requireNonNull(name, "name == null");
    this.defaultBaseUrl = requireNonNull(defaultBaseUrl, "defaultBaseUrl == null");
    this.editPath = requireNonNull(editPath, "editPath == null");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final URI defaultBaseUrl() {
    return defaultBaseUrl;
  }

  @Override
  public WireRequest toWire(PreparedEdit edit, ProviderContext context) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + context.apiKey().reveal());
    headers.put("Accept", "application/json");
    EditRequest request = edit.request();
    boolean anyUrl = false;
    for (ImageSource image : request.images()) anyUrl |= image instanceof ImageSource.UrlImage;
    WireRequest.Body body = anyUrl && urlImagesAsJson(edit) ? jsonBody(edit) : multipartBody(edit);
    return WireRequest.builder()
        .method("POST")
        .url(editUrl(context))
        .headers(headers)
        .body(body)
        .build();
  }

  /**
   * The edit URL of {@code context}: resolved once per context, not parsed again for every edit
   * (a client keeps one context for its life).
   */
  private URI editUrl(ProviderContext context) {
    ResolvedUrl last = lastEditUrl;
    if (last != null && last.context() == context) return last.url();
    URI url = context.resolve(editPath);
    lastEditUrl = new ResolvedUrl(context, url);
    return url;
  }

  private record ResolvedUrl(ProviderContext context, URI url) {}

  /**
   * Whether a request with image URLs goes as a JSON body ({@code "image": "url"} or an array), the
   * default, or as a multipart form in which each URL is a text field under the image field name,
   * as some providers document for some models (AceData's nano-banana family).
   */
  protected boolean urlImagesAsJson(PreparedEdit edit) {
    return true;
  }

  /** The text fields of a request, in wire order, with their wire names. Unset options are absent. */
  protected Map<String, String> textFields(EditRequest request) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("model", request.model());
    fields.put("prompt", request.prompt());
    for (Option option : Option.values()) {
      if (option == Option.MASK) continue;
      Object value = request.get(option);
      if (value != null) fields.put(option.wireName(), value.toString());
    }
    return fields;
  }

  private WireRequest.Body multipartBody(PreparedEdit edit) {
    EditRequest request = edit.request();
    List<WireRequest.Part> parts = new ArrayList<>();
    for (Map.Entry<String, String> field : textFields(request).entrySet()) {
      parts.add(new WireRequest.TextPart(field.getKey(), field.getValue()));
    }
    // One image goes as "image", several as repeated "image[]": what the OpenAI SDKs send.
    String imageField = request.images().size() == 1 ? "image" : "image[]";
    for (int i = 0; i < request.images().size(); i++) {
      ImageSource image = request.images().get(i);
      parts.add(image instanceof ImageSource.UrlImage u
          ? new WireRequest.TextPart(imageField, u.url().toString())
          : filePart(imageField, image, edit.imageInfos().get(i), "image-" + i));
    }
    if (request.mask() != null) {
      parts.add(filePart("mask", request.mask(), edit.maskInfo(), "mask"));
    }
    return new WireRequest.Multipart(parts);
  }

  private static WireRequest.FilePart filePart(String field, ImageSource source, ImageInfo info, String fallbackName) {
    requireNonNull(info, "validated file images carry their header info");
    String filename;
    if (source instanceof ImageSource.FileImage f) {
      Path name = f.path().getFileName();
      filename = name == null ? fallbackName + "." + info.format().extension() : name.toString();
    } else if (source instanceof ImageSource.BytesImage b && !b.filename().isBlank()) {
      filename = b.filename();
    } else {
      filename = fallbackName + "." + info.format().extension();
    }
    return new WireRequest.FilePart(field, filename, info.format().mediaType(), source, info.byteSize());
  }

  private WireRequest.Body jsonBody(PreparedEdit edit) {
    EditRequest request = edit.request();
    Map<String, Object> fields = new LinkedHashMap<>();
    textFields(request).forEach((k, v) -> fields.put(k, jsonValue(k, v)));
    List<String> urls = request.images().stream()
        .map(i -> ((ImageSource.UrlImage) i).url().toString())
        .toList();
    fields.put("image", urls.size() == 1 ? urls.get(0) : urls);
    return new WireRequest.Json(fields);
  }

  /** Numbers go as JSON numbers in a JSON body. */
  private static Object jsonValue(String field, String value) {
    return switch (field) {
      case "n", "output_compression", "partial_images" -> Integer.valueOf(value);
      default -> value;
    };
  }

  @Override
  public EditResult readReply(PreparedEdit edit, WireReply reply) {
    Object json = reply.json();
    if (reportsFailure(reply)) throw error(reply);
    if (object(json) == null) {
      throw new TransportException(name + " answered HTTP " + reply.status()
          + " with a body that is not a JSON object: " + quote(reply), null);
    }
    return result(edit, reply);
  }

  /**
   * True for a reply that reports a failure: a status other than 2xx, {@code success: false}, or an
   * {@code error} member without images.
   */
  protected static boolean reportsFailure(WireReply reply) {
    Object json = reply.json();
    return !reply.successful() || Boolean.FALSE.equals(JsonTree.bool(json, "success"))
        || (json != null && object(json, "error") != null && list(json, "data").isEmpty());
  }

  /**
   * Reads a successful reply in the OpenAI images shape. Override for providers whose successful
   * reply has another shape, and call this for the images shape.
   */
  protected EditResult result(PreparedEdit edit, WireReply reply) {
    return result(edit.request().model(), edit.warnings(), reply);
  }

  /**
   * Reads a reply in the OpenAI images shape for {@code model} (null when not known, as for a task
   * resumed by id), with {@code warnings}: what {@link #result(PreparedEdit, WireReply)} does, for
   * callbacks and task queries, which come without the edit.
   */
  protected EditResult result(@Nullable String model, List<io.github.imageedits.Violation> warnings,
      WireReply reply) {
    Object json = reply.json();
    List<EditedImage> images = new ArrayList<>();
    for (Object item : list(json, "data")) {
      EditedImage image = image(item);
      if (image != null) images.add(image);
    }
    String taskId = string(json, "task_id");
    if (images.isEmpty() && taskId == null) {
      throw new TransportException(name + " answered HTTP " + reply.status()
          + " without images or a task id: " + quote(reply), null);
    }
    Double created = number(json, "created");
    Double elapsed = number(json, "elapsed");
    return EditResult.builder(name)
        .model(model)
        .images(images)
        .created(created == null ? 0 : created.longValue())
        .taskId(taskId)
        .traceId(string(json, "trace_id"))
        .requestId(requestId(reply))
        .elapsed(elapsed == null ? null : Duration.ofMillis(Math.round(elapsed * 1000)))
        .usage(usage(object(json, "usage")))
        .warnings(warnings)
        .build();
  }

  /**
   * The request of {@link #toWire} asking for a stream, as the OpenAI SDKs send it: a {@code stream}
   * field ({@code "true"} in a form, {@code true} in JSON) and {@code Accept: text/event-stream}.
   */
  @Override
  public WireRequest toStreamingWire(PreparedEdit edit, ProviderContext context) {
    WireRequest wire = toWire(edit, context);
    Map<String, String> headers = new LinkedHashMap<>(wire.headers());
    headers.keySet().removeIf(k -> k.equalsIgnoreCase("Accept"));
    headers.put("Accept", "text/event-stream");
    WireRequest.Body body;
    if (wire.body() instanceof WireRequest.Multipart form) {
      List<WireRequest.Part> parts = new ArrayList<>(form.parts());
      parts.add(new WireRequest.TextPart("stream", "true"));
      body = new WireRequest.Multipart(parts);
    } else if (wire.body() instanceof WireRequest.Json json) {
      Map<String, Object> fields = new LinkedHashMap<>(json.fields());
      fields.put("stream", Boolean.TRUE);
      body = new WireRequest.Json(fields);
    } else {
      throw new IllegalStateException("an edit request has a body");
    }
    return wire.toBuilder().headers(headers).body(body).build();
  }

  /**
   * Reads OpenAI's image edit events: {@code image_edit.partial_image} ({@code b64_json,
   * partial_image_index, size, quality, background, output_format, created_at}) becomes a partial
   * image, {@code image_edit.completed} ({@code b64_json, usage, created_at}) the result, and an
   * {@code error} event (or any data with an {@code error} member) a typed exception. The type is
   * read from the data's {@code type} member, else from the {@code event:} field;
   * {@code image_generation.*} events are read alike. Anything else ({@code [DONE]}, keep-alives,
   * unknown types) is nothing.
   */
  @Override
  public EditEvent readEvent(PreparedEdit edit, WireEvent event) {
    WireReply data = event.data();
    Object json = data.json();
    String type = string(json, "type");
    if (type == null) type = event.type();
    if (type == null) type = "";
    if (type.equals("error") || JsonTree.get(json, "error") != null) {
      Object errorNode = JsonTree.get(json, "error");
      // OpenAI nests the error ({"error":{...}}); some servers put its fields at the top level.
      Object shaped = errorNode != null || json == null ? json : Map.of("error", json);
      throw error(new WireReply(data.status(), data.headers(), shaped, data.text()));
    }
    if (type.endsWith(".partial_image")) {
      ImageData image = imageData(json);
      if (image == null) {
        throw new TransportException(name + " sent a partial image event without b64_json", null);
      }
      Double index = number(json, "partial_image_index");
      Double created = number(json, "created_at");
      return EditEvent.partial(new PartialImage(index == null ? 0 : index.intValue(), image,
          string(json, "size"), string(json, "quality"), string(json, "background"),
          string(json, "output_format"), created == null ? 0 : created.longValue()));
    }
    if (type.endsWith(".completed")) {
      ImageData image = imageData(json);
      if (image == null) {
        throw new TransportException(name + " sent a completed event without b64_json", null);
      }
      Double created = number(json, "created_at");
      return EditEvent.completed(EditResult.builder(name)
          .model(edit.request().model())
          .images(List.of(new EditedImage(null, image, null)))
          .created(created == null ? 0 : created.longValue())
          .traceId(string(json, "trace_id"))
          .requestId(requestId(data))
          .usage(usage(object(json, "usage")))
          .warnings(edit.warnings())
          .build());
    }
    return EditEvent.none();
  }

  private static ImageData imageData(Object json) {
    Object b64 = JsonTree.get(json, "b64_json");
    return b64 instanceof ImageData d ? d
        : b64 instanceof String s && !s.isEmpty() ? ImageData.ofBase64(s) : null;
  }

  /** One entry of {@code data[]}: url and/or b64_json, and revised_prompt. Null when it has neither. */
  protected static @Nullable EditedImage image(@Nullable Object item) {
    String url = string(item, "url");
    Object b64 = JsonTree.get(item, "b64_json");
    ImageData data = b64 instanceof ImageData d ? d
        : b64 instanceof String s && !s.isEmpty() ? ImageData.ofBase64(s) : null;
    if (url == null && data == null) return null;
    return new EditedImage(url, data, string(item, "revised_prompt"));
  }

  /** Reads {@code usage} in either naming (input/output or prompt/completion tokens); null stays null. */
  protected static @Nullable Usage usage(@Nullable Map<String, Object> usage) {
    if (usage == null) return null;
    Double in = first(number(usage, "input_tokens"), number(usage, "prompt_tokens"));
    Double out = first(number(usage, "output_tokens"), number(usage, "completion_tokens"));
    Double total = number(usage, "total_tokens");
    long i = in == null ? 0 : in.longValue();
    long o = out == null ? 0 : out.longValue();
    return new Usage(i, o, total == null ? i + o : total.longValue());
  }

  private static Double first(Double a, Double b) {
    return a != null ? a : b;
  }

  /**
   * The typed error for an error reply: reads {@code {error:{code, message, type}}} and a top-level
   * {@code trace_id}, else quotes the start of the body, and lets {@link #classify} pick the type.
   */
  protected ProviderException error(WireReply reply) {
    Object json = reply.json();
    if (reply.status() >= 300 && reply.status() < 400) return redirect(reply);
    Object errorNode = JsonTree.get(json, "error");
    String code = string(errorNode, "code");
    String message = string(errorNode, "message");
    if (errorNode instanceof String s) message = s; // some gateways send "error": "text"
    if (code == null) code = string(errorNode, "type");
    if (message == null) message = string(json, "message");
    // A page from a proxy or load balancer in front of the API: one line, not the raw HTML.
    if (message == null && json == null) message = ReplyText.summary(name, reply);
    String traceId = first(string(json, "trace_id"), string(errorNode, "trace_id"));
    ProviderError error = new ProviderError(name, reply.status(), code, shorten(message), traceId,
        requestId(reply));
    return classify(error);
  }

  /**
   * The provider's id for this request, read from the reply's headers: {@code x-request-id} by
   * default. Override for a provider that names it otherwise; results, streamed results and errors
   * all read it here.
   */
  protected @Nullable String requestId(WireReply reply) {
    return reply.header("x-request-id");
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  /**
   * A 3xx: the base URL is not where the API answers (an http→https front door, a moved API).
   * The base URL to set is the {@code Location} without this adapter's edit path, when it ends so.
   */
  private RedirectException redirect(WireReply reply) {
    String location = ReplyText.oneLine(reply.header("location"));
    String suggested = null;
    if (location != null) {
      try {
        URI target = URI.create(location);
        String path = target.getRawPath() == null ? "" : target.getRawPath();
        // An edit path may carry a query (Azure's ?api-version=…); the Location's path has none.
        int query = editPath.indexOf('?');
        String editPathOnly = query < 0 ? editPath : editPath.substring(0, query);
        if (target.isAbsolute() && path.endsWith(editPathOnly)) {
          suggested = target.getScheme() + "://" + target.getRawAuthority()
              + path.substring(0, path.length() - editPathOnly.length());
        }
      } catch (IllegalArgumentException e) {
        // not a URI: shown as given, with no suggestion
      }
    }
    ProviderError error = new ProviderError(name, reply.status(), null, null, null, requestId(reply));
    return new RedirectException(error, location, suggested);
  }

  /**
   * Picks the exception type for an error. The default reads the HTTP status and the common
   * OpenAI codes; providers add their own codes by overriding and falling back to this.
   */
  protected ProviderException classify(ProviderError error) {
    String code = error.code() == null ? "" : error.code();
    if (code.contains("moderation") || code.equals("content_policy_violation")) {
      return new ModerationException(error);
    }
    if (code.equals("insufficient_quota") || code.equals("billing_hard_limit_reached")) {
      return new InsufficientBalanceException(error);
    }
    return switch (error.status()) {
      case 401 -> new AuthenticationException(error);
      case 402 -> new InsufficientBalanceException(error);
      case 429 -> new RateLimitException(error);
      default -> new ProviderException(error);
    };
  }

  /**
   * A body that is not JSON, in one line for a message: an HTML page's title, else the start of
   * its text with whitespace collapsed, else {@code (empty body)}.
   */
  protected static String quote(WireReply reply) {
    return ReplyText.gist(reply);
  }

  /** Cuts {@code text} to {@link #QUOTE_LIMIT} characters for a message. */
  protected static @Nullable String shorten(@Nullable String text) {
    if (text == null) return null;
    return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "…";
  }
}
