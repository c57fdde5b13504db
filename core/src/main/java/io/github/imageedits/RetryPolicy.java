package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * When and how often an edit is sent again after a failure. An edit costs money, so the policy
 * retries only what cannot have been charged, or what the provider asked to be retried:
 *
 * <ul>
 *   <li>HTTP 429 and 502, 503, 504 (configurable with {@link Builder#retryStatuses}): the provider,
 *       or the gateway in front of it, refused or lost the request and says so;
 *   <li>connection failures that happened before the whole request was sent (refused connection,
 *       DNS or TLS failure, connect or write timeout, a connection dropped during the upload): the
 *       provider cannot have started on an edit it never fully received.
 * </ul>
 *
 * <p>A connection that breaks <em>after</em> the whole request was sent (no reply, a reply cut
 * short, a read timeout) is not retried by default: the provider may have made, and charged for,
 * the edit. The caller gets a {@link TransportException} whose
 * {@link TransportException#requestMayHaveBeenProcessed()} is true and decides; {@link
 * Builder#retrySentRequests(boolean)} opts in to retrying those too.
 *
 * <p>Waits grow exponentially from {@link Builder#initialDelay} by {@link Builder#multiplier} up to
 * {@link Builder#maxDelay}, each shortened by a random part of up to {@link Builder#jitter} so that
 * many clients do not retry in step. A {@code Retry-After} header (seconds or an HTTP date) is a
 * lower bound on the wait; one longer than {@link Builder#maxRetryAfter} ends the retries at once
 * with the provider's error, rather than blocking the caller for longer than they allowed.
 *
 * <pre>{@code
 * ImageEditClient client = ImageEdits.builder()
 *     .provider("acedata").apiKey(token)
 *     .retryPolicy(RetryPolicy.builder().maxAttempts(5).maxDelay(Duration.ofMinutes(1)).build())
 *     .retryListener(event -> log.info("retrying: " + event))
 *     .build();
 * EditRequest once = request.toBuilder().retryPolicy(RetryPolicy.none()).build();  // per request
 * }</pre>
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialDelay;
  private final double multiplier;
  private final Duration maxDelay;
  private final double jitter;
  private final Duration maxRetryAfter;
  private final Set<Integer> retryStatuses;
  private final boolean retrySentRequests;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialDelay = b.initialDelay;
    this.multiplier = b.multiplier;
    this.maxDelay = b.maxDelay;
    this.jitter = b.jitter;
    this.maxRetryAfter = b.maxRetryAfter;
    this.retryStatuses = Collections.unmodifiableSet(new TreeSet<>(b.retryStatuses));
    this.retrySentRequests = b.retrySentRequests;
  }

  /**
   * The default: 3 attempts in all, waits of about 1 s then 2 s (at most 30 s), jitter 0.5,
   * Retry-After honoured up to 60 s, statuses 429, 502, 503, 504, no retry of a request that may
   * have been processed.
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** Sends once and never again. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this policy's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.initialDelay = initialDelay;
    b.multiplier = multiplier;
    b.maxDelay = maxDelay;
    b.jitter = jitter;
    b.maxRetryAfter = maxRetryAfter;
    b.retryStatuses = new TreeSet<>(retryStatuses);
    b.retrySentRequests = retrySentRequests;
    return b;
  }

  /** How many times an edit is sent at most, the first time included; 1 means no retry. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The wait before the first retry, before jitter. */
  public Duration initialDelay() {
    return initialDelay;
  }

  /** How much each wait grows over the one before. */
  public double multiplier() {
    return multiplier;
  }

  /** The longest wait computed by backoff, before jitter. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** The largest fraction (0 to 1) by which a wait is randomly shortened. */
  public double jitter() {
    return jitter;
  }

  /** The longest {@code Retry-After} that is waited for; a longer one ends the retries. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** The HTTP statuses that are retried. */
  public Set<Integer> retryStatuses() {
    return retryStatuses;
  }

  /** Whether a connection failure after the whole request was sent is retried too. */
  public boolean retrySentRequests() {
    return retrySentRequests;
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry), before jitter:
   * {@code initialDelay * multiplier^(retry-1)}, at most {@code maxDelay}.
   */
  public Duration backoff(int retry) {
    if (retry < 1) throw new IllegalArgumentException("retry < 1: " + retry);
    double millis = initialDelay.toMillis() * Math.pow(multiplier, retry - 1);
    return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RetryPolicy)) return false;
    RetryPolicy p = (RetryPolicy) o;
    return maxAttempts == p.maxAttempts && initialDelay.equals(p.initialDelay)
        && Double.compare(multiplier, p.multiplier) == 0 && maxDelay.equals(p.maxDelay)
        && Double.compare(jitter, p.jitter) == 0 && maxRetryAfter.equals(p.maxRetryAfter)
        && retryStatuses.equals(p.retryStatuses) && retrySentRequests == p.retrySentRequests;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(maxAttempts, initialDelay, multiplier, maxDelay, jitter,
        maxRetryAfter, retryStatuses, retrySentRequests);
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialDelay=" + initialDelay
        + ", multiplier=" + multiplier + ", maxDelay=" + maxDelay + ", jitter=" + jitter
        + ", maxRetryAfter=" + maxRetryAfter + ", retryStatuses=" + retryStatuses
        + ", retrySentRequests=" + retrySentRequests + "]";
  }

  /** Builds {@link RetryPolicy}s; starts from the defaults. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialDelay = Duration.ofSeconds(1);
    private double multiplier = 2;
    private Duration maxDelay = Duration.ofSeconds(30);
    private double jitter = 0.5;
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private Set<Integer> retryStatuses = new TreeSet<>(Set.of(429, 502, 503, 504));
    private boolean retrySentRequests;

    private Builder() {}

    /** How many times an edit is sent at most, the first included (1 to 100). Default 3. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be 1..100: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The wait before the first retry. Default 1 s. */
    public Builder initialDelay(Duration delay) {
      this.initialDelay = notNegative(delay, "initialDelay");
      return this;
    }

    /** How much each wait grows (at least 1). Default 2. */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("multiplier must be >= 1: " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /** The longest backoff wait. Default 30 s. */
    public Builder maxDelay(Duration delay) {
      this.maxDelay = notNegative(delay, "maxDelay");
      return this;
    }

    /**
     * The largest fraction (0 to 1) by which a wait is randomly shortened; 0 waits exactly the
     * backoff. Default 0.5: each wait is between half and all of its backoff.
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) throw new IllegalArgumentException("jitter must be 0..1: " + jitter);
      this.jitter = jitter;
      return this;
    }

    /** The longest {@code Retry-After} honoured; a longer one ends the retries. Default 60 s. */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = notNegative(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /** The HTTP statuses to retry (400 to 599). Default 429, 502, 503, 504. */
    public Builder retryStatuses(Set<Integer> statuses) {
      requireNonNull(statuses, "statuses == null");
      for (Integer status : statuses) {
        if (status == null || status < 400 || status > 599) {
          throw new IllegalArgumentException("retry statuses must be 400..599: " + statuses);
        }
      }
      this.retryStatuses = new TreeSet<>(statuses);
      return this;
    }

    /**
     * Also retries a connection failure that happened after the whole request was sent. The
     * provider may already have made, and charged for, the edit: turning this on can pay twice
     * for one result. Default false.
     */
    public Builder retrySentRequests(boolean retrySentRequests) {
      this.retrySentRequests = retrySentRequests;
      return this;
    }

    public RetryPolicy build() {
      return new RetryPolicy(this);
    }

    private static Duration notNegative(Duration d, String name) {
      requireNonNull(d, name + " == null");
      if (d.isNegative()) throw new IllegalArgumentException(name + " < 0: " + d);
      return d;
    }
  }
}
