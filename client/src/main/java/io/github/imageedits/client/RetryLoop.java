package io.github.imageedits.client;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.ImageEditException;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RetryEvent;
import io.github.imageedits.RetryListener;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireReply;

/**
 * Sends one prepared request under a {@link RetryPolicy}: each attempt is a new
 * {@link Transport.Call}; a failure is retried only when the policy allows it, after a wait the
 * caller can cut short by cancelling, and every retry is told to the {@link RetryListener} first.
 *
 * <p>What is retried, and why (docs/reliability.md has the long form):
 *
 * <ul>
 *   <li>a {@link ProviderException} whose status the policy lists (429, 502, 503, 504): the
 *       provider or its gateway said it did not do the work;
 *   <li>a {@link TransportException} from sending whose {@code requestMayHaveBeenProcessed()} is
 *       false: the whole request never reached the provider; one where it is true only when the
 *       policy opts in ({@link RetryPolicy#retrySentRequests()}), as the edit may have been paid for.
 * </ul>
 *
 * Never retried: a reply that could not be read (it was processed), any other provider error,
 * validation errors (nothing was sent), a cancelled call, a closed client, an interrupted thread.
 */
final class RetryLoop {
  private final String provider;
  private final RetryListener listener;
  private final BooleanSupplier closed;
  private final Clock clock;
  private final DoubleSupplier random;

  RetryLoop(String provider, RetryListener listener, BooleanSupplier closed) {
    this(provider, listener, closed, Clock.systemUTC(), Jitter.INSTANCE);
  }

  /** The random draw for backoff jitter; a named class, not a lambda (no hidden class on a cold JVM). */
  private static final class Jitter implements DoubleSupplier {
    static final Jitter INSTANCE = new Jitter();

    @Override
    public double getAsDouble() {
      return ThreadLocalRandom.current().nextDouble();
    }
  }

  RetryLoop(String provider, RetryListener listener, BooleanSupplier closed, Clock clock, DoubleSupplier random) {
    this.provider = requireNonNull(provider, "provider == null");
    this.listener = requireNonNull(listener, "listener == null");
    this.closed = requireNonNull(closed, "closed == null");
    this.clock = requireNonNull(clock, "clock == null");
    this.random = requireNonNull(random, "random == null");
  }

  /**
   * Runs attempts until one succeeds or the policy stops. {@code read} turns a reply into the
   * result or throws the provider's error; anything else it throws ends the loop.
   */
  <T> T run(RetryPolicy policy, Slot slot, Supplier<Transport.Call> newCall, Function<WireReply, T> read) {
    return run(policy, slot, newCall, read, false);
  }

  /**
   * {@link #run(RetryPolicy, Slot, Supplier, Function)}; with {@code handOffRefusals}, a 429 or
   * 503 is not retried here but thrown as {@link Refused}, for flow control to requeue the edit
   * without holding a thread or a permit while it waits.
   */
  <T> T run(RetryPolicy policy, Slot slot, Supplier<Transport.Call> newCall, Function<WireReply, T> read,
      boolean handOffRefusals) {
    for (int attempt = 1; ; attempt++) {
      if (slot.cancelled()) throw new TransportException(provider + " edit was cancelled", null, attempt > 1);
      Watch watch = slot.watch();
      // Numbered across the edit's passes: after flow control requeued a refusal, attempt counts from 1 again.
      int number = slot.nextAttemptNumber();
      watch.attemptStarted(number);
      Transport.Call call = newCall.get();
      slot.set(call);
      ImageEditException failure;
      WireReply reply = null;
      try {
        reply = call.execute();
        T result = read.apply(reply);
        watch.attemptEnded(number, reply.status(), null);
        return result;
      } catch (TransportException e) {
        watch.attemptEnded(number, reply == null ? 0 : reply.status(), e);
        if (reply != null) throw e; // the reply could not be read: it was processed
        failure = e;
      } catch (ProviderException e) {
        watch.attemptEnded(number, reply == null ? 0 : reply.status(), e);
        failure = e;
      } catch (RuntimeException | Error e) {
        watch.attemptEnded(number, reply == null ? 0 : reply.status(), e);
        throw e;
      }
      Duration retryAfter = reply == null ? null : retryAfter(reply);
      if (handOffRefusals && isRefusal(failure)) throw new Refused((ProviderException) failure, retryAfter);
      Duration delay = decide(policy, attempt, failure, retryAfter, slot);
      if (delay == null) throw failure;
      RetryEvent event = new RetryEvent(provider, attempt, delay, retryAfter, failure);
      notify(event);
      slot.watch().retrying(event);
      try {
        if (!slot.await(delay)) throw failure; // cancelled while waiting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure.addSuppressed(e);
        throw failure;
      }
    }
  }

