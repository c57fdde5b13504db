package io.github.imageedits.transport.retrofit;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.ProgressListener;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.ProxySelector;
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

/**
 * The {@link Transport} over Retrofit, OkHttp and Moshi, suited to image editing: uploads stream
 * from disk, replies are read with a streaming JSON reader, {@code b64_json} images are decoded as
 * they arrive (to a temporary file once they are large), and every wait and every read is bounded.
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
 *   <li>Every request says who sends it: {@code User-Agent: imageedits/<version>}, followed by
 *       what {@link Builder#userAgentSuffix(String)} appends.
 *   <li>Transports built without a {@linkplain Builder#client(OkHttpClient) client of the caller's}
 *       share one OkHttp connection pool and dispatcher in the process (OkHttp: "OkHttpClients
 *       should be shared"); each derives its own timeouts and proxy from it.
 *       {@link #close()} cancels this transport's calls in flight and leaves the shared pool, and a
 *       caller's client, as they are.
 *   <li>Through a {@linkplain Builder#proxy(Proxy) proxy}: https is tunnelled (CONNECT), so the key
 *       stays encrypted end to end; plain http (loopback only) through a proxy that is not on this
 *       machine is refused before anything is sent. A proxy that cannot be reached is named as
 *       such in the failure.
 * </ul>
 *
 * <p>Retrofit executes the calls: {@code ProviderApi} describes the endpoints ({@code @Streaming},
 * an absolute {@code @Url}, {@code @HeaderMap}, {@code @Body}), and a call adapter turns each
 * Retrofit call into the transport's {@link Transport.Call}. One attempt is one OkHttp call. A 2xx
 * body streams to the reply reader; Retrofit buffers non-2xx bodies, so an interceptor cuts them
 * at {@link Builder#maxErrorBodySize(long)} first.
 */
public final class RetrofitTransport implements Transport {
  private final OkHttpClient client;
  private final ReplyReader reader;
  private final HttpLog log;
  private final String timeouts;
  private final String userAgent;
  private final CallRegistry registry = new CallRegistry();
  private final ProviderApi api;
  /**
   * The last URL checked and parsed: an app sends its edits to one endpoint, so this spares each
   * call parsing the same text into an {@link HttpUrl} again (host normalisation included).
   */
  private volatile CheckedUrl lastUrl;

  /** {@code uri}'s text, and what {@link HostPolicy#check} made of it. */
  private record CheckedUrl(String text, HttpUrl url) {}

  private RetrofitTransport(Builder builder) {
    OkHttpClient.Builder http = (builder.client != null ? builder.client : SharedClient.BASE).newBuilder()
        .connectTimeout(builder.connectTimeout)
        .writeTimeout(builder.writeTimeout)
        .readTimeout(builder.readTimeout)
        .callTimeout(builder.callTimeout)
        .followRedirects(false)
        .followSslRedirects(false)
        .addInterceptor(new ErrorBodyCap(builder.maxErrorBodySize));
    if (builder.proxy != null) http.proxy(builder.proxy);
    if (builder.proxySelector != null) http.proxySelector(builder.proxySelector);
    this.client = http.build();
    this.reader = new ReplyReader(builder.maxJsonSize, builder.maxErrorBodySize,
        builder.spillThreshold, builder.maxImageSize, new SpillFiles(builder.spillDirectory));
    EventStreamReader events = new EventStreamReader(reader, builder.maxJsonSize, builder.maxErrorBodySize);
    this.log = builder.logger == null ? HttpLog.NONE : new HttpLog(builder.logger);
    this.api = ProviderApi.create(new ProviderApi.Adapter(new HttpCall.Readers(reader, events, log, registry)));
    this.timeouts = limits(client);
    this.userAgent = UserAgent.of(builder.userAgentSuffix);
  }

  /**
   * The one OkHttp client that transports built without a caller's client start from: its
   * connection pool and dispatcher are shared by all of them, in the whole process. It keeps up to
   * 32 idle connections (OkHttp's default is 5): apps that edit concurrently would otherwise close
   * and reopen connections between bursts. Made on first use; its idle connections close after
   * 5 minutes, on OkHttp's daemon thread.
   */
  private static final class SharedClient {
    static final OkHttpClient BASE = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
        .build();
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
    HttpUrl url = checkedUrl(request.method(), request.url());
    // The request's own timeouts travel with it (see CallState): no OkHttp client is built per call.
    CallState state = new CallState(client, request.timeouts(), progress, request.base64ImageKeys());
    HostPolicy.checkProxy(request.method(), url, request.url(), client);
    return RequestFactory.create(api, request, url, state, userAgent);
  }

