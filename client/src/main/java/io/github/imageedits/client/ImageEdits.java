package io.github.imageedits.client;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.ApiKey;
import io.github.imageedits.EditRequest;
import io.github.imageedits.FlowListener;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.EditObserver;
import io.github.imageedits.ProgressListener;
import io.github.imageedits.RetryListener;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.UnsupportedFeatureException;
import io.github.imageedits.Timeouts;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.ProviderFeature;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.Transport;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The entry point: builds an {@link ImageEditClient} for a provider picked by name.
 *
 * <pre>{@code
 * try (ImageEditClient client = ImageEdits.builder()
 *     .provider("acedata")                       // or "chainhub"
 *     .apiKey(System.getenv("ACEDATA_API_TOKEN"))
 *     .build()) {
 *   EditResult result = client.edit(EditRequest.builder()
 *       .model("gpt-image-1")
 *       .prompt("Add a red scarf")
 *       .image(Path.of("cat.png"))
 *       .build());
 * }
 * }</pre>
 *
 * <p>The same {@link EditRequest} runs on any provider: switching is a change of the provider name.
 * Every request is validated against the provider's capability table before anything is sent.
 *
 * <p>Asynchronous edits ({@link ImageEditClient#submit}) for providers that offer them: give the client a callback
 * URL, or let it run its own receiver, and it signs each task's callback URL; without either it
 * follows tasks by polling.
 *
 * <pre>{@code
 * try (ImageEditClient client = ImageEdits.builder()
 *     .provider("acedata").apiKey(token)
 *     .callbackReceiver(new InetSocketAddress(8086))                  // the built-in receiver...
 *     .callbackUrl("https://edits.example.com/imageedits/callback")   // ...behind this public URL
 *     .build()) {
 *   EditTask task = client.submit(request);
 *   EditResult result = task.await(Duration.ofMinutes(10));
 * }
 * }</pre>
 */
public final class ImageEdits {
  private ImageEdits() {}

  /** Starts configuring a client. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The names of the providers on the class path, sorted: every {@link ProviderAdapter} registered
   * as a service ({@code META-INF/services/io.github.imageedits.spi.ProviderAdapter}) and visible
   * to the thread's context class loader.
   */
  public static Set<String> providers() {
    return new TreeSet<>(discovered().keySet());
  }

  /**
   * The capability table of a provider on the class path, without building a client or sending
   * anything.
   *
   * @throws IllegalArgumentException for an unknown provider; the message lists the known ones
   */
  public static CapabilityTable capabilities(String provider) {
    requireNonNull(provider, "provider == null");
    return adapter(discovered(), provider).capabilities();
  }

  /**
   * Every registered adapter, by name. Looked up on each call through the context class loader, so
   * a provider in a jar of its own is found wherever the application's class loader finds it; the
   * first registration of a name wins.
   */
  private static Map<String, ProviderAdapter> discovered() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Map<String, ProviderAdapter> byName = new LinkedHashMap<>();
    for (ProviderAdapter adapter : ServiceLoader.load(ProviderAdapter.class, loader)) {
      byName.putIfAbsent(adapter.name(), adapter);
    }
    return byName;
  }

  private static ProviderAdapter adapter(Map<String, ProviderAdapter> known, String provider) {
    ProviderAdapter adapter = known.get(provider);
    if (adapter == null) {
      throw new IllegalArgumentException("unknown provider '" + provider + "'; known providers: "
          + String.join(", ", new TreeSet<>(known.keySet())));
    }
    return adapter;
  }

  /** Configures an {@link ImageEditClient}. Only the provider and the API key are required. */
  public static final class Builder {
    private String provider;
    private ProviderAdapter adapter;
    private ApiKey apiKey;
    private URI baseUrl;
    private Transport transport;
    private final List<ModelCapability> models = new ArrayList<>();
    private final Timeouts.Builder timeouts = Timeouts.builder();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private RetryListener retryListener = RetryListener.NONE;
    private URI callbackUrl;
    private byte[] callbackSecret;
    private long maxCallbackBytes = CallbackSettings.DEFAULT_MAX_BODY_BYTES;
    private ClientOptions options = ClientOptions.defaults();
    private InetSocketAddress receiverAddress;
    private ProxyChoice proxy = ProxyChoice.JVM_DEFAULT;
    private int maxConcurrentEdits;
    private int maxQueuedEdits = FlowSettings.DEFAULTS.maxQueued();
    private int maxEditsPerMinute;
    private FlowListener flowListener = FlowListener.NONE;

    Builder() {}

    /**
     * Picks a provider on the class path by name, for example {@code "acedata"} or
     * {@code "chainhub"}; see {@link ImageEdits#providers()}.
     */
    public Builder provider(String name) {
      this.provider = requireNonNull(name, "name == null");
      this.adapter = null;
      return this;
    }

    /** Uses a provider adapter of your own (see docs/adding-a-provider.md). */
    public Builder provider(ProviderAdapter adapter) {
      this.adapter = requireNonNull(adapter, "adapter == null");
      this.provider = null;
      return this;
    }

    /**
     * The provider's API key. It never appears in logs, messages or {@code toString()}.
     *
     * @throws NullPointerException for null, typically an environment variable that is not set;
     *     the message says which provider wanted the key
     */
    public Builder apiKey(String apiKey) {
      // Tested here, not with requireNonNull and a message supplier: a lambda spins a hidden
      // class on a cold JVM, and every client is built through this method.
      if (apiKey == null) throw new NullPointerException("apiKey == null: " + missingKey());
      return apiKey(ApiKey.of(apiKey));
    }

    public Builder apiKey(ApiKey apiKey) {
      if (apiKey == null) throw new NullPointerException("apiKey == null: " + missingKey());
      this.apiKey = apiKey;
      return this;
    }

    /** What to do about a missing key, naming the provider when it is already chosen. */
    private String missingKey() {
      String who = adapter != null ? adapter.name() : provider;
      return "no API key" + (who == null ? "" : " for " + who) + " (is the environment variable you"
          + " read it from set?); pass the provider's API key, for example"
          + " apiKey(System.getenv(\"ACEDATA_API_TOKEN\"))";
    }

    /**
     * Replaces the provider's API root (its paths are appended). Plain http is accepted only for
     * loopback addresses, so a key never crosses a network in clear text.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = URI.create(requireNonNull(baseUrl, "baseUrl == null"));
      return this;
    }

    /**
     * Sends every call of the built-in transport through {@code proxy} (HTTP or SOCKS). https is
     * tunnelled (CONNECT), so the proxy never sees the key; plain http (loopback only) through a
     * proxy that is not on loopback is refused. Default: the JVM's proxy settings. Not for a
     * {@linkplain #transport borrowed transport}, which keeps its own.
     *
     * <pre>{@code
     * ImageEdits.builder().provider("acedata").apiKey(token)
     *     .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("proxy.internal", 3128)))
     *     .build();
     * }</pre>
     */
    public Builder proxy(Proxy proxy) {
      this.proxy = new ProxyChoice(requireNonNull(proxy, "proxy == null"), null);
      return this;
    }

    /**
     * The proxy as a URL: {@code http://host:port} (the usual {@code HTTPS_PROXY} value; https
     * is tunnelled through it) or {@code socks5://host:port}. See {@link #proxy(Proxy)}.
     *
     * @throws IllegalArgumentException for a URL that is not one of those
     */
    public Builder proxy(String url) {
      return proxy(ProxyChoice.parse(requireNonNull(url, "url == null")));
    }

    /**
     * Chooses the proxy per URL, for example one that leaves some hosts direct (a no-proxy list).
     * The rules of {@link #proxy(Proxy)} apply to what it chooses. Replaces a proxy set before.
     */
    public Builder proxySelector(ProxySelector selector) {
      this.proxy = new ProxyChoice(null, requireNonNull(selector, "selector == null"));
      return this;
    }

    /** Declares or overrides one model's capability, for example a model the table does not list yet. */
    public Builder model(ModelCapability capability) {
      models.add(requireNonNull(capability, "capability == null"));
      return this;
    }

    /**
     * Uses this transport instead of building one. The transport is BORROWED: closing the client
     * leaves it open, so several clients (and a {@link io.github.imageedits.FallbackClient} over
     * them) can share it and its connection pool; its owner closes it after the last client. A
     * transport the client builds itself is owned and closed with the client.
     */
    public Builder transport(Transport transport) {
      this.transport = requireNonNull(transport, "transport == null");
      return this;
    }

    /**
     * How long to wait for a connection. The four timeouts apply to the built-in transport (a
     * transport given to {@link #transport} keeps its own); a request's
     * {@link EditRequest.Builder#timeouts} override them for that request.
     */
    public Builder connectTimeout(Duration timeout) {
      timeouts.connect(timeout);
      return this;
    }

    /** How long one write of the upload may block. */
    public Builder writeTimeout(Duration timeout) {
      timeouts.write(timeout);
      return this;
    }

    /** How long to wait for any byte of the reply; replies can take minutes. */
    public Builder readTimeout(Duration timeout) {
      timeouts.read(timeout);
      return this;
    }

    /** A bound on the whole call, upload and reply included. */
    public Builder callTimeout(Duration timeout) {
      timeouts.call(timeout);
      return this;
    }

    /**
     * The largest result image {@link ImageEditClient#save} downloads from a link, in bytes; a larger
     * one fails with a {@link io.github.imageedits.TransportException} and leaves no file. Default
     * 256 MiB.
     */
    public Builder maxDownloadBytes(long bytes) {
      this.options = options.maxDownloadBytes(bytes);
      return this;
    }

    /**
     * Hears upload progress (each edit's request body) and download progress (each reply, each
     * result saved from a link). See {@link ProgressListener}.
     */
    public Builder progressListener(ProgressListener listener) {
      this.options = options.progressListener(requireNonNull(listener, "listener == null"));
      return this;
    }

    /**
     * Observes every edit, stream and task submission for metrics and traces: one observation
     * each, with its attempts, retries, bytes and outcome. Nothing is observed by default, at no
     * cost. The {@code imageedits-micrometer} module has one for Micrometer (and, through its
     * tracing bridges, OpenTelemetry):
     *
     * <pre>{@code
     * ImageEditClient client = ImageEdits.builder()
     *     .provider("acedata").apiKey(token)
     *     .observer(MicrometerEditObserver.create(observationRegistry))
     *     .build();
     * }</pre>
     */
    public Builder observer(EditObserver observer) {
      this.options = options.observer(requireNonNull(observer, "observer == null"));
      return this;
    }

    /**
     * How failed edits are retried; a request's own policy wins. Default
     * {@link RetryPolicy#defaults()}: up to 3 attempts for 429, 502, 503, 504 and connections that
     * failed before the request was fully sent, never for a request the provider may have
     * processed. {@link RetryPolicy#none()} sends every edit once. See docs/reliability.md.
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = requireNonNull(policy, "policy == null");
      return this;
    }

    /** Hears about every retry (attempt, wait, cause) before its wait begins. */
    public Builder retryListener(RetryListener listener) {
      this.retryListener = requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * The public URL where the provider delivers callbacks: your endpoint, which calls
     * {@link ImageEditClient#callbackHandler()}, or the built-in {@link #callbackReceiver} behind a proxy.
     * https, or plain http to a loopback address. Each task's URL gets a signed query appended.
     */
    public Builder callbackUrl(String url) {
      this.callbackUrl = URI.create(requireNonNull(url, "url == null"));
      return this;
    }

    /**
     * Runs the built-in callback receiver (the JDK's HTTP server, plain HTTP) on {@code address};
     * port 0 picks a free one. Without {@link #callbackUrl} the provider is given the receiver's own
     * address, which must then be loopback.
     */
    public Builder callbackReceiver(InetSocketAddress address) {
      this.receiverAddress = requireNonNull(address, "address == null");
      return this;
    }

    /**
     * The secret that signs callback URLs (32 bytes or more), for callbacks to stay recognisable
     * across restarts or across instances behind one URL; random per client by default. Copied.
     */
    public Builder callbackSecret(byte[] secret) {
      requireNonNull(secret, "secret == null");
      this.callbackSecret = secret.clone();
      return this;
    }

    /** The largest callback body accepted (default 64 MiB); a larger one is answered 413. */
    public Builder maxCallbackBytes(long bytes) {
      if (bytes <= 0) throw new IllegalArgumentException("maxCallbackBytes must be positive: " + bytes);
      this.maxCallbackBytes = bytes;
      return this;
    }

    /**
     * Fixes how many edits run at once on this provider and key ({@code n} from 1). By default the
     * client finds the number itself: it starts at 10, grows while the provider serves, and drops
     * on a 429 or overload 503 below the edits that were running when the refused one went, or to
     * half when the provider serves none (AIMD with slow start, at most 256). Clients of the same
     * provider, base URL, key and flow settings share one limit. Edits beyond it wait in a queue
     * that holds no thread; a refused edit waits for its {@code Retry-After}, then goes first.
     */
    public Builder maxConcurrentEdits(int n) {
      if (n < 1) throw new IllegalArgumentException("maxConcurrentEdits must be positive: " + n);
      this.maxConcurrentEdits = n;
      return this;
    }

    /**
     * How many edits may wait for their turn (default 10,000). Past it, {@code editAsync} and
     * {@code edit} fail at once with {@link io.github.imageedits.EditQueueFullException} and send
     * nothing; {@link ImageEditClient#editAll} never fills it.
     */
    public Builder maxQueuedEdits(int n) {
      if (n < 1) throw new IllegalArgumentException("maxQueuedEdits must be positive: " + n);
      this.maxQueuedEdits = n;
      return this;
    }

    /** Sends at most {@code n} edits in any minute (a sliding window); default no rate. */
    public Builder maxEditsPerMinute(int n) {
      if (n < 1) throw new IllegalArgumentException("maxEditsPerMinute must be positive: " + n);
      this.maxEditsPerMinute = n;
      return this;
    }

    /** Hears queue length, queue waits, limit changes and pauses of this client's flow control. */
    public Builder flowListener(FlowListener listener) {
      this.flowListener = requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws IllegalArgumentException for an unknown provider (the message lists the known ones)
     *     or a plain-http base URL that is not loopback
     * @throws IllegalStateException when the provider or the API key is missing
     */
    public ImageEditClient build() {
      ProviderAdapter chosen = adapter;
      if (chosen == null) {
        Map<String, ProviderAdapter> known = discovered();
        if (provider == null) {
          throw new IllegalStateException("no provider: call provider(name); known providers: "
              + String.join(", ", new TreeSet<>(known.keySet())));
        }
        chosen = adapter(known, provider);
      }
      if (apiKey == null) {
        throw new IllegalStateException("no API key for " + chosen.name() + ": call apiKey(key) with"
            + " the key " + chosen.name() + " gave you (read it from an environment variable, not"
            + " from source code)");
      }
      if (transport != null && proxy.isSet()) {
        throw new IllegalStateException("proxy(...) applies to the transport the client builds; a"
            + " transport given to transport(...) keeps its own: set the proxy on that transport");
      }
      // The context checks the URL (plain http only to loopback) before any transport exists.
      ProviderContext context =
          new ProviderContext(baseUrl != null ? baseUrl : chosen.defaultBaseUrl(), apiKey);
      CapabilityTable table = chosen.capabilities();
      for (ModelCapability model : models) table = table.with(model);
      CallbackPlan callbacks = new CallbackPlan(callbackUrl, receiverAddress, callbackSecret, maxCallbackBytes);
      if (callbacks.enabled() && !table.supports(ProviderFeature.ASYNC_CALLBACK)) {
        throw new UnsupportedFeatureException(chosen.name(), "asynchronous callbacks");
      }
      ClientComponent component = DaggerClientComponent.builder()
          .adapter(chosen)
          .context(context)
          .capabilities(table)
          .timeouts(timeouts.build())
          .proxy(proxy)
          .retryPolicy(retryPolicy)
          .retryListener(retryListener)
          .options(options)
          .callbacks(callbacks)
          .flow(new FlowSettings(maxConcurrentEdits, maxQueuedEdits, maxEditsPerMinute, flowListener))
          .borrowedTransport(Optional.ofNullable(transport))
          .build();
      // In this order, so that a failure closes exactly what was opened before it.
      Optional<EmbeddedReceiver> receiver = Optional.empty();
      TransportLease lease = null;
      try {
        receiver = component.receiver();
        lease = component.transport();
        EditEngine engine = component.engine();
        if (receiver.isPresent()) receiver.get().start(engine.callbackHandler());
        return engine;
      } catch (RuntimeException | Error e) {
        if (receiver.isPresent()) receiver.get().close();
        if (lease != null && lease.owned()) lease.transport().close();
        throw e;
      }
    }
  }
}
