package io.github.imageedits.spring;

import io.github.imageedits.EditObserver;
import io.github.imageedits.FallbackClient;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.UnsupportedFeatureException;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.spi.ProviderContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Builds the client the properties describe, checking each property first so that a wrong one
 * stops the application with its name (an {@link InvalidImageEditsPropertyException}) instead of
 * failing a request later, and a bad key is never sent. Messages never contain a key or a secret.
 */
final class ClientFactory {
  private static final String PREFIX = "imageedits";
  /** Callback secrets are HMAC keys; the client asks for at least this many bytes. */
  private static final int MIN_SECRET_BYTES = 32;
  private static final String AZURE = "azure";

  private final ImageEditsProperties properties;
  private final @Nullable EditObserver observer;
  private final List<ImageEditsBuilderCustomizer> customizers;

  ClientFactory(ImageEditsProperties properties, @Nullable EditObserver observer,
      List<ImageEditsBuilderCustomizer> customizers) {
    this.properties = properties;
    this.observer = observer;
    this.customizers = List.copyOf(customizers);
  }

  ImageEditClient create() {
    Set<String> known = ImageEdits.providers();
    ImageEditClient main = build(PREFIX, properties, known, this::callbacks);
    if (properties.getFallback().isEmpty()) return main;
    List<ImageEditClient> more = new ArrayList<>();
    try {
      List<ProviderProperties> fallback = properties.getFallback();
      for (int i = 0; i < fallback.size(); i++) {
        more.add(build(PREFIX + ".fallback[" + i + "]", fallback.get(i), known, builder -> {}));
      }
    } catch (RuntimeException e) {
      // A wrong fallback entry stops the start: close what was already built.
      main.close();
      more.forEach(ImageEditClient::close);
      throw e;
    }
    FallbackClient chain = FallbackClient.of(main, more.toArray(ImageEditClient[]::new));
    // The chain's observation is the parent of each provider's own.
    return observer != null ? chain.observer(observer) : chain;
  }

  private ImageEditClient build(String prefix, ProviderProperties provider, Set<String> known,
      Consumer<ImageEdits.Builder> extra) {
    String name = checkProvider(prefix + ".provider", provider.getProvider(), known);
    ImageEdits.Builder builder = ImageEdits.builder()
        .provider(name)
        .apiKey(checkApiKey(prefix + ".api-key", provider.getApiKey(), name));
    String baseUrl = provider.getBaseUrl();
    if (baseUrl == null && name.equals(AZURE)) {
      // Each Azure OpenAI resource has its own endpoint; the adapter has no default to fall back on.
      throw new InvalidImageEditsPropertyException(prefix + ".base-url", "azure needs the resource"
          + " endpoint as the base URL, for example https://my-resource.openai.azure.com");
    }
    if (baseUrl != null) builder.baseUrl(checkUrl(prefix + ".base-url", baseUrl).toString());
    shared(builder);
    if (observer != null) builder.observer(observer);
    extra.accept(builder);
    for (ImageEditsBuilderCustomizer customizer : customizers) customizer.customize(builder);
    try {
      return builder.build();
    } catch (UnsupportedFeatureException e) {
      // Only callbacks are checked against the provider's features while building.
      throw new InvalidImageEditsPropertyException(PREFIX + ".callback.url",
          name + " sends no callbacks: " + e.getMessage());
    }
  }

  /** The settings every provider of the chain shares: timeouts, retries, proxy, download limit. */
  private void shared(ImageEdits.Builder builder) {
    ImageEditsProperties.Timeouts timeouts = properties.getTimeouts();
    if (timeouts.getConnect() != null) builder.connectTimeout(positive("timeouts.connect", timeouts.getConnect()));
    if (timeouts.getRead() != null) builder.readTimeout(positive("timeouts.read", timeouts.getRead()));
    if (timeouts.getWrite() != null) builder.writeTimeout(positive("timeouts.write", timeouts.getWrite()));
    if (timeouts.getCall() != null) builder.callTimeout(positive("timeouts.call", timeouts.getCall()));
    builder.retryPolicy(retryPolicy(properties.getRetry()));
    ImageEditsProperties.Concurrency flow = properties.getConcurrency();
    if (flow.getMaxConcurrentEdits() != null) {
      check("concurrency.max-concurrent-edits", () -> builder.maxConcurrentEdits(flow.getMaxConcurrentEdits()));
    }
    if (flow.getMaxQueuedEdits() != null) {
      check("concurrency.max-queued-edits", () -> builder.maxQueuedEdits(flow.getMaxQueuedEdits()));
    }
    if (flow.getMaxEditsPerMinute() != null) {
      check("concurrency.max-edits-per-minute", () -> builder.maxEditsPerMinute(flow.getMaxEditsPerMinute()));
    }
    String proxy = properties.getProxy();
    if (proxy != null && !proxy.isBlank()) {
      check("proxy", () -> builder.proxy(proxy));
    }
    if (properties.getMaxDownloadSize() != null) {
      long bytes = properties.getMaxDownloadSize().toBytes();
      check("max-download-size", () -> builder.maxDownloadBytes(bytes));
    }
  }

