package io.github.imageedits.emulator;

import io.github.imageedits.spi.ProviderContext;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.RecordedRequest;

/**
 * What the dialects share: the accepted token, the clock, the CDN, ids, loading input images
 * without touching the network, and the background thread that finishes tasks and posts callbacks.
 */
final class EmulatorContext {
  private static final Duration CALLBACK_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration CALLBACK_TIMEOUT = Duration.ofSeconds(5);

  final String token;
  final Clock clock;
  final ResultStore store;
  final Duration callbackDelay;
  final boolean dataUris;
  final boolean strictPartTypes;
  private final AtomicLong sequence = new AtomicLong();
  private final ScheduledExecutorService background;
  private volatile HttpClient callbackClient;
  private volatile URI baseUrl;

  EmulatorContext(String token, Clock clock, Duration resultTtl, Duration callbackDelay, boolean dataUris,
      boolean strictPartTypes) {
    this.token = token;
    this.clock = clock;
    this.store = new ResultStore(clock, resultTtl);
    this.callbackDelay = callbackDelay;
    this.dataUris = dataUris;
    this.strictPartTypes = strictPartTypes;
    this.background = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "ProviderEmulator tasks");
      thread.setDaemon(true); // pending callbacks must never keep a JVM alive
      return thread;
    });
  }

  void started(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  URI baseUrl() {
    return baseUrl;
  }

  void shutdown() {
    background.shutdownNow();
  }

  /**
   * A new id. Derived from a counter rather than random, so the same run of requests gives the
   * same ids: replies stay comparable between runs.
   */
  String newId(String kind) {
    return UUID.nameUUIDFromBytes((kind + "-" + sequence.incrementAndGet()).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** True when {@code request} carries {@code Authorization: Bearer <token>}. */
  boolean authorized(RecordedRequest request) {
    String header = request.getHeaders().get("Authorization");
    if (header == null) return false;
    String h = header.trim();
    return h.length() > 7 && h.substring(0, 7).equalsIgnoreCase("bearer ") && h.substring(7).trim().equals(token);
  }

  /** The public URL of CDN entry {@code name}. */
  String cdnUrl(String name) {
    return baseUrl + "/cdn/" + name;
  }

  /** Publishes a result on the CDN under {@code id} and returns its URL; it expires like a signed link. */
  String publishResult(String id, ImageEditor.Rendered rendered) {
    String name = id + "." + rendered.extension();
    store.putResult(name, rendered.bytes(), rendered.mediaType());
    return cdnUrl(name);
  }

  /**
   * Decodes an input image. Files are decoded; a URL is fetched only from this emulator's own CDN
   * path (a lookup, no HTTP); a data URI is decoded; any other URL becomes a deterministic
   * placeholder, so the emulator never reaches beyond loopback.
   */
  BufferedImage load(EditForm.Input input) throws Rejection {
    if (!input.isUrl()) return decodeFile(input.bytes(), input.field() + " '" + input.filename() + "'");
    String url = input.url();
    if (url.startsWith("data:")) return decodeFile(dataUri(url), input.field() + " (data URI)");
    byte[] own = ownCdn(url);
    if (own != null) return decodeFile(own, input.field() + " " + url);
    return ImageEditor.placeholder(url);
  }

  private BufferedImage decodeFile(byte[] bytes, String what) throws Rejection {
    BufferedImage image = ImageEditor.decode(bytes);
    if (image != null) return image;
    // The JDK cannot read WebP; a real provider can. Stand in with a placeholder rather than refuse.
    if (ImageEditor.isWebp(bytes)) return ImageEditor.placeholder("webp " + EditForm.sha256(bytes));
    throw Rejection.badRequest("Invalid image file " + what + ": it could not be decoded as PNG, JPEG or WebP");
  }

  private static byte[] dataUri(String url) throws Rejection {
    int comma = url.indexOf(',');
    if (comma < 0 || !url.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
      throw Rejection.badRequest("image data URIs must be base64 encoded");
    }
    try {
      return Base64.getDecoder().decode(url.substring(comma + 1).trim());
    } catch (IllegalArgumentException e) {
      throw Rejection.badRequest("image data URI is not valid base64");
    }
  }

  /**
   * The bytes behind {@code url} when it points at this emulator's CDN; null for any other URL. A
   * missing or expired entry fails the way the provider reports a failed fetch.
   */
  private byte[] ownCdn(String url) throws Rejection {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      return null;
    }
    URI base = baseUrl;
    if (base == null || uri.getHost() == null || uri.getPath() == null) return null;
    boolean ours = ProviderContext.isLoopback(uri.getHost()) || uri.getHost().equalsIgnoreCase(base.getHost());
    if (!ours || uri.getPort() != base.getPort()
        || !uri.getPath().startsWith("/cdn/")) {
      return null;
    }
    ResultStore.Entry entry = store.get(uri.getPath().substring("/cdn/".length()));
    if (entry == null || store.isExpired(entry)) throw new Rejection(500, "api_error", "fetch failed");
    return entry.bytes();
  }

  /** Runs {@code work} on the background thread after the configured callback delay. */
  void later(Runnable work) {
    background.schedule(work, callbackDelay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * POSTs {@code payload} as JSON to {@code url}, only when it is a loopback address: the emulator
   * must never reach beyond the machine. Returns whether the callback was delivered (2xx).
   */
  boolean postCallback(String url, Object payload) {
    return postCallback(url, Json.write(payload).getBytes(StandardCharsets.UTF_8), java.util.Map.of());
  }

  /** {@link #postCallback(String, Object)} with the body as bytes and extra headers (a signature). */
  boolean postCallback(String url, byte[] body, java.util.Map<String, String> headers) {
    URI uri = URI.create(url);
    if (!ProviderContext.isLoopback(uri.getHost())) return false;
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(CALLBACK_TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(builder::header);
    HttpRequest request = builder.build();
    try {
      HttpResponse<Void> response = callbackClient().send(request, HttpResponse.BodyHandlers.discarding());
      return response.statusCode() / 100 == 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (IOException | RuntimeException e) {
      return false; // the provider does not retry callbacks either
    }
  }

  private HttpClient callbackClient() {
    HttpClient client = callbackClient;
    if (client == null) {
      synchronized (this) {
        if (callbackClient == null) {
          callbackClient = HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(CALLBACK_CONNECT_TIMEOUT)
              .proxy(HttpClient.Builder.NO_PROXY) // loopback only, never through a proxy
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
        }
        client = callbackClient;
      }
    }
    return client;
  }
}
