package io.github.imageedits.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code imageedits.*} properties: the client the starter builds when
 * {@code imageedits.provider} is set.
 *
 * <pre>{@code
 * imageedits:
 *   provider: acedata
 *   api-key: ${ACEDATA_API_TOKEN}
 *   timeouts:
 *     read: 5m
 *   fallback:
 *     - provider: chainhub
 *       api-key: ${CHAINHUB_API_KEY}
 * }</pre>
 *
 * <p>{@code provider}, {@code api-key} and {@code base-url} name the main provider. Unset values keep the library's defaults (see {@code ImageEdits.Builder}).
 */
@ConfigurationProperties("imageedits")
public class ImageEditsProperties extends ProviderProperties {

  /**
   * Proxy for every call, as http://host:port (https is tunnelled through it) or
   * socks5://host:port. Default: the JVM's proxy settings.
   */
  private @Nullable String proxy;

  /** Largest result image downloaded from a link. Default 256MB. */
  private @Nullable DataSize maxDownloadSize;

  private final Timeouts timeouts = new Timeouts();

  private final Retry retry = new Retry();

  private final Callback callback = new Callback();

  private final Observations observations = new Observations();

  private final Concurrency concurrency = new Concurrency();

  /**
   * Providers to try, in order, when the main one fails in a way another may not (429, 5xx, a
   * connection that failed before the request was sent). Each shares the timeouts, retry and proxy
   * settings.
   */
  private List<ProviderProperties> fallback = new ArrayList<>();

  public @Nullable String getProxy() {
    return proxy;
  }

  public void setProxy(@Nullable String proxy) {
    this.proxy = proxy;
  }

  public @Nullable DataSize getMaxDownloadSize() {
    return maxDownloadSize;
  }

  public void setMaxDownloadSize(@Nullable DataSize maxDownloadSize) {
    this.maxDownloadSize = maxDownloadSize;
  }

  public Timeouts getTimeouts() {
    return timeouts;
  }

  public Retry getRetry() {
    return retry;
  }

  public Callback getCallback() {
    return callback;
  }

  public Observations getObservations() {
    return observations;
  }

  public Concurrency getConcurrency() {
    return concurrency;
  }

  public List<ProviderProperties> getFallback() {
    return fallback;
  }

  public void setFallback(List<ProviderProperties> fallback) {
    this.fallback = fallback;
  }

  /** How long calls may take; unset ones keep the library's defaults. */
  public static class Timeouts {
    /** How long to wait for a connection. */
    private @Nullable Duration connect;

    /** How long to wait for any byte of the reply; replies can take minutes. */
    private @Nullable Duration read;

    /** How long one write of the upload may block. */
    private @Nullable Duration write;

    /** Bound on the whole call, upload and reply included. */
    private @Nullable Duration call;

    public @Nullable Duration getConnect() {
      return connect;
    }

    public void setConnect(@Nullable Duration connect) {
      this.connect = connect;
    }

    public @Nullable Duration getRead() {
      return read;
    }

    public void setRead(@Nullable Duration read) {
      this.read = read;
    }

    public @Nullable Duration getWrite() {
      return write;
    }

    public void setWrite(@Nullable Duration write) {
      this.write = write;
    }

    public @Nullable Duration getCall() {
      return call;
    }

    public void setCall(@Nullable Duration call) {
      this.call = call;
    }
  }

  /** How failed edits are retried; unset values keep the library's default policy. */
  public static class Retry {
    /** Attempts per edit, the first included (1 to 100); 1 sends every edit once. Default 3. */
    private @Nullable Integer maxAttempts;

    /** Wait before the first retry. */
    private @Nullable Duration initialDelay;

    /** Longest wait between two attempts. */
    private @Nullable Duration maxDelay;

    /** Factor by which the wait grows after each retry (1 or more). */
    private @Nullable Double multiplier;

    /** Random share of each wait (0 to 1), so that clients do not retry in step. */
    private @Nullable Double jitter;

    /** Longest Retry-After a provider may ask for; a longer one ends the edit instead. */
    private @Nullable Duration maxRetryAfter;

    /** HTTP statuses worth retrying (400 to 599). Default 429, 502, 503 and 504. */
    private @Nullable Set<Integer> statuses;

    /**
     * Whether to retry a request the provider may already have processed (and charged for), such
     * as one whose reply timed out. Default false.
     */
    private @Nullable Boolean retrySentRequests;

