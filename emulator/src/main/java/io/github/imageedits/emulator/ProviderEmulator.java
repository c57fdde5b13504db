package io.github.imageedits.emulator;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;

/**
 * A provider on a local port (loopback unless {@link Builder#host} says otherwise, IPv6 included)
 * that speaks AceData's, ChainHub's, Azure OpenAI's or Gemini's wire protocol: the same paths, the
 * same validation answers and error bodies, the same reply shapes, async callbacks, task queries
 * and a CDN path for result images. Its "model" is a visible, deterministic edit made with
 * {@code java.awt}: a tint (only where the mask is transparent), the other input images as
 * thumbnails, the requested size and output format, and the prompt written in a banner.
 *
 * <pre>{@code
 * try (ProviderEmulator emulator = ProviderEmulator.builder()
 *     .dialect(ProviderEmulator.Dialect.ACEDATA)
 *     .token("test-token")
 *     .build()) {
 *   URI baseUrl = emulator.start();            // http://127.0.0.1:PORT
 *   // point a client at baseUrl with the token; it POSTs to baseUrl + "/openai/images/edits"
 *   assertThat(emulator.receivedEdits()).hasSize(1);
 * }
 * }</pre>
 *
 * <h2>AceData ({@link Dialect#ACEDATA})</h2>
 * {@code POST /openai/images/edits} and {@code /v1/images/edits}: {@code Authorization: Bearer}
 * the accepted token, else 401 {@code {"success":false,"error":{"code":"invalid_token",…},"trace_id":…}};
 * multipart/form-data ({@code image} or {@code image[]} file parts, {@code mask}, text fields) or
 * application/json ({@code "image": url} or an array of URLs). Documented checks answer 400
 * {@code bad_request} (missing prompt, no image, unsupported model, a part that holds no
 * png, jpeg or webp image, a size the model does not take, …). Replies: gpt-image-1/1-mini/1.5
 * {@code {success, task_id, trace_id, created, data:[{revised_prompt, b64_json}], elapsed}};
 * gpt-image-2 the same with {@code url}; dall-e-2 honours {@code n} and {@code response_format};
 * the nano-banana family {@code {created: 0, data:[{url, revised_prompt}]}} with a JPEG. With
 * {@code callback_url} the reply is {@code {task_id}} at once and the result is POSTed later as
 * {@code {success, task_id, trace_id, data:{created, data}}}, only to loopback URLs (others are
 * never called; the task can still be queried). {@code POST /openai/tasks} answers
 * {@code retrieve} (by {@code id} or {@code trace_id}) with
 * {@code {id, trace_id, type, request, response, created_at, finished_at, duration}} or {@code {}},
 * and {@code retrieve_batch} with {@code {items, count}}; as at AceData, only callback requests
 * make task records.
 *
 * <h2>ChainHub ({@link Dialect#CHAINHUB})</h2>
 * {@code POST /v1/images/edits}, multipart only, bearer token, {@code Accept: application/json}
 * required (else 406); the reply is a chat completion whose {@code choices[0].message.content}
 * is {@code ![image](http://127.0.0.1:PORT/cdn/….png)} (or a data URI, see
 * {@link Builder#chainHubDataUris}); errors in the OpenAI shape {@code {error:{message, type, param, code}}}.
 *
 * <h2>Azure OpenAI ({@link Dialect#AZURE})</h2>
 * {@code POST /openai/deployments/{deployment}/images/edits?api-version=…} (any deployment name;
 * the model is the form's {@code model}, else gpt-image-1) and
 * {@code POST /openai/v1/images/edits?api-version=…} (the form's {@code model} names the
 * deployment: gpt-image-1, gpt-image-1-mini or gpt-image-1.5, else 404 {@code DeploymentNotFound});
 * a missing {@code api-version} or another path is 404 {@code Resource not found}. Multipart only;
 * the token in {@code api-key} or as {@code Authorization: Bearer}, else 401. The reply is
 * {@code {created, data:[{b64_json}]}} with an {@code apim-request-id} header; errors
 * {@code {error:{code, message}}} ({@code "401"}, {@code "429"}, {@code InternalServerError}, …).
 * WEBP inputs, {@code output_format=webp} and {@code response_format} are refused with 400; a
 * prompt holding {@link #CONTENT_FILTER_WORD} is refused with 400 {@code contentFilter}.
 *
 * <h2>Gemini ({@link Dialect#GEMINI})</h2>
 * {@code POST /v1beta/models/{model}:generateContent} for Google's image models, the token in
 * {@code x-goog-api-key} (else 400 INVALID_ARGUMENT, reason API_KEY_INVALID); a JSON body with a
 * text part and {@code inlineData} image parts; {@code generationConfig.imageConfig} checked
 * ({@code aspectRatio}, {@code imageSize}); the reply carries the image as {@code inlineData}
 * base64. A prompt containing {@code #blocked} gets {@code promptFeedback.blockReason}, one
 * containing {@code #image-safety} a candidate stopped with {@code IMAGE_SAFETY}; errors are
 * Google's {@code {error:{code, message, status}}}.
 *
 * <h2>fal ({@link Dialect#FAL})</h2>
 * fal's queue: {@code POST /{model_id}} (the FLUX Kontext, nano-banana and GPT image edit
 * endpoints) with {@code Authorization: Key} the accepted token and the model's JSON input
 * ({@code prompt}, {@code image_url} or {@code image_urls} as data URIs or URLs,
 * {@code mask_image_url}, {@code num_images}, {@code image_size}, {@code output_format}) answers
 * {@code {request_id, response_url, status_url, cancel_url, status: "IN_QUEUE"}};
 * {@code GET /{owner}/{alias}/requests/{id}/status} goes IN_QUEUE, IN_PROGRESS, COMPLETED over
 * {@link Builder#callbackDelay}; {@code GET …/requests/{id}} gives {@code {images:[{url,
 * content_type, width, height}]}}; {@code PUT …/cancel} cancels. Input errors are 422
 * {@code {"detail":[{loc, msg, type}]}}. With {@code ?fal_webhook=} (loopback only) the result is
 * POSTed, signed with Ed25519 when {@link Builder#falWebhookKey} is set.
 *
 * <h2>CDN and inputs</h2>
 * {@code GET /cdn/{id}.{ext}} serves results with their content type until they expire
 * ({@link Builder#resultTtl}), then answers 403 like an expired signed link (404 for unknown
 * names). Image URLs in requests are read only from this CDN path ({@link #hostImage} puts inputs
 * there) or from data URIs; any other URL is edited as a deterministic placeholder image, so the
 * emulator never reaches the network.
 *
 * <h2>Image parts</h2>
 * A part typed {@code image/png}, {@code image/jpeg} or {@code image/webp} is taken as typed. A
 * part typed {@code application/octet-stream}, or with no type, is read by its bytes (what the
 * official OpenAI SDKs send for a file stream), unless {@link Builder#strictPartTypes} refuses it
 * as OpenAI's API did in 2025. {@link EmulatorMain} serves the emulator standalone.
 *
 * <h2>Limitations</h2>
 * The JDK's ImageIO reads and writes no WebP: WebP inputs are edited as a placeholder, and
 * {@code output_format=webp} is answered as PNG (with a {@code .png} link) unless a WebP ImageIO
 * plugin is on the class path. Streaming ({@code stream=true}) is answered with 400
 * {@code api_not_implemented}. Request bodies are held in memory.
 */