  private HttpUrl checkedUrl(String method, URI uri) {
    String text = uri.toString(); // kept by the URI once made
    CheckedUrl last = lastUrl;
    if (last != null && last.text().equals(text)) return last.url();
    HttpUrl url = HostPolicy.check(method, uri); // throws for a URL it refuses: nothing is kept
    lastUrl = new CheckedUrl(text, url);
    return url;
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
    return ResultDownload.open(api, client, url, maxBytes, timeouts, userAgent, progress);
  }

  /**
   * Parses a callback body as replies are parsed: b64_json streamed aside, the same JSON limits. A
   * body past {@code maxJsonSize} or {@code maxImageSize} comes back as status 413 with no tree.
   */
  @Override
  public WireReply readCallback(Map<String, List<String>> headers, InputStream body) throws IOException {
    requireNonNull(headers, "headers == null");
    requireNonNull(body, "body == null");
    return reader.readCallback(headers, body);
  }

  /**
   * Cancels this transport's calls in flight and refuses new ones. The connection pool is left as
   * it is: it is shared with the other transports (or it is the caller's client's), and its idle
   * connections close on their own.
   */
  @Override
  public void close() {
    registry.close();
  }

  @Override
  public String toString() {
    return "RetrofitTransport[" + timeouts + "]";
  }

  static String limits(OkHttpClient client) {
    return limits(client.connectTimeoutMillis(), client.writeTimeoutMillis(), client.readTimeoutMillis(),
        client.callTimeoutMillis());
  }

  static String limits(long connect, long write, long read, long call) {
    return "connect " + text(connect) + ", write " + text(write) + ", read " + text(read)
        + ", call " + text(call);
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
    private Proxy proxy;
    private ProxySelector proxySelector;
    private String userAgentSuffix;

    private Builder() {}

    /**
     * A client to start from, to share its connection pool or to set TLS, DNS or an event
     * listener. The transport applies its own timeouts, redirect policy and error-body cap on top.
     * Do not give it an interceptor that reads or logs bodies: that would hold whole images in
     * memory. Default: the process-wide client all transports share.
     *
     * <pre>{@code
     * OkHttpClient http = new OkHttpClient.Builder().sslSocketFactory(factory, trustManager).build();
     * RetrofitTransport transport = RetrofitTransport.builder().client(http).build();
     * }</pre>
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

    /**
     * Sends every request through {@code proxy} (HTTP or SOCKS). An https request goes through an
     * HTTP proxy as a CONNECT tunnel, so the proxy never sees the API key. A plain-http request
     * (allowed to loopback addresses only) through a proxy that is not on loopback is refused
     * before it is sent. When the proxy cannot be reached, the failure says so and names it.
     * Default: the JVM's proxy settings ({@code https.proxyHost} and the like). Use
     * {@link Proxy#NO_PROXY} to connect directly whatever they say.
     *
     * <pre>{@code
     * RetrofitTransport transport = RetrofitTransport.builder()
     *     .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("proxy.internal", 3128)))
     *     .build();
     * }</pre>
     */
    public Builder proxy(Proxy proxy) {
      this.proxy = requireNonNull(proxy, "proxy == null");
      this.proxySelector = null;
      return this;
    }

    /**
     * Chooses the proxy per URL with {@code selector} (for example one that honours a no-proxy
     * list); the same rules as {@link #proxy(Proxy)} apply to what it chooses. Replaces a
     * {@link #proxy(Proxy)} set before.
     *
     * <pre>{@code
     * RetrofitTransport transport = RetrofitTransport.builder()
     *     .proxySelector(ProxySelector.of(new InetSocketAddress("proxy.internal", 3128)))
     *     .build();
     * }</pre>
     */
    public Builder proxySelector(ProxySelector selector) {
      this.proxySelector = requireNonNull(selector, "selector == null");
      this.proxy = null;
      return this;
    }

    /**
     * Appended to the {@code User-Agent} every request carries, after a space:
     * {@code imageedits/0.1.0 myapp/2.0}. Providers see which application called them. Printable
     * ASCII only. Default: nothing appended. (An adapter that sets a User-Agent header of its own
     * keeps it.)
     *
     * <pre>{@code
     * RetrofitTransport transport = RetrofitTransport.builder().userAgentSuffix("myapp/2.0").build();
     * }</pre>
     */
    public Builder userAgentSuffix(String suffix) {
      this.userAgentSuffix = UserAgent.checkSuffix(requireNonNull(suffix, "suffix == null"));
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