  /** The wait before the next attempt, or null to stop and throw {@code failure}. */
  Duration decide(RetryPolicy policy, int attempt, ImageEditException failure, Duration retryAfter, Slot slot) {
    if (attempt >= policy.maxAttempts()) return null;
    if (slot.cancelled() || closed.getAsBoolean() || Thread.currentThread().isInterrupted()) return null;
    if (failure instanceof ProviderException provider) {
      if (!policy.retryStatuses().contains(provider.status())) return null;
    } else if (failure instanceof TransportException transport) {
      if (transport.requestMayHaveBeenProcessed() && !policy.retrySentRequests()) return null;
    } else {
      return null;
    }
    if (retryAfter != null && retryAfter.compareTo(policy.maxRetryAfter()) > 0) return null;
    Duration backoff = policy.backoff(attempt);
    long millis = Math.round(backoff.toMillis() * (1 - policy.jitter() * random.getAsDouble()));
    Duration delay = Duration.ofMillis(Math.max(0, millis));
    return retryAfter != null && retryAfter.compareTo(delay) > 0 ? retryAfter : delay;
  }

  /**
   * The wait a reply asks for: {@code retry-after-ms} (milliseconds, rounded up to whole
   * milliseconds) when present and readable, else {@code Retry-After}. OpenAI and Azure OpenAI send
   * the finer {@code retry-after-ms}; the official OpenAI SDKs read it first, and so does this.
   */
  Duration retryAfter(WireReply reply) {
    String millis = reply.header("retry-after-ms");
    if (millis != null) {
      String text = millis.trim();
      try {
        double value = Double.parseDouble(text);
        if (value >= 0 && !Double.isNaN(value) && !Double.isInfinite(value) && !text.startsWith("+")) {
          return value > 86_400_000d ? Duration.ofDays(1) : Duration.ofMillis((long) Math.ceil(value));
        }
      } catch (NumberFormatException e) {
        // unreadable: fall back to Retry-After
      }
    }
    return retryAfter(reply.header("Retry-After"));
  }

  /**
   * Reads a {@code Retry-After} value: whole seconds, or an HTTP date (RFC 1123), which counts from
   * now and is zero when past. Anything else is ignored (null).
   */
  Duration retryAfter(String value) {
    if (value == null) return null;
    String text = value.trim();
    if (text.isEmpty()) return null;
    if (text.chars().allMatch(Character::isDigit)) {
      // Anything longer than a day is as good as "too long"; avoids overflow on absurd values.
      return text.length() > 6 ? Duration.ofDays(1) : Duration.ofSeconds(Long.parseLong(text));
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return wait.isNegative() ? Duration.ZERO : wait.withNanos(0).plusSeconds(wait.getNano() > 0 ? 1 : 0);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** A 429, or a 503: the provider says it is overloaded and did not do the work. */
  static boolean isRefusal(Throwable failure) {
    return failure instanceof ProviderException p && (p.status() == 429 || p.status() == 503);
  }

  /** A refusal handed to flow control: the provider's error and its {@code Retry-After}, if any. */
  static final class Refused extends RuntimeException {
    final ProviderException failure;
    final Duration retryAfter;

    Refused(ProviderException failure, Duration retryAfter) {
      super(failure.getMessage(), failure, false, false); // control flow: no stack trace
      this.failure = failure;
      this.retryAfter = retryAfter;
    }
  }

  void notify(RetryEvent event) {
    try {
      listener.onRetry(event);
    } catch (RuntimeException ignored) {
      // A broken listener must not break an edit.
    }
  }

  /**
   * The call an edit is running, so that cancelling the edit cancels it, and wakes a wait between
   * attempts. One slot per edit.
   */
  static final class Slot {
    private Transport.Call call;
    private boolean cancelled;
    private volatile Watch watch = Watch.NONE;
    private final java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();

    /** The observation of the edit this slot runs; {@link Watch#NONE} when unobserved. */
    Watch watch() {
      return watch;
    }

    /** The number of the attempt about to start, counting every attempt of this slot's edit. */
    int nextAttemptNumber() {
      return attempts.incrementAndGet();
    }

    /** Observes this slot's edit with {@code watch}; returns it. */
    Watch watch(Watch watch) {
      this.watch = watch;
      return watch;
    }

    synchronized void set(Transport.Call call) {
      this.call = call;
      if (cancelled) call.cancel();
    }

    /** Cancels the running call, if any, and every attempt after it. */
    void cancel() {
      Transport.Call running;
      synchronized (this) {
        cancelled = true;
        running = call;
        notifyAll();
      }
      if (running != null) running.cancel();
    }

    synchronized boolean cancelled() {
      return cancelled;
    }

    /** Waits {@code delay}; false when cancelled first. */
    synchronized boolean await(Duration delay) throws InterruptedException {
      long end = System.nanoTime() + delay.toNanos();
      while (!cancelled) {
        long left = end - System.nanoTime();
        if (left <= 0) return true;
        wait(Math.max(1, left / 1_000_000), 0);
      }
      return false;
    }
  }
}
