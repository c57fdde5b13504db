package io.github.imageedits.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The provider's limits on edit requests: how many it serves at once, how many it takes per minute,
 * and how long each takes. A request beyond a limit is refused at once (the caller answers 429 with
 * {@code Retry-After}); an admitted one holds its place for its latency and its handling.
 */
final class Limits {
  private final int concurrency;
  private final int perMinute;
  private final Duration minLatency;
  private final Duration maxLatency;
  private final Duration retryAfter;
  private final ArrayDeque<Long> admittedTimes = new ArrayDeque<>();
  private int running;
  private int peak;
  private int refused;

  Limits(int concurrency, int perMinute, Duration minLatency, Duration maxLatency, Duration retryAfter) {
    this.concurrency = concurrency;
    this.perMinute = perMinute;
    this.minLatency = minLatency;
    this.maxLatency = maxLatency;
    this.retryAfter = retryAfter;
  }

  /** Admits a request, or returns the {@code Retry-After} (whole seconds, at least 1) of its refusal. */
  synchronized Duration admit() {
    long now = System.nanoTime();
    if (concurrency > 0 && running >= concurrency) {
      refused++;
      return retryAfter;
    }
    if (perMinute > 0) {
      long minuteAgo = now - TimeUnit.MINUTES.toNanos(1);
      while (!admittedTimes.isEmpty() && admittedTimes.peekFirst() - minuteAgo <= 0) admittedTimes.pollFirst();
      if (admittedTimes.size() >= perMinute) {
        refused++;
        long waitNanos = admittedTimes.peekFirst() - minuteAgo;
        return Duration.ofSeconds(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
      }
      admittedTimes.addLast(now);
    }
    running++;
    peak = Math.max(peak, running);
    return null;
  }

  /** Ends an admitted request. */
  synchronized void leave() {
    running--;
  }

  /** Waits the latency of one request: fixed, or uniform between the two bounds. */
  void delay() throws InterruptedException {
    long min = minLatency.toNanos();
    long max = maxLatency.toNanos();
    long nanos = max > min ? ThreadLocalRandom.current().nextLong(min, max + 1) : min;
    if (nanos > 0) TimeUnit.NANOSECONDS.sleep(nanos);
  }

  synchronized int refused() {
    return refused;
  }

  synchronized int peak() {
    return peak;
  }

  synchronized void reset() {
    refused = 0;
    peak = running;
  }
}
