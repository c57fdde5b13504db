package io.github.imageedits.transport.retrofit;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.ProgressListener;
import io.github.imageedits.Timeouts;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The {@link Transport} over OkHttp and Moshi, suited to image editing: uploads stream from disk,
 * replies are read with a streaming JSON reader, {@code b64_json} images are decoded as they arrive
 * (to a temporary file once they are large), and every wait and every read is bounded.
 *
 * <pre>{@code
 * Transport transport = RetrofitTransport.builder()
 *     .readTimeout(Duration.ofMinutes(5))
 *     .logger(line -> System.getLogger("imageedits.http").log(System.Logger.Level.DEBUG, line))
 *     .build();
 * }</pre>
 *
 * <p>What it promises:
 *
 * <ul>
 *   <li>Multipart file parts are written from their source 64 KiB at a time, with their filename
 *       and real content type and a known length. JSON bodies are UTF-8 {@code application/json}.
 *       Headers go in the order given.
 *   <li>It never throws for an HTTP status: every reply, 3xx to 5xx included, is a
 *       {@link io.github.imageedits.spi.WireReply}. A body that is not JSON (or is truncated)
 *       comes back as {@code json == null} and a bounded text prefix.
 *   <li>I/O failures become {@link TransportException}, timeouts {@link
 *       io.github.imageedits.EditTimeoutException}; messages name the method and URL (without its
 *       query) and never a header.
 *   <li>Plain http is refused unless the host is loopback ({@code localhost}, 127.0.0.0/8, ::1),
 *       before any DNS lookup or connection.
 *   <li>Redirects are not followed; a 3xx is returned as a reply. Following one would turn a POST
 *       into a GET (301, 302, 303) or upload every image again (307, 308), and could move an
 *       https call to plain http. OkHttp would drop {@code Authorization} on a cross-host
 *       redirect, but not following is simpler to trust. Result downloads (which do follow a few
 *       redirects, without the key) are a separate concern.
 *   <li>A request whose body started to go out is never re-sent by OkHttp on its own (the body
 *       is marked one-shot): an edit costs money, and retrying is the caller's decision. A
 *       failure tells it whether the whole request had been sent
 *       ({@link TransportException#requestMayHaveBeenProcessed()}).
 *   <li>A request's own {@link io.github.imageedits.spi.WireRequest#timeouts() timeouts} replace
 *       the builder's for that call.
 *   <li>{@link #close()} cancels the calls in flight and, if the transport built its own OkHttp
 *       client, releases its connections.
 * </ul>
 *
 * <p>Retrofit describes the endpoints ({@code ProviderApi}) and builds each request; OkHttp, the
 * layer under Retrofit, executes it, because Retrofit's own {@code Call} reads the whole body of
 * every non-2xx reply into memory, which would defeat the bounded read of error bodies.
 */
public final class RetrofitTransport implements Transport {
  private static final int IDLE_CONNECTIONS = 32;
  private final OkHttpClient client;
  private final boolean ownsClient;
  private final ReplyReader reader;
  private final EventStreamReader events;
  private final HttpLog log;
  private final String timeouts;
  private final CallRegistry registry = new CallRegistry();
  private final ProviderApi api;

  private RetrofitTransport(Builder builder) {
    // Our own client keeps up to 32 idle connections (OkHttp's default is 5): apps that edit
    // concurrently otherwise close and reopen connections between bursts. A caller's client keeps
    // its own pool.
    OkHttpClient.Builder http = builder.client != null ? builder.client.newBuilder()
        : new OkHttpClient.Builder().connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES));
    this.client = http
        .connectTimeout(builder.connectTimeout)
        .writeTimeout(builder.writeTimeout)
        .readTimeout(builder.readTimeout)
        .callTimeout(builder.callTimeout)
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
    this.ownsClient = builder.client == null;
    this.api = ProviderApi.create(client);
    this.reader = new ReplyReader(builder.maxJsonSize, builder.maxErrorBodySize,
        builder.spillThreshold, builder.maxImageSize, new SpillFiles(builder.spillDirectory));
    this.events = new EventStreamReader(reader, builder.maxJsonSize, builder.maxErrorBodySize);
    this.log = builder.logger == null ? HttpLog.NONE : new HttpLog(builder.logger);
    this.timeouts = limits(client);
  }

  /** A transport with the default timeouts and limits (see {@link Builder}). */
  public static RetrofitTransport create() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Prepares a call; nothing is sent until {@link Call#execute()}.
   *
   * @throws TransportException when the URL is plain http to a host that is not loopback, or not
   *     http(s) at all, or when the transport is closed
   * @throws IllegalArgumentException when the request cannot be expressed in HTTP (a header with a
   *     line break, a multipart body without parts, a JSON value of an unsupported type)
   */
  @Override
  public Call newCall(WireRequest request) {
    return newCall(request, ProgressListener.NONE);
  }

  /**
   * Prepares a call that reports progress: the request body as it goes to the socket (at the start,
   * every 64 KiB and at the end) and the reply body as it is read. The call can also read a
   * server-sent event stream ({@link Call#execute(io.github.imageedits.spi.Transport.EventHandler)}),
   * decoding the {@code b64_json} of each event as it arrives.
   */
  @Override
  public Call newCall(WireRequest request, ProgressListener progress) {
    requireNonNull(request, "request == null");
    requireNonNull(progress, "progress == null");
    if (registry.closed()) {
      throw new TransportException("The transport is closed; cannot send " + request.method(), null, false);
    }
    HttpUrl url = HostPolicy.check(request.method(), request.url());
    Request okRequest = RequestFactory.create(api, request, url, progress);
    Timeouts own = request.timeouts();
    if (own == null) {
      return new HttpCall(client.newCall(okRequest), reader, events, progress, log, timeouts, registry);
    }
    // A client derived per call shares the connection pool and dispatcher; only its timeouts differ.
    OkHttpClient.Builder derived = client.newBuilder();
    if (own.connect() != null) derived.connectTimeout(own.connect());
    if (own.write() != null) derived.writeTimeout(own.write());
    if (own.read() != null) derived.readTimeout(own.read());
    if (own.call() != null) derived.callTimeout(own.call());
    OkHttpClient perCall = derived.build();
    return new HttpCall(perCall.newCall(okRequest), reader, events, progress, log, limits(perCall), registry);
  }

  /**
   * Opens a result image for streaming: no credentials, at most three redirects (each target
   * checked like the first: plain http only to loopback), the body failing past {@code maxBytes}.
   */
  @Override
  public Download download(URI url, long maxBytes) {
    return download(url, maxBytes, ProgressListener.NONE);
  }

  /** {@link #download(URI, long)}, reporting the body bytes as they are read. */
  @Override
  public Download download(URI url, long maxBytes, ProgressListener progress) {
    requireNonNull(url, "url == null");
    requireNonNull(progress, "progress == null");
    if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    return ResultDownload.open(client, url, maxBytes, timeouts, progress);
  }

  /**
   * Parses a callback body as replies are parsed: b64_json streamed aside, the same JSON limits. A
   * body past {@code maxJsonSize} or {@code maxImageSize} comes back as status 413 with no tree.
   */
  @Override
  public WireReply readCallback(Map<String, List<String>> headers, InputStream body) throws IOException {
    requireNonNull(headers, "headers == null");
    requireNonNull(body, "body == null");
    return CallbackBodies.read(reader, headers, body);
  }

  /** Cancels the calls in flight; releases connections and threads if the client is ours. */
  @Override
  public void close() {
    registry.close();
    // Our own client has no cache and never uses the dispatcher's executor (calls are synchronous),
    // so its connections are all there is to release. A caller's client stays theirs to close.
    if (ownsClient) client.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "RetrofitTransport[" + timeouts + "]";
  }

  private static String limits(OkHttpClient client) {
    return "connect " + text(client.connectTimeoutMillis()) + ", write " + text(client.writeTimeoutMillis())
        + ", read " + text(client.readTimeoutMillis()) + ", call " + text(client.callTimeoutMillis());
  }

  private static String text(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  /**
   * Configures a {@link RetrofitTransport}. The defaults suit image editing, where a reply can take
   * minutes: connect 10 s, write 120 s, read 300 s, whole call 10 min; JSON replies up to 16 MiB
   * (b64_json images excluded), error and non-JSON bodies read up to 64 KiB, b64_json images kept in
   * memory up to 1 MiB and streamed to a temporary file beyond, up to 256 MiB each.
   *
   * <pre>{@code
   * RetrofitTransport transport = RetrofitTransport.builder()
   *     .callTimeout(Duration.ofMinutes(15))
   *     .spillDirectory(Path.of("/var/tmp/imageedits"))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private OkHttpClient client;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration writeTimeout = Duration.ofSeconds(120);
    private Duration readTimeout = Duration.ofSeconds(300);
    private Duration callTimeout = Duration.ofMinutes(10);
    private Consumer<String> logger;
    private long maxJsonSize = 16L << 20;
    private long maxErrorBodySize = 64L << 10;
    private long spillThreshold = 1L << 20;
    private long maxImageSize = 256L << 20;
    private Path spillDirectory;

    private Builder() {}

    /**
     * A client to start from, to share its connection pool or to set a proxy, TLS or DNS. The
     * transport applies its own timeouts and redirect policy on top. Do not give it an interceptor
     * that reads or logs bodies: that would hold whole images in memory.
     */
    public Builder client(OkHttpClient client) {
      this.client = requireNonNull(client, "client == null");
      return this;
    }

    /** How long to wait for a TCP and TLS connection. Default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** How long one write to the socket may block (uploads). Default 120 s. */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive(timeout, "writeTimeout");
      return this;
    }

    /** How long to wait for any byte of the reply, the first included. Default 300 s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** The bound on the whole exchange, from connecting to the last byte read. Default 10 min. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /**
     * Receives one line per HTTP event: request line and headers, status and headers, end or
     * failure, with durations. Credentials (Authorization, API-key and cookie headers) are always
     * masked and bodies never logged. For java.util.logging:
     * {@code .logger(Logger.getLogger("imageedits.http")::fine)}. Default: no logging.
     */
    public Builder logger(Consumer<String> logger) {
      this.logger = requireNonNull(logger, "logger == null");
      return this;
    }

    /**
     * The most bytes a 2xx JSON reply may have, b64_json values excluded (counted to within one
     * 8 KiB read). Default 16 MiB.
     */
    public Builder maxJsonSize(long bytes) {
      this.maxJsonSize = positive(bytes, "maxJsonSize");
      return this;
    }

    /**
     * The most bytes read of an error (non-2xx) reply, and quoted of a reply that is not JSON.
     * Default 64 KiB.
     */
    public Builder maxErrorBodySize(long bytes) {
      if (bytes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("maxErrorBodySize too large: " + bytes);
      this.maxErrorBodySize = positive(bytes, "maxErrorBodySize");
      return this;
    }

    /**
     * Decoded b64_json images up to this size stay in memory; larger ones go to a temporary file.
     * Zero sends every image to a file. Default 1 MiB.
     */
    public Builder spillThreshold(long bytes) {
      if (bytes < 0 || bytes > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("spillThreshold out of range: " + bytes);
      }
      this.spillThreshold = bytes;
      return this;
    }

    /** The largest decoded b64_json image accepted. Default 256 MiB. */
    public Builder maxImageSize(long bytes) {
      this.maxImageSize = positive(bytes, "maxImageSize");
      return this;
    }

    /**
     * Where large decoded images are written (created owner-only if missing). Default: the
     * {@code java.io.tmpdir} directory. Files are readable by their owner only and deleted at JVM
     * exit at the latest.
     */
    public Builder spillDirectory(Path directory) {
      this.spillDirectory = requireNonNull(directory, "directory == null");
      return this;
    }

    public RetrofitTransport build() {
      return new RetrofitTransport(this);
    }

    private static Duration positive(Duration d, String name) {
      requireNonNull(d, name + " == null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive (every wait is bounded): " + d);
      }
      return d;
    }

    private static long positive(long bytes, String name) {
      if (bytes <= 0) throw new IllegalArgumentException(name + " must be positive: " + bytes);
      return bytes;
    }
  }
}
