package io.github.imageedits.client;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.ApiKey;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.PartialImageListener;
import io.github.imageedits.ProgressListener;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.spi.AdapterClient;
import io.github.imageedits.spi.ClientOptions;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The entry point: an image-editing client for a provider picked by name.
 *
 * <pre>{@code
 * try (ImageEdits client = ImageEdits.builder()
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
 */
public final class ImageEdits implements ImageEditClient {
  private final ImageEditClient delegate;

  private ImageEdits(ImageEditClient delegate) {
    this.delegate = delegate;
  }

  /** Starts configuring a client. */
  public static Builder builder() {
    return new Builder();
  }

  /** The provider names this build knows, sorted. */
  public static Set<String> providers() {
    return new TreeSet<>(component(new TransportSettings(null, null, null, null)).providers().keySet());
  }

  /**
   * The capability table of a provider of this build, without building a client or sending
   * anything.
   *
   * @throws IllegalArgumentException for an unknown provider; the message lists the known ones
   */
  public static CapabilityTable capabilities(String provider) {
    requireNonNull(provider, "provider == null");
    return adapter(component(new TransportSettings(null, null, null, null)).providers(), provider)
        .capabilities();
  }

  private static ProviderAdapter adapter(Map<String, ProviderAdapter> known, String provider) {
    ProviderAdapter adapter = known.get(provider);
    if (adapter == null) {
      throw new IllegalArgumentException("unknown provider '" + provider + "'; known providers: "
          + String.join(", ", new TreeSet<>(known.keySet())));
    }
    return adapter;
  }

  private static EditsComponent component(TransportSettings settings) {
    return DaggerEditsComponent.builder().settings(settings).build();
  }

  @Override
  public String provider() {
    return delegate.provider();
  }

  @Override
  public CapabilityTable capabilities() {
    return delegate.capabilities();
  }

  @Override
  public ValidationReport check(EditRequest request) {
    return delegate.check(request);
  }

  @Override
  public EditResult edit(EditRequest request) {
    return delegate.edit(request);
  }

  @Override
  public CompletableFuture<EditResult> editAsync(EditRequest request) {
    return delegate.editAsync(request);
  }

  @Override
  public EditResult stream(EditRequest request, PartialImageListener listener) {
    return delegate.stream(request, listener);
  }

  @Override
  public CompletableFuture<EditResult> streamAsync(EditRequest request, PartialImageListener listener) {
    return delegate.streamAsync(request, listener);
  }

  @Override
  public java.nio.file.Path save(io.github.imageedits.EditedImage image, java.nio.file.Path folder,
      String stem) throws java.io.IOException {
    return delegate.save(image, folder, stem);
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "ImageEdits[" + delegate + "]";
  }

  /** Configures an {@link ImageEdits}. Only the provider and the API key are required. */
  public static final class Builder {
    private String provider;
    private ProviderAdapter adapter;
    private ApiKey apiKey;
    private URI baseUrl;
    private Transport transport;
    private final List<ModelCapability> models = new ArrayList<>();
    private Duration connectTimeout;
    private Duration writeTimeout;
    private Duration readTimeout;
    private Duration callTimeout;
    private ClientOptions options = ClientOptions.defaults();

    Builder() {}

    /** Picks a provider of this build by name, for example {@code "acedata"} or {@code "chainhub"}. */
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

    /** The provider's API key. It never appears in logs, messages or {@code toString()}. */
    public Builder apiKey(String apiKey) {
      return apiKey(ApiKey.of(requireNonNull(apiKey, "apiKey == null")));
    }

    public Builder apiKey(ApiKey apiKey) {
      this.apiKey = requireNonNull(apiKey, "apiKey == null");
      return this;
    }

    /**
     * Replaces the provider's API root (its paths are appended). Plain http is accepted only for
     * loopback addresses, so a key never crosses a network in clear text.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = URI.create(requireNonNull(baseUrl, "baseUrl == null"));
      return this;
    }

    /** Declares or overrides one model's capability, for example a model the table does not list yet. */
    public Builder model(ModelCapability capability) {
      models.add(requireNonNull(capability, "capability == null"));
      return this;
    }

    /** Uses this transport instead of the built-in Retrofit one. The client closes it. */
    public Builder transport(Transport transport) {
      this.transport = requireNonNull(transport, "transport == null");
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = positive(timeout, "writeTimeout");
      return this;
    }

    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** A bound on the whole call, upload and reply included. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /**
     * The largest result image {@link ImageEdits#save} downloads from a link, in bytes; a larger
     * one fails with a {@link io.github.imageedits.TransportException} and leaves no file. Default
     * {@link AdapterClient#DEFAULT_MAX_DOWNLOAD_BYTES} (256 MiB).
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

    private static Duration positive(Duration timeout, String name) {
      requireNonNull(timeout, name + " == null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + timeout);
      }
      return timeout;
    }

    /**
     * Builds the client.
     *
     * @throws IllegalArgumentException for an unknown provider (the message lists the known ones)
     *     or a plain-http base URL that is not loopback
     * @throws IllegalStateException when the provider or the API key is missing
     */
    public ImageEdits build() {
      EditsComponent component = component(
          new TransportSettings(connectTimeout, writeTimeout, readTimeout, callTimeout));
      ProviderAdapter chosen = adapter;
      if (chosen == null) {
        if (provider == null) {
          throw new IllegalStateException("no provider: call provider(name); known providers: "
              + String.join(", ", new TreeSet<>(component.providers().keySet())));
        }
        chosen = adapter(component.providers(), provider);
      }
      if (apiKey == null) {
        throw new IllegalStateException("no API key for " + chosen.name() + ": call apiKey(...)");
      }
      // The context checks the URL (plain http only to loopback) before any transport exists.
      ProviderContext context =
          new ProviderContext(baseUrl != null ? baseUrl : chosen.defaultBaseUrl(), apiKey);
      CapabilityTable table = chosen.capabilities();
      for (ModelCapability model : models) table = table.with(model);
      Transport wire = transport != null ? transport : component.transport();
      return new ImageEdits(new AdapterClient(chosen, wire, context, table, options));
    }
  }
}