public final class ProviderEmulator implements AutoCloseable {
  /** The token a builder accepts unless told otherwise. */
  public static final String DEFAULT_TOKEN = "emulator-token";

  /** Which provider the emulator plays; one emulator plays one (AceData and ChainHub share {@code /v1/images/edits}). */
  public enum Dialect {
    /** AceData Cloud: {@code /openai/images/edits}, callbacks, tasks. */
    ACEDATA,
    /** ChainHub: {@code /v1/images/edits} answered with a chat completion. */
    CHAINHUB,
    /** Azure OpenAI: the deployment and v1 edit URLs, {@code api-key}, Azure's error bodies. */
    AZURE,
    /** Google Gemini: {@code /v1beta/models/{model}:generateContent} with inline base64 images. */
    GEMINI,
    /** fal's queue: submit, status, result, cancel, signed webhooks (see {@code FalProtocol}). */
    FAL;

    /**
     * The models this dialect edits with, sorted; any other model is refused as the provider refuses
     * it. The provider's capability table lists the same models (the integration tests check it).
     */
    public java.util.SortedSet<String> models() {
      java.util.Set<String> models = switch (this) {
        case ACEDATA -> AceDataProtocol.MODELS.keySet();
        case CHAINHUB -> ChainHubProtocol.MODELS.keySet();
        case AZURE -> AzureProtocol.MODELS.keySet();
        case GEMINI -> GeminiProtocol.MODELS.keySet();
        case FAL -> FalProtocol.MODELS.keySet();
      };
      return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(models));
    }
  }

  /**
   * Azure only: a prompt holding this word (any case) is refused as Azure's content filter refuses
   * one, with 400 {@code {"created":…,"error":{"code":"contentFilter","message":"Your task failed as a
   * result of our safety system."}}}.
   */
  public static final String CONTENT_FILTER_WORD = "contentfilter";

  private final Dialect dialect;
  private final String token;
  private final InetAddress address;
  private final int port;
  private final EmulatorContext context;
  // MockWebServer rather than com.sun.net.httpserver: its HTTP/1.1 reading is OkHttp's own (chunked
  // bodies, keep-alive), it binds the address it is given, and its delays and socket effects give
  // the fault injection for free. Its whole-body buffering is
  // fine for test-sized images.
  private final MockWebServer server = new MockWebServer();
  private final EmulatorDispatcher dispatcher;
  private URI baseUrl;
  private boolean closed;

  private ProviderEmulator(Builder builder) {
    this.dialect = builder.dialect;
    this.token = builder.token;
    this.address = builder.address;
    this.port = builder.port;
    this.context = new EmulatorContext(builder.token, builder.clock, builder.resultTtl, builder.callbackDelay,
        builder.chainHubDataUris, builder.strictPartTypes);
    Protocol protocol = switch (dialect) {
      case ACEDATA -> new AceDataProtocol(context);
      case CHAINHUB -> new ChainHubProtocol(context);
      case AZURE -> new AzureProtocol(context);
      case GEMINI -> new GeminiProtocol(context);
      case FAL -> new FalProtocol(context, builder.falWebhookKey);
    };
    Limits limits = new Limits(builder.concurrencyLimit, builder.rateLimit, builder.minLatency, builder.maxLatency,
        builder.limitRetryAfter);
    this.dispatcher = new EmulatorDispatcher(protocol, context, server, limits);
    server.setDispatcher(dispatcher);
  }

  /** A builder: AceData dialect, token {@link #DEFAULT_TOKEN}, the loopback address, any free port. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts serving on the configured address (loopback unless {@link Builder#bind} or
   * {@link Builder#host} said otherwise) and returns the base URL (the API root, for example
   * {@code http://127.0.0.1:54321} or {@code http://[::1]:54321}; a client appends the provider's
   * paths). Bound to a wildcard address, the URL names the loopback address.
   *
   * @throws IllegalStateException if already started or closed
   * @throws UncheckedIOException if the address and port cannot be bound
   */
  public synchronized URI start() {
    if (closed) throw new IllegalStateException("closed");
    if (baseUrl != null) throw new IllegalStateException("already started at " + baseUrl);
    try {
      server.start(address, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the provider emulator on " + address.getHostAddress()
          + " port " + port, e);
    }
    InetAddress shown = address.isAnyLocalAddress()
        ? (address instanceof Inet6Address ? loopback6() : InetAddress.getLoopbackAddress())
        : address;
    // ::1 rather than the JDK's 0:0:0:0:0:0:0:1: the form people type and curl examples use.
    String host = shown instanceof Inet6Address && shown.isLoopbackAddress() ? "::1" : shown.getHostAddress();
    int zone = host.indexOf('%'); // a scope id is no part of a URL's host
    if (zone >= 0) host = host.substring(0, zone);
    if (shown instanceof Inet6Address) host = "[" + host + "]";
    baseUrl = URI.create("http://" + host + ":" + server.getPort());
    context.started(baseUrl);
    return baseUrl;
  }

  /** The base URL of a started emulator. */
  public synchronized URI baseUrl() {
    if (baseUrl == null) throw new IllegalStateException("not started: call start() first");
    return baseUrl;
  }

  /** The dialect this emulator speaks. */
  public Dialect dialect() {
    return dialect;
  }

  /** The token this emulator accepts, as a bearer token (or Azure's {@code api-key}); an emulator token, not a secret. */
  public String token() {
    return token;
  }

  /**
   * Puts {@code image} on the emulator's CDN path, where it never expires, and returns its URL: a
   * JSON request can then name the image by URL and the emulator "fetches" it from itself.
   */
  public URI hostImage(byte[] image) {
    requireNonNull(image, "image == null");
    String extension = ImageEditor.isWebp(image) ? "webp" : isJpeg(image) ? "jpeg" : "png";
    String name = "input-" + context.newId("input") + "." + extension;
    context.store.putPermanent(name, image.clone(), "image/" + extension);
    return URI.create(baseUrl() + "/cdn/" + name);
  }

  private static boolean isJpeg(byte[] b) {
    return b.length > 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
  }

  private static InetAddress loopback6() {
    try {
      return InetAddress.getByName("::1");
    } catch (UnknownHostException e) {
      throw new AssertionError("::1 is a literal", e);
    }
  }

  /** Plays {@code fault} for the next API request (edit or task query) not yet given a fault. */
  public void enqueueFault(Fault fault) {
    dispatcher.faults.add(requireNonNull(fault, "fault == null"));
  }

  /** Every edit request received so far, in order, including refused ones. */
  public List<ReceivedEdit> receivedEdits() {
    return List.copyOf(dispatcher.received);
  }

  /** How many HTTP requests of any kind (edits, task queries, CDN downloads) were answered. */
  public int requestCount() {
    return dispatcher.requestCount.get();
  }

  /**
   * How many times each item was charged: an edit answered 200 (or, with {@code callback_url}, a
   * task accepted, charged once then, whatever its polls) counts once for its item; refusals,
   * injected errors and dropped connections count nothing. An item is the request's {@code user}
   * field when it has one, else {@code sha256:} and 16 hex digits of the SHA-256 of the prompt and
   * the first image's bytes (or URL). Sorted by item; a snapshot.
   *
   * <p>A client in another process reads the same map as JSON with {@code GET /__emulator/charges}
   * (no token needed; that path is not counted by {@link #requestCount} and takes no fault).
   *
   * <pre>{@code
   * assertThat(emulator.charges().values()).containsOnly(1);   // no edit paid for twice
   * }</pre>
   */
  public Map<String, Integer> charges() {
    return dispatcher.charges();
  }

  /**
   * How many edit requests the emulator refused with 429 because a limit ({@link
   * Builder#concurrencyLimit}, {@link Builder#rateLimit}) was reached.
   */
  public int refusedCount() {
    return dispatcher.limits.refused();
  }

  /** The most edit requests the emulator served at once (each counted over its latency). */
  public int peakConcurrency() {
    return dispatcher.limits.peak();
  }

  /**
   * Forgets received edits, the request count, the charges, refusals and pending faults; stored
   * results and tasks stay. A test harness that shares one emulator between tests calls it before each.
   */
  public void reset() {
    dispatcher.received.clear();
    dispatcher.requestCount.set(0);
    dispatcher.charges.clear();
    dispatcher.faults.clear();
    dispatcher.limits.reset();
  }

  /** Stops serving and cancels pending callbacks. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    context.shutdown();
    server.close();
  }

  @Override
  public String toString() {
    return "ProviderEmulator{" + dialect + (baseUrl == null ? "" : " at " + baseUrl) + "}";
  }

  /** Configures a {@link ProviderEmulator}; every setting has a default. */
  public static final class Builder {
    private Dialect dialect = Dialect.ACEDATA;
    private String token = DEFAULT_TOKEN;
    private InetAddress address = InetAddress.getLoopbackAddress();
    private int port;
    private boolean strictPartTypes;
    private Duration resultTtl = Duration.ofMinutes(60);
    private Duration callbackDelay = Duration.ofMillis(100);
    private boolean chainHubDataUris;
    private Clock clock = Clock.systemUTC();
    private java.security.PrivateKey falWebhookKey;
    private int concurrencyLimit;
    private int rateLimit;
    private Duration minLatency = Duration.ZERO;
    private Duration maxLatency = Duration.ZERO;
    private Duration limitRetryAfter = Duration.ofSeconds(1);

    private Builder() {}

    /**
     * The Ed25519 key the {@link Dialect#FAL} dialect signs its webhooks with, as fal does (headers
     * {@code X-Fal-Webhook-Request-Id}, {@code -User-Id}, {@code -Timestamp}, {@code -Signature});
     * none (the default) sends them unsigned.
     */
    public Builder falWebhookKey(java.security.PrivateKey key) {
      this.falWebhookKey = requireNonNull(key, "key == null");
      return this;
    }

    /**
     * Serves at most {@code n} edit requests at once, as a provider's per-key concurrency limit
     * does; one more is refused at once with 429, a {@code Retry-After} ({@link #limitRetryAfter},
     * default 1 s) and the dialect's error body (AceData {@code too_many_requests}, ChainHub
     * {@code rate_limit_exceeded}). Default 0: no limit.
     */
    public Builder concurrencyLimit(int n) {
      if (n < 0) throw new IllegalArgumentException("concurrencyLimit < 0: " + n);
      this.concurrencyLimit = n;
      return this;
    }

    /**
     * Takes at most {@code perMinute} edit requests in any minute (a sliding window); more are
     * refused with 429 and a {@code Retry-After} of the seconds until the window has room. Default
     * 0: no limit.
     */
    public Builder rateLimit(int perMinute) {
      if (perMinute < 0) throw new IllegalArgumentException("rateLimit < 0: " + perMinute);
      this.rateLimit = perMinute;
      return this;
    }

    /** How long each admitted edit request takes before it is answered; default none. */
    public Builder latency(Duration latency) {
      return latency(latency, latency);
    }

    /** Each admitted edit request takes a time drawn uniformly from {@code min} to {@code max}. */
    public Builder latency(Duration min, Duration max) {
      requireNonNull(min, "min == null");
      requireNonNull(max, "max == null");
      if (min.isNegative() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException("latency must be 0 <= min <= max: " + min + ".." + max);
      }
      this.minLatency = min;
      this.maxLatency = max;
      return this;
    }

    /** The {@code Retry-After} of a refusal by {@link #concurrencyLimit} (whole seconds, at least 1); default 1 s. */
    public Builder limitRetryAfter(Duration retryAfter) {
      requireNonNull(retryAfter, "retryAfter == null");
      if (retryAfter.toSeconds() < 1) throw new IllegalArgumentException("limitRetryAfter < 1 s: " + retryAfter);
      this.limitRetryAfter = Duration.ofSeconds(retryAfter.toSeconds());
      return this;
    }

    /** The provider to play; default {@link Dialect#ACEDATA}. */
    public Builder dialect(Dialect dialect) {
      this.dialect = requireNonNull(dialect, "dialect == null");
      return this;
    }

    /** The bearer token to accept; default {@link #DEFAULT_TOKEN}. */
    public Builder token(String token) {
      requireNonNull(token, "token == null");
      if (token.isBlank()) throw new IllegalArgumentException("token is blank");
      this.token = token;
      return this;
    }

    /**
     * The address to listen on; default the loopback address. Anything else makes the emulator
     * reachable from other machines: it accepts one fixed token, so do that only on a network you
     * trust.
     */
    public Builder bind(InetAddress address) {
      this.address = requireNonNull(address, "address == null");
      return this;
    }

    /**
     * The host to listen on, by IP literal or name: {@code 127.0.0.1}, {@code ::1} (or
     * {@code [::1]}), {@code localhost}, {@code 0.0.0.0}; default the loopback address.
     *
     * @throws IllegalArgumentException when the name does not resolve
     */
    public Builder host(String host) {
      requireNonNull(host, "host == null");
      String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
      if (literal.isBlank()) throw new IllegalArgumentException("host is blank");
      try {
        return bind(InetAddress.getByName(literal));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("unknown host: " + host, e);
      }
    }

    /** The port to listen on; default 0, any free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
      this.port = port;
      return this;
    }

    /** How long result links work before they answer 403; default 60 minutes, as AceData's. */
    public Builder resultTtl(Duration resultTtl) {
      requireNonNull(resultTtl, "resultTtl == null");
      if (resultTtl.isNegative()) throw new IllegalArgumentException("resultTtl < 0: " + resultTtl);
      this.resultTtl = resultTtl;
      return this;
    }

    /** How long after a {@code callback_url} request the edit is made and posted; default 100 ms. */
    public Builder callbackDelay(Duration callbackDelay) {
      requireNonNull(callbackDelay, "callbackDelay == null");
      if (callbackDelay.isNegative()) throw new IllegalArgumentException("callbackDelay < 0: " + callbackDelay);
      this.callbackDelay = callbackDelay;
      return this;
    }

    /**
     * ChainHub only: carry each result in the message as a {@code data:image/…;base64,} URI
     * instead of a CDN link; default false.
     */
    public Builder chainHubDataUris(boolean chainHubDataUris) {
      this.chainHubDataUris = chainHubDataUris;
      return this;
    }

    /**
     * Whether an image or mask part must be typed {@code image/png}, {@code image/jpeg} or
     * {@code image/webp}; default false.
     *
     * <p>By default a part typed {@code application/octet-stream}, or with no Content-Type, is
     * read by its bytes (PNG, JPEG and WebP are told apart by their signatures): what the official
     * OpenAI SDKs send for a plain file stream. With {@code true} such a part is refused with 400
     * {@code Invalid file 'image': unsupported mimetype ('application/octet-stream')}, as OpenAI's
     * API answered those SDKs in 2025 (openai-node issue 1468).
     */
    public Builder strictPartTypes(boolean strictPartTypes) {
      this.strictPartTypes = strictPartTypes;
      return this;
    }

    /** The clock for {@code created} stamps, task times and link expiry; default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock == null");
      return this;
    }

    /** A new, not yet started emulator. */
    public ProviderEmulator build() {
      return new ProviderEmulator(this);
    }
  }
}
