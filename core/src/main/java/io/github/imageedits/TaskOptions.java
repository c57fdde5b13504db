package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How one asynchronous edit is followed: its deadline, the trace id sent with it, and how often the
 * provider is asked about it when no callback arrives.
 *
 * <pre>{@code
 * EditTask task = client.submit(request, TaskOptions.builder()
 *     .traceId("order-4711")               // findable at the provider by this id
 *     .deadline(Duration.ofMinutes(5))      // then the task fails with EditTimeoutException
 *     .build());
 * }</pre>
 *
 * <p>Polling (for providers that offer task retrieval) starts after {@link Builder#quietPeriod} when
 * a callback is expected, at once otherwise; the interval starts at {@link Builder#pollInterval} and
 * doubles up to {@link Builder#maxPollInterval}.
 */
public final class TaskOptions {
  private static final TaskOptions DEFAULTS = new Builder().build();

  private final String traceId;
  private final Duration deadline;
  private final Duration pollInterval;
  private final Duration maxPollInterval;
  private final Duration quietPeriod;

  private TaskOptions(Builder b) {
    this.traceId = b.traceId;
    this.deadline = b.deadline;
    this.pollInterval = b.pollInterval;
    this.maxPollInterval = b.maxPollInterval;
    this.quietPeriod = b.quietPeriod;
  }

  /**
   * Deadline 10 minutes, polls every 2 s doubling to 30 s, a quiet period of 30 s before polling a
   * task whose callback is expected, and a random trace id.
   */
  public static TaskOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.traceId = traceId;
    b.deadline = deadline;
    b.pollInterval = pollInterval;
    b.maxPollInterval = maxPollInterval;
    b.quietPeriod = quietPeriod;
    return b;
  }

  /** The trace id to send, or null for a random one. */
  public @Nullable String traceId() {
    return traceId;
  }

  /** How long the task may take, counted from its submission (or its resumption). */
  public Duration deadline() {
    return deadline;
  }

  /** The first interval between two task queries. */
  public Duration pollInterval() {
    return pollInterval;
  }

  /** The longest interval between two task queries. */
  public Duration maxPollInterval() {
    return maxPollInterval;
  }

  /** How long to wait for a callback before querying the task as well. */
  public Duration quietPeriod() {
    return quietPeriod;
  }

  @Override
  public String toString() {
    return "TaskOptions[traceId=" + traceId + ", deadline=" + deadline + ", poll=" + pollInterval
        + ".." + maxPollInterval + ", quietPeriod=" + quietPeriod + "]";
  }

  /** Builds {@link TaskOptions}; every setting has a default. */
  public static final class Builder {
    private String traceId;
    private Duration deadline = Duration.ofMinutes(10);
    private Duration pollInterval = Duration.ofSeconds(2);
    private Duration maxPollInterval = Duration.ofSeconds(30);
    private Duration quietPeriod = Duration.ofSeconds(30);

    Builder() {}

    /** The trace id sent with the edit (1 to 128 printable ASCII characters); random by default. */
    public Builder traceId(String traceId) {
      requireNonNull(traceId, "traceId == null");
      if (traceId.isEmpty() || traceId.length() > 128 || !traceId.chars().allMatch(c -> c > 32 && c < 127)) {
        throw new IllegalArgumentException("traceId must be 1 to 128 printable ASCII characters: " + traceId);
      }
      this.traceId = traceId;
      return this;
    }

    /** How long the task may take; past it the task fails with {@link EditTimeoutException}. */
    public Builder deadline(Duration deadline) {
      this.deadline = positive(deadline, "deadline");
      return this;
    }

    /** The first interval between two task queries; it doubles after each. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive(pollInterval, "pollInterval");
      return this;
    }

    /** The longest interval between two task queries. */
    public Builder maxPollInterval(Duration maxPollInterval) {
      this.maxPollInterval = positive(maxPollInterval, "maxPollInterval");
      return this;
    }

    /** How long to wait for a callback before also querying the task; zero queries at once. */
    public Builder quietPeriod(Duration quietPeriod) {
      requireNonNull(quietPeriod, "quietPeriod == null");
      if (quietPeriod.isNegative()) throw new IllegalArgumentException("quietPeriod < 0: " + quietPeriod);
      this.quietPeriod = quietPeriod;
      return this;
    }

    private static Duration positive(Duration d, String name) {
      requireNonNull(d, name + " == null");
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
      return d;
    }

    public TaskOptions build() {
      if (maxPollInterval.compareTo(pollInterval) < 0) {
        throw new IllegalArgumentException("maxPollInterval " + maxPollInterval + " < pollInterval " + pollInterval);
      }
      return new TaskOptions(this);
    }
  }
}
