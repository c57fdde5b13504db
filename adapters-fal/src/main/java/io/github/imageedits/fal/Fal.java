package io.github.imageedits.fal;

import static io.github.imageedits.spi.JsonTree.list;
import static io.github.imageedits.spi.JsonTree.object;
import static io.github.imageedits.spi.JsonTree.string;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditedImage;
import io.github.imageedits.ImageSource;
import io.github.imageedits.InsufficientBalanceException;
import io.github.imageedits.Option;
import io.github.imageedits.ProviderError;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.TransportException;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.image.ImageInfo;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.TaskUpdate;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import org.jspecify.annotations.Nullable;
import java.net.URI;
import java.net.URLEncoder;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * fal's queue ({@code https://queue.fal.run}): an edit is submitted with
 * {@code POST /{model_id}} and {@code Authorization: Key {FAL_KEY}}, a JSON body with the prompt
 * and the images as {@code image_url}/{@code image_urls} (URLs, or data URIs for files), then
 * followed: its status polled until {@code COMPLETED}, its result fetched; or delivered to a
 * webhook ({@code ?fal_webhook=}), which fal signs with Ed25519.
 *
 * <pre>{@code
 * try (ImageEditClient client = ImageEdits.builder()
 *     .provider(Fal.NAME)
 *     .apiKey(System.getenv("FAL_KEY"))
 *     .build()) {
 *   EditResult result = client.edit(EditRequest.builder()   // submit, poll, fetch: one call
 *       .model("fal-ai/flux-pro/kontext")
 *       .prompt("Put a red scarf on the cat")
 *       .image(Path.of("cat.png"))
 *       .build());
 * }
 *
 * // Webhooks, verified with the keys fal publishes (the "x" of each key in its JWKS):
 * ImageEditClient client = ImageEdits.builder()
 *     .provider(Fal.builder().webhookKey("<JWKS x>").build())
 *     .apiKey(System.getenv("FAL_KEY"))
 *     .callbackUrl("https://app.example.com/imageedits/callback")
 *     .build();
 * }</pre>
 *
 * <p>A task id is the request's place in the queue, {@code {owner}/{alias}/requests/{request_id}}
 * (the path of the {@code response_url} fal returns: the endpoint's sub-path is not part of it), so
 * {@code client.resume(taskId, options)} needs nothing else. The returned URLs are followed by
 * their path below the configured base URL: the key goes to no host the caller did not choose.
 */
public final class Fal implements ProviderAdapter {
  /** The name the provider is picked by. */
  public static final String NAME = "fal";

  static final URI DEFAULT_BASE_URL = URI.create("https://queue.fal.run");
  static final String KONTEXT = "fal-ai/flux-pro/kontext";
  static final String KONTEXT_MAX = "fal-ai/flux-pro/kontext/max";
  static final String KONTEXT_MULTI = "fal-ai/flux-pro/kontext/multi";
  static final String KONTEXT_MAX_MULTI = "fal-ai/flux-pro/kontext/max/multi";
  static final String NANO_BANANA_EDIT = "fal-ai/nano-banana/edit";
  static final String NANO_BANANA_PRO_EDIT = "fal-ai/nano-banana-pro/edit";
  static final String GPT_IMAGE_1_EDIT = "fal-ai/gpt-image-1/edit-image";
  static final String GPT_IMAGE_1_5_EDIT = "fal-ai/gpt-image-1.5/edit";
  static final String GPT_IMAGE_1_MINI_EDIT = "fal-ai/gpt-image-1-mini/edit";

  /** fal's webhook headers (docs.fal.ai/model-endpoints/webhooks, "Verifying your webhook"). */
  static final String REQUEST_ID_HEADER = "X-Fal-Webhook-Request-Id";
  static final String USER_ID_HEADER = "X-Fal-Webhook-User-Id";
  static final String TIMESTAMP_HEADER = "X-Fal-Webhook-Timestamp";
  static final String SIGNATURE_HEADER = "X-Fal-Webhook-Signature";
  /** How far a webhook's timestamp may be from our clock. */
  static final Duration WEBHOOK_TOLERANCE = Duration.ofSeconds(300);

  /** Model ids and task ids: path segments only, so neither can leave the queue's paths. */
  private static final Pattern SEGMENTS = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/requests/[A-Za-z0-9_-]+");
  /** The DER prefix of an X.509 Ed25519 public key; the 32 raw key bytes follow it. */
  private static final byte[] ED25519_X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final List<PublicKey> webhookKeys;
  private final Clock clock;

  /** The adapter without webhook keys; {@code ImageEdits} finds it by {@link #NAME}. */
  public Fal() {
    this(new Builder());
  }

  private Fal(Builder b) {
    this.webhookKeys = List.copyOf(b.webhookKeys);
    this.clock = b.clock;
  }

  /** Configures the adapter: the keys fal's webhooks are verified with. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this adapter's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.webhookKeys.addAll(webhookKeys);
    b.clock = clock;
    return b;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CapabilityTable capabilities() {
    // Built on first use, once per JVM: ServiceLoader makes every adapter on the class path when a
    // client is built, and only the chosen one's table is ever read.
    return FalCapabilities.table();
  }

  @Override
  public URI defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  // ---- submission -----------------------------------------------------------------------------

  /**
   * The submission, with {@code ?fal_webhook=} when the request has a callback URL: fal has no
   * synchronous edit, so this is the queue's POST.
   */
  @Override
  public WireRequest toWire(PreparedEdit edit, ProviderContext context) {
    return submission(edit, context, edit.request().callbackUrl());
  }

  /** The submission; the trace id has no place on fal's wire. */
  @Override
  public WireRequest toAsyncWire(PreparedEdit edit, ProviderContext context, String traceId) {
    return toWire(edit, context);
  }

  private WireRequest submission(PreparedEdit edit, ProviderContext context, String webhook) {
    EditRequest request = edit.request();
    String model = checkedModel(request.model());
    String path = "/" + model + (webhook == null ? "" : "?fal_webhook=" + URLEncoder.encode(webhook, UTF_8));
    return authorized(WireRequest.builder().method("POST").url(context.resolve(path)), context)
        .header("Content-Type", "application/json")
        .body(new WireRequest.Json(input(edit)))
        .build();
  }

  /** The model's input: the prompt, the images, the mask where the model takes one, the options. */
  static Map<String, Object> input(PreparedEdit edit) {
    EditRequest request = edit.request();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("prompt", request.prompt());
    List<Object> images = new ArrayList<>();
    for (int i = 0; i < request.images().size(); i++) {
      ImageInfo info = i < edit.imageInfos().size() ? edit.imageInfos().get(i) : null;
      images.add(imageUrl(request.images().get(i), info));
    }
    if (singleImage(request.model())) {
      fields.put("image_url", images.get(0));
    } else {
      fields.put("image_urls", images);
    }
    if (request.mask() != null) fields.put("mask_image_url", imageUrl(request.mask(), edit.maskInfo()));
    for (Option option : Option.values()) {
      Object value = request.get(option);
      if (value == null || option == Option.MASK || option == Option.CALLBACK_URL) continue;
      fields.put(wireName(option), option == Option.N ? value : value.toString());
    }
    return fields;
  }

  /** fal's name for an OpenAI option the table lets through. */
  static String wireName(Option option) {
    return switch (option) {
      case N -> "num_images";
      case SIZE -> "image_size";
      default -> option.wireName();
    };
  }

  /** Kontext [pro] and [max] take one {@code image_url}; every other edit takes {@code image_urls}. */
  static boolean singleImage(String model) {
    return KONTEXT.equals(model) || KONTEXT_MAX.equals(model);
  }

  /**
   * A URL image as it is; a file or bytes as a data URI, which fal's edit endpoints accept
   * (docs.fal.ai/documentation/model-apis/fal-cdn: "Some models also accept data URIs"). The
   * transport streams the data URI's base64 from the file into the body: the image is not held in
   * memory.
   */
  static Object imageUrl(ImageSource image, ImageInfo info) {
    if (image instanceof ImageSource.UrlImage url) return url.url().toString();
    String type = info != null ? info.format().mediaType() : "application/octet-stream";
    return WireRequest.Base64Value.dataUri(image, type);
  }

  private static String checkedModel(String model) {
    if (model == null || !SEGMENTS.matcher(model).matches()) {
      throw new IllegalArgumentException("not a fal endpoint id: " + model + " (for example " + KONTEXT + ")");
    }
    return model;
  }

  private static WireRequest.Builder authorized(WireRequest.Builder b, ProviderContext context) {
    return b.header("Authorization", "Key " + context.apiKey().reveal()).header("Accept", "application/json");
  }

  /**
   * Reads the queue's answer to a submission, {@code {request_id, response_url, status_url,
   * cancel_url, status, queue_position}}: a pending result whose task id is the request's queue path.
   * A reply that already carries images (an endpoint called directly) is read as the result.
   */
  @Override
  public EditResult readReply(PreparedEdit edit, WireReply reply) {
    if (!reply.successful()) throw error(reply);
    Map<String, Object> body = object(reply.json());
    if (body == null) {
      throw new TransportException(NAME + " answered with a body that is not a JSON object: " + quote(reply), null);
    }
    if (body.get("images") instanceof List) {
      return result(edit.request().model(), null, reply, body);
    }
    String requestId = string(body, "request_id");
    // A 200 that reports an error instead of a queued request (a gateway in between, say).
    if (requestId == null && (body.get("error") != null || body.get("detail") != null)) throw error(reply);
    if (requestId == null) {
      throw new TransportException(NAME + " accepted an edit without a request_id: " + quote(reply), null);
    }
    return EditResult.builder(NAME)
        .model(edit.request().model())
        .taskId(taskId(edit.request().model(), requestId, string(body, "response_url")))
        .requestId(requestId)
        .warnings(edit.warnings())
        .build();
  }

  /**
   * The task id of a queued request: the path of its {@code response_url} from the owner on, or,
   * without one, the owner and alias of the endpoint (fal drops the sub-path: {@code
   * fal-ai/flux-pro/kontext} queues under {@code fal-ai/flux-pro/requests/…}).
   */
  static String taskId(String model, String requestId, String responseUrl) {
    String suffix = "/requests/" + requestId;
    if (responseUrl != null) {
      String path = URI.create(responseUrl).getPath();
      if (path != null && path.endsWith(suffix)) {
        String queuePath = path.substring(0, path.length() - suffix.length());
        String[] segments = queuePath.split("/");
        int n = segments.length;
        // The owner/alias (with a workflows/ or comfy/ namespace) ends the path; a gateway may precede it.
        int keep = n >= 3 && isNamespace(segments[n - 3]) ? 3 : 2;
        if (n >= keep) {
          String id = String.join("/", List.of(segments).subList(n - keep, n)) + suffix;
          if (TASK_ID.matcher(id).matches()) return id;
        }
      }
    }
    String[] segments = model.split("/");
    int keep = segments.length >= 3 && isNamespace(segments[0]) ? 3 : Math.min(2, segments.length);
    return String.join("/", List.of(segments).subList(0, keep)) + suffix;
  }

  private static boolean isNamespace(String segment) {
    return segment.equals("workflows") || segment.equals("comfy");
  }

  // ---- the queue ------------------------------------------------------------------------------

  /** {@code GET /{owner}/{alias}/requests/{request_id}/status}. */
  @Override
  public WireRequest toTaskWire(String taskId, ProviderContext context) {
    return authorized(WireRequest.builder().method("GET").url(context.resolve("/" + checkedTask(taskId) + "/status")),
        context).build();
  }

  private static String checkedTask(String taskId) {
    if (!TASK_ID.matcher(taskId).matches()) {
      throw new IllegalArgumentException("a fal task id is the request's queue path, {owner}/{alias}/requests/{id}"
          + " (as EditTask.taskId() gives it), not " + taskId);
    }
    return taskId;
  }

  @Override
  public TaskUpdate readTask(String taskId, WireReply reply) {
    throw new UnsupportedOperationException(NAME + " reads task replies with readTask(taskId, reply, context):"
        + " a completed status names the result request, which needs the key");
  }

  /**
   * A status ({@code IN_QUEUE}, {@code IN_PROGRESS}: running; {@code COMPLETED}: fetch the result
   * at once from the request's path, or failed when it carries an {@code error}) or a result
   * ({@code images}).
   */
  @Override
  public TaskUpdate readTask(String taskId, WireReply reply, ProviderContext context) {
    if (!reply.successful()) {
      // A 422 is the model refusing the input (the result fetch answers it): the task failed.
      // Anything else is the query failing: asked again when transient, else final.
      if (reply.status() == 422) return TaskUpdate.failed(taskId, error(reply));
      throw error(reply);
    }
    Map<String, Object> body = object(reply.json());
    if (body == null) {
      throw new TransportException(NAME + " answered a task query with a body that is not a JSON object: "
          + quote(reply), null);
    }
    String status = string(body, "status");
    if (status != null && !(body.get("images") instanceof List)) {
      switch (status) {
        case "IN_QUEUE", "IN_PROGRESS":
          return TaskUpdate.running(taskId);
        case "COMPLETED":
          if (body.get("error") != null) {
            String message = String.valueOf(body.get("error"));
            return TaskUpdate.failed(taskId, new ProviderException(new ProviderError(NAME, 500,
                string(body, "error_type"), shorten(message), null, requestId(reply, taskId))));
          }
          WireRequest result = authorized(WireRequest.builder().method("GET")
              .url(context.resolve("/" + checkedTask(taskId))), context).build();
          return TaskUpdate.running(taskId).toBuilder().next(result).nextNow(true).build();
        default:
          throw new TransportException(NAME + " reported task " + taskId + " in an unknown status " + status, null);
      }
    }
    return TaskUpdate.finished(taskId, result(null, taskId, reply, body));
  }

  /** The images of a result, {@code {images:[{url, content_type, width, height}], …}}. */
  private static EditResult result(String model, String taskId, WireReply reply, Map<String, Object> body) {
    List<EditedImage> images = new ArrayList<>();
    for (Object item : list(body, "images")) {
      String url = string(item, "url");
      if (url == null) throw new TransportException(NAME + " sent a result image without a url", null);
      images.add(new EditedImage(url, null, null));
    }
    if (images.isEmpty()) {
      throw new TransportException(NAME + " sent a result without images: " + quote(reply), null);
    }
    return EditResult.builder(NAME).model(model).images(images).taskId(taskId)
        .requestId(reply.header("x-fal-request-id")).build();
  }

  // ---- webhooks -------------------------------------------------------------------------------

  @Override
  public TaskUpdate readCallback(WireReply payload) {
    return readCallback(null, payload);
  }

  /**
   * fal's webhook, {@code {request_id, gateway_request_id, status: "OK"|"ERROR", payload, error,
   * payload_error}}: OK carries the result in {@code payload}; ERROR an error such as "Invalid
   * status code: 422" with the endpoint's error body in {@code payload}.
   */
  @Override
  public TaskUpdate readCallback(String taskId, WireReply callback) {
    Map<String, Object> body = object(callback.json());
    String requestId = string(body, "request_id");
    if (requestId == null) throw new TransportException(NAME + " sent a webhook without a request_id", null);
    // The webhook names the request; the task id is its queue path, which ends with it.
    String id = taskId != null && taskId.endsWith("/requests/" + requestId) ? taskId : requestId;
    String status = string(body, "status");
    if ("OK".equals(status)) {
      Map<String, Object> payload = object(body, "payload");
      if (payload == null) {
        throw new TransportException(NAME + " sent a webhook without a payload: "
            + shorten(String.valueOf(body.get("payload_error"))), null);
      }
      return TaskUpdate.finished(id, result(null, id, callback, payload));
    }
    if ("ERROR".equals(status)) {
      String error = string(body, "error");
      int code = statusIn(error);
      WireReply failed = new WireReply(code, callback.headers(), body.get("payload"), error);
      ProviderException e = error(failed);
      return TaskUpdate.failed(id, e);
    }
    throw new TransportException(NAME + " sent a webhook with status " + status, null);
  }

  /** The HTTP status in fal's "Invalid status code: 422"; 500 when there is none. */
  private static int statusIn(String error) {
    if (error != null) {
      java.util.regex.Matcher m = Pattern.compile("\\b([45]\\d\\d)\\b").matcher(error);
      if (m.find()) return Integer.parseInt(m.group(1));
    }
    return 500;
  }

  @Override
  public boolean verifiesCallbacks() {
    return !webhookKeys.isEmpty();
  }

  /**
   * fal's webhook signature (docs.fal.ai/model-endpoints/webhooks, "Verifying your webhook"):
   * Ed25519 over {@code request_id + "\n" + user_id + "\n" + timestamp + "\n" +
   * hex(sha256(body))}, hex in {@code X-Fal-Webhook-Signature}, checked against each configured
   * key (fal publishes its keys as a JWKS; see {@link Builder#webhookKey(String)}); the timestamp
   * (unix seconds) within five minutes of our clock. A missing header, a stale timestamp or no
   * matching key refuses the webhook.
   */
  @Override
  public boolean verifyCallback(Map<String, List<String>> headers, byte[] body) {
    String requestId = header(headers, REQUEST_ID_HEADER);
    String userId = header(headers, USER_ID_HEADER);
    String timestamp = header(headers, TIMESTAMP_HEADER);
    String signature = header(headers, SIGNATURE_HEADER);
    if (requestId == null || userId == null || timestamp == null || signature == null) return false;
    long seconds;
    byte[] signed;
    try {
      seconds = Long.parseLong(timestamp.trim());
      signed = HexFormat.of().parseHex(signature.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (Math.abs(clock.instant().getEpochSecond() - seconds) > WEBHOOK_TOLERANCE.toSeconds()) return false;
    byte[] message = (requestId + "\n" + userId + "\n" + timestamp + "\n" + HexFormat.of().formatHex(sha256(body)))
        .getBytes(UTF_8);
    for (PublicKey key : webhookKeys) {
      try {
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(key);
        ed25519.update(message);
        if (ed25519.verify(signed)) return true;
      } catch (GeneralSecurityException e) {
        // a key or signature of the wrong shape: not this key
      }
    }
    return false;
  }

  /** fal delivers a webhook again until it is answered 2xx (ten tries over two hours). */
  @Override
  public boolean redeliversCallbacks() {
    return true;
  }

  private static @Nullable String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  // ---- errors ---------------------------------------------------------------------------------

  /**
   * fal's error bodies: {@code {"detail": [{loc, msg, type}]}} for a 422 (the input failed the
   * endpoint's schema), {@code {"detail": "…"}} otherwise, with the type in {@code error_type} or
   * the {@code x-fal-error-type} header. 401/403: the key; 429: rate limited.
   */
  static ProviderException error(WireReply reply) {
    Object json = reply.json();
    String code = string(json, "error_type");
    if (code == null) code = reply.header("x-fal-error-type");
    String message;
    List<Object> details = list(json, "detail");
    if (!details.isEmpty()) {
      message = details.stream().map(Fal::describe).collect(Collectors.joining("; "));
      if (code == null) code = string(details.get(0), "type");
    } else {
      message = string(json, "detail");
      if (message == null) message = string(json, "message");
      if (message == null) message = string(object(json, "error"), "message");
      if (message == null) message = string(json, "error");
      if (message == null && reply.text() != null) message = reply.text();
    }
    ProviderError error = new ProviderError(NAME, reply.status(), code, message == null ? null : shorten(message),
        null, reply.header("x-fal-request-id"));
    // fal locks a user whose balance ran out with a 403 ("User is locked. Reason: Exhausted balance…").
    if (reply.status() == 403 && message != null && message.toLowerCase(Locale.ROOT).contains("balance")) {
      return new InsufficientBalanceException(error);
    }
    return switch (reply.status()) {
      case 401, 403 -> new AuthenticationException(error);
      case 429 -> new RateLimitException(error);
      default -> new ProviderException(error);
    };
  }

  /** One validation error: {@code body.image_url: field required}. */
  private static String describe(Object detail) {
    List<Object> loc = list(detail, "loc");
    String where = loc.isEmpty() ? null : loc.stream().map(String::valueOf).collect(Collectors.joining("."));
    String msg = string(detail, "msg");
    if (msg == null) msg = String.valueOf(detail);
    return where == null ? msg : where + ": " + msg;
  }

  private static String requestId(WireReply reply, String taskId) {
    String header = reply.header("x-fal-request-id");
    return header != null ? header : taskId.substring(taskId.lastIndexOf('/') + 1);
  }

  private static String quote(WireReply reply) {
    return shorten(reply.json() != null ? String.valueOf(reply.json()) : String.valueOf(reply.text()));
  }

  private static String shorten(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }

  @Override
  public String toString() {
    return "Fal[" + webhookKeys.size() + " webhook key(s)]";
  }

  /** Builds a {@link Fal} adapter. */
  public static final class Builder {
    private final List<PublicKey> webhookKeys = new ArrayList<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Verifies webhooks with {@code keys} (Ed25519); a webhook any of them signed passes. */
    public Builder webhookKeys(List<PublicKey> keys) {
      requireNonNull(keys, "keys == null");
      for (PublicKey key : keys) {
        requireNonNull(key, "key == null");
        if (!key.getAlgorithm().equals("Ed25519") && !key.getAlgorithm().equals("EdDSA")) {
          throw new IllegalArgumentException("fal signs webhooks with Ed25519, not " + key.getAlgorithm());
        }
        webhookKeys.add(key);
      }
      return this;
    }

    /** Verifies webhooks with {@code key} too. */
    public Builder webhookKey(PublicKey key) {
      return webhookKeys(List.of(requireNonNull(key, "key == null")));
    }

    /**
     * Verifies webhooks with the key whose {@code x} (32 bytes, base64url, as in fal's JWKS of
     * {@code OKP}/{@code Ed25519} keys) is {@code jwkX}.
     */
    public Builder webhookKey(String jwkX) {
      requireNonNull(jwkX, "jwkX == null");
      byte[] raw = Base64.getUrlDecoder().decode(jwkX.trim());
      if (raw.length != 32) throw new IllegalArgumentException("an Ed25519 key has 32 bytes, not " + raw.length);
      byte[] der = new byte[ED25519_X509_PREFIX.length + raw.length];
      System.arraycopy(ED25519_X509_PREFIX, 0, der, 0, ED25519_X509_PREFIX.length);
      System.arraycopy(raw, 0, der, ED25519_X509_PREFIX.length, raw.length);
      try {
        return webhookKey(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("not an Ed25519 key: " + jwkX, e);
      }
    }

    /** The clock webhook timestamps are checked against; for tests. */
    Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock == null");
      return this;
    }

    public Fal build() {
      return new Fal(this);
    }
  }
}