  private static RetryPolicy retryPolicy(ImageEditsProperties.Retry retry) {
    RetryPolicy.Builder policy = RetryPolicy.defaults().toBuilder();
    if (retry.getMaxAttempts() != null) check("retry.max-attempts", () -> policy.maxAttempts(retry.getMaxAttempts()));
    if (retry.getInitialDelay() != null) check("retry.initial-delay", () -> policy.initialDelay(retry.getInitialDelay()));
    if (retry.getMaxDelay() != null) check("retry.max-delay", () -> policy.maxDelay(retry.getMaxDelay()));
    if (retry.getMultiplier() != null) check("retry.multiplier", () -> policy.multiplier(retry.getMultiplier()));
    if (retry.getJitter() != null) check("retry.jitter", () -> policy.jitter(retry.getJitter()));
    if (retry.getMaxRetryAfter() != null) check("retry.max-retry-after", () -> policy.maxRetryAfter(retry.getMaxRetryAfter()));
    if (retry.getStatuses() != null) check("retry.statuses", () -> policy.retryStatuses(retry.getStatuses()));
    if (retry.getRetrySentRequests() != null) policy.retrySentRequests(retry.getRetrySentRequests());
    try {
      return policy.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidImageEditsPropertyException(PREFIX + ".retry", e.getMessage());
    }
  }

  /** The main provider's callback settings; a fallback provider is never given the callback URL. */
  private void callbacks(ImageEdits.Builder builder) {
    ImageEditsProperties.Callback callback = properties.getCallback();
    String path = callback.getPath();
    if (path == null || !path.startsWith("/")) {
      throw new InvalidImageEditsPropertyException(PREFIX + ".callback.path",
          "'" + path + "' is not a path: write it with a leading slash, for example /imageedits/callback");
    }
    if (callback.getUrl() != null) {
      URI url = checkUrl(PREFIX + ".callback.url", callback.getUrl());
      if (url.getRawFragment() != null) {
        throw new InvalidImageEditsPropertyException(PREFIX + ".callback.url", "'" + url + "' has a fragment (#...)");
      }
      builder.callbackUrl(url.toString());
    }
    if (callback.getMaxBodySize() != null) {
      long bytes = callback.getMaxBodySize().toBytes();
      check("callback.max-body-size", () -> builder.maxCallbackBytes(bytes));
    }
    String secret = callback.getSecret();
    if (secret != null) {
      byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
      if (bytes.length < MIN_SECRET_BYTES) {
        throw new InvalidImageEditsPropertyException(PREFIX + ".callback.secret", "the secret has "
            + bytes.length + " bytes; it needs at least " + MIN_SECRET_BYTES + " (for example 32 random"
            + " bytes, base64-encoded)");
      }
      builder.callbackSecret(bytes);
    }
  }

  private static String checkProvider(String property, @Nullable String provider, Set<String> known) {
    String list = known.isEmpty() ? "none (add an adapter such as imageedits-adapters-acedata)"
        : String.join(", ", known);
    if (provider == null || provider.isBlank()) {
      throw new InvalidImageEditsPropertyException(property, "no provider is set; known providers: " + list);
    }
    String name = provider.strip();
    if (!known.contains(name)) {
      throw new InvalidImageEditsPropertyException(property,
          "unknown provider '" + name + "'; known providers: " + list);
    }
    return name;
  }

  /** The key, if it can be one; its value never goes into a message. */
  private static String checkApiKey(String property, @Nullable String apiKey, String provider) {
    if (apiKey == null || apiKey.isBlank()) {
      throw new InvalidImageEditsPropertyException(property, "no API key for " + provider
          + " (is the environment variable it is read from set?); set it from the environment, for"
          + " example api-key: ${" + provider.toUpperCase(Locale.ROOT) + "_API_KEY}");
    }
    if (apiKey.contains("${")) {
      // Configuration properties keep a placeholder they cannot resolve as text: without this
      // check the placeholder itself would be sent as the key.
      throw new InvalidImageEditsPropertyException(property, "the API key for " + provider
          + " is an unresolved ${...} placeholder: is the environment variable it names set?");
    }
    if (apiKey.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new InvalidImageEditsPropertyException(property, "the API key for " + provider
          + " contains whitespace or control characters (a line break copied from a file?)");
    }
    return apiKey;
  }

  /** An absolute http(s) URL; plain http only to loopback, so that no key crosses a network in clear. */
  private static URI checkUrl(String property, String value) {
    URI url;
    try {
      url = URI.create(value.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidImageEditsPropertyException(property, "'" + value + "' is not a URL");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
      throw new InvalidImageEditsPropertyException(property,
          "'" + value + "' is not an absolute http(s) URL such as https://api.example.com");
    }
    if (scheme.equals("http") && !ProviderContext.isLoopback(url.getHost())) {
      throw new InvalidImageEditsPropertyException(property, "plain http is refused for host "
          + url.getHost() + ": use https (plain http is accepted only for localhost and 127.0.0.1)");
    }
    return url;
  }

  private static Duration positive(String property, Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new InvalidImageEditsPropertyException(PREFIX + "." + property,
          "'" + duration + "' is not a positive duration (write 30s, 5m or PT5M)");
    }
    return duration;
  }

  /** Runs a builder call, naming {@code property} in what it refuses. */
  private static void check(String property, Runnable call) {
    try {
      call.run();
    } catch (IllegalArgumentException e) {
      throw new InvalidImageEditsPropertyException(PREFIX + "." + property, e.getMessage());
    }
  }
}