    public @Nullable Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(@Nullable Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public @Nullable Duration getInitialDelay() {
      return initialDelay;
    }

    public void setInitialDelay(@Nullable Duration initialDelay) {
      this.initialDelay = initialDelay;
    }

    public @Nullable Duration getMaxDelay() {
      return maxDelay;
    }

    public void setMaxDelay(@Nullable Duration maxDelay) {
      this.maxDelay = maxDelay;
    }

    public @Nullable Double getMultiplier() {
      return multiplier;
    }

    public void setMultiplier(@Nullable Double multiplier) {
      this.multiplier = multiplier;
    }

    public @Nullable Double getJitter() {
      return jitter;
    }

    public void setJitter(@Nullable Double jitter) {
      this.jitter = jitter;
    }

    public @Nullable Duration getMaxRetryAfter() {
      return maxRetryAfter;
    }

    public void setMaxRetryAfter(@Nullable Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
    }

    public @Nullable Set<Integer> getStatuses() {
      return statuses;
    }

    public void setStatuses(@Nullable Set<Integer> statuses) {
      this.statuses = statuses;
    }

    public @Nullable Boolean getRetrySentRequests() {
      return retrySentRequests;
    }

    public void setRetrySentRequests(@Nullable Boolean retrySentRequests) {
      this.retrySentRequests = retrySentRequests;
    }
  }

  /** How many edits the client sends at once and per minute; unset values keep the defaults. */
  public static class Concurrency {
    /** Edits in flight at once; more wait in a queue that holds no thread. */
    private @Nullable Integer maxConcurrentEdits;

    /** Edits that may wait for their turn; past it an edit fails at once. Default 10000. */
    private @Nullable Integer maxQueuedEdits;

    /** Edits sent in any minute (a sliding window). Default: no rate. */
    private @Nullable Integer maxEditsPerMinute;

    public @Nullable Integer getMaxConcurrentEdits() {
      return maxConcurrentEdits;
    }

    public void setMaxConcurrentEdits(@Nullable Integer maxConcurrentEdits) {
      this.maxConcurrentEdits = maxConcurrentEdits;
    }

    public @Nullable Integer getMaxQueuedEdits() {
      return maxQueuedEdits;
    }

    public void setMaxQueuedEdits(@Nullable Integer maxQueuedEdits) {
      this.maxQueuedEdits = maxQueuedEdits;
    }

    public @Nullable Integer getMaxEditsPerMinute() {
      return maxEditsPerMinute;
    }

    public void setMaxEditsPerMinute(@Nullable Integer maxEditsPerMinute) {
      this.maxEditsPerMinute = maxEditsPerMinute;
    }
  }

  /** Observations of edits, made when imageedits-micrometer is on the class path. */
  public static class Observations {
    /**
     * Whether prompts are recorded, as a span attribute (never a metric tag). Prompts may hold
     * personal data.
     */
    private boolean recordPrompts;

    public boolean isRecordPrompts() {
      return recordPrompts;
    }

    public void setRecordPrompts(boolean recordPrompts) {
      this.recordPrompts = recordPrompts;
    }
  }

  /** Asynchronous edits completed by the provider's callback to this application. */
  public static class Callback {
    static final String DEFAULT_PATH = "/imageedits/callback";

    /**
     * Public URL where the provider delivers callbacks, ending in the callback path; https, or plain
     * http to a loopback address. Setting it registers the callback endpoint on this application's
     * server.
     */
    private @Nullable String url;

    /**
     * Secret that signs callback URLs, 32 bytes or more, so that callbacks stay valid across
     * restarts and instances. Default: random per start.
     */
    private @Nullable String secret;

    /** Path of the callback endpoint on this application's server. */
    private String path = DEFAULT_PATH;

    /** Largest callback body accepted; a larger one is answered 413. Default 64MB. */
    private @Nullable DataSize maxBodySize;

    public @Nullable String getUrl() {
      return url;
    }

    public void setUrl(@Nullable String url) {
      this.url = url;
    }

    public @Nullable String getSecret() {
      return secret;
    }

    public void setSecret(@Nullable String secret) {
      this.secret = secret;
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public @Nullable DataSize getMaxBodySize() {
      return maxBodySize;
    }

    public void setMaxBodySize(@Nullable DataSize maxBodySize) {
      this.maxBodySize = maxBodySize;
    }
  }
}
