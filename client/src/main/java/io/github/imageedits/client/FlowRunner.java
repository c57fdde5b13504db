package io.github.imageedits.client;

import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.FlowListener;
import io.github.imageedits.RetryEvent;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.TransportException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs edits under a {@link FlowLimiter}: asynchronous ones as queue entries that hold no thread
 * until a permit frees (then they run on the client's executor), synchronous ones on the caller's
 * thread, which waits for its permit. A refused edit ({@link RetryLoop.Refused}) is requeued to
 * wait out its {@code Retry-After} ahead of newer edits; it fails only when its own call timeout would
 * run out first, or when the provider refused it as often, in a row and serving nobody else, as
 * the retry policy allows attempts.
 */
final class FlowRunner {
  /** One pass of an edit with a permit: its result, or null after {@link #refused} requeued it. */
  interface Body<T> {
    T run(FlowLimiter.Ticket ticket, FlowLimiter.Permit permit);
  }

  private final String provider;
  private final FlowLimiter limiter;
  private final Executor executor;
  private final FlowListener listener;
  private final RetryLoop retries;
  /** Asynchronous edits not yet ended, so that closing the client can fail the queued ones. */
  private final java.util.Set<AsyncTicket<?>> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();

  FlowRunner(String provider, FlowLimiter limiter, Executor executor, FlowListener listener, RetryLoop retries) {
    this.provider = provider;
    this.limiter = limiter;
    this.executor = executor;
    this.listener = listener;
    this.retries = retries;
  }

  FlowLimiter limiter() {
    return limiter;
  }

  /**
   * Queues {@code body}; the future completes with its result. {@code onCancel} runs when the
   * caller cancels the future (the HTTP call is cancelled; a queued edit leaves the queue).
   */
  <T> CompletableFuture<T> async(Duration timeout, Body<T> body, Runnable onCancel) {
    AsyncTicket<T> ticket = new AsyncTicket<>(timeout, body, onCancel);
    pending.add(ticket);
    ticket.future.whenComplete((r, e) -> pending.remove(ticket));
    try {
      limiter.enqueue(ticket);
    } catch (RuntimeException e) {
      ticket.future.completeExceptionally(e);
      return ticket.future;
    }
    if (ticket.deadline != Long.MAX_VALUE) {
      ScheduledFuture<?> timer = AdaptiveLimiter.Timer.TIMER.schedule(() -> {
        if (limiter.remove(ticket)) ticket.fail(timedOut());
      }, ticket.deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      ticket.future.whenComplete((r, e) -> timer.cancel(false));
    }
    return ticket.future;
  }

  /** Fails this client's edits still queued: nothing of theirs was sent. */
  void close() {
    for (AsyncTicket<?> ticket : pending) {
      if (limiter.remove(ticket)) ticket.fail(new TransportException("client is closed", null, false));
    }
  }

  /** Runs {@code body} on this thread once a permit frees, waiting no longer than {@code timeout}. */
  <T> T sync(Duration timeout, Body<T> body) {
    SyncTicket ticket = new SyncTicket(timeout);
    limiter.enqueue(ticket);
    while (true) {
      FlowLimiter.Permit permit = ticket.await();
      T result = body.run(ticket, permit);
      if (result != null) return result;
    }
  }

  /**
   * Decides about a refused edit holding {@code permit}: requeues it (then returns normally; the
   * caller returns null from its body) or gives the permit back and throws the provider's error.
   */
  void refused(FlowLimiter.Ticket ticket, FlowLimiter.Permit permit, RetryLoop.Refused refusal,
      RetryPolicy policy, RetryLoop.Slot slot) {
    long served = limiter.served();
    if (served != ticket.servedAtLastRefusal) ticket.refusals = 0; // the provider served others meanwhile
    ticket.servedAtLastRefusal = served;
    ticket.refusals++;
    Duration wait = retries.decide(policy, ticket.refusals, refusal.failure, refusal.retryAfter, slot);
    if (wait == null || (ticket.deadline != Long.MAX_VALUE && System.nanoTime() + wait.toNanos() - ticket.deadline >= 0)) {
      limiter.release(permit, FlowLimiter.Outcome.REFUSED);
      throw refusal.failure;
    }
    RetryEvent event = new RetryEvent(provider, ticket.refusals, wait, refusal.retryAfter, refusal.failure);
    retries.notify(event);
    slot.watch().retrying(event);
    if (ticket instanceof SyncTicket sync) sync.rearm(); // before the requeue, which may grant at once
    limiter.requeue(ticket, permit, wait);
  }

  private EditTimeoutException timedOut() {
    return timedOut(provider);
  }

  /** The failure of an edit whose call timeout ran out while it was queued (the limiter's too). */
  static EditTimeoutException timedOut(String provider) {
    return new EditTimeoutException(provider + " edit waited in the queue until its call timeout ran out;"
        + " nothing was sent", null, false);
  }

  private final class AsyncTicket<T> extends FlowLimiter.Ticket {
    final Body<T> body;
    final CompletableFuture<T> future;

    AsyncTicket(Duration timeout, Body<T> body, Runnable onCancel) {
      super(FlowRunner.this.executor, FlowRunner.this.listener, timeout);
      this.body = body;
      this.future = new CompletableFuture<>() {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
          boolean cancelled = super.cancel(mayInterruptIfRunning);
          if (cancelled) {
            limiter.remove(AsyncTicket.this);
            onCancel.run();
          }
          return cancelled;
        }
      };
    }

    @Override
    void grant(FlowLimiter.Permit permit) {
      if (future.isDone()) {
        limiter.release(permit, FlowLimiter.Outcome.OTHER);
        return;
      }
      try {
        T result = body.run(this, permit);
        if (result != null && !future.complete(result) && result instanceof AutoCloseable closeable) {
          closeable.close(); // cancelled meanwhile: nobody will read it
        }
      } catch (Exception | Error e) {
        future.completeExceptionally(e);
      }
    }

    @Override
    void fail(RuntimeException failure) {
      future.completeExceptionally(failure);
    }

    @Override
    boolean cancelled() {
      return future.isDone();
    }

    Duration remaining() {
      return FlowRunner.remaining(deadline);
    }
  }

  /**
   * The ticket of a synchronous edit: its thread waits on the ticket itself for the grant. A plain
   * monitor, not a future: it is on every synchronous edit's path, and a future costs more
   * objects per edit (and, on a cold JVM, CompletableFuture's classes and the common pool).
   */
  private final class SyncTicket extends FlowLimiter.Ticket {
    // Guarded by this: the grant or failure of the current pass (rearm() clears both).
    private FlowLimiter.Permit permit;
    private RuntimeException failure;
    /** The waiting thread gave up (interrupted) after the ticket left the queue: a late grant is released. */
    private boolean abandoned;

    SyncTicket(Duration timeout) {
      super(null, FlowRunner.this.listener, timeout); // no executor: grantOn() grants on the spot
    }

    synchronized void rearm() {
      permit = null;
      failure = null;
    }

    @Override
    void grantOn(FlowLimiter.Permit permit) {
      grant(permit); // a grant only wakes the waiting thread
    }

    @Override
    void grant(FlowLimiter.Permit permit) {
      synchronized (this) {
        if (!abandoned) {
          this.permit = permit;
          notifyAll();
          return;
        }
      }
      limiter.release(permit, FlowLimiter.Outcome.OTHER); // nobody waits for it any more
    }

    @Override
    synchronized void fail(RuntimeException failure) {
      this.failure = failure;
      notifyAll();
    }

    @Override
    boolean cancelled() {
      return false;
    }

    Duration remaining() {
      return FlowRunner.remaining(deadline);
    }

    FlowLimiter.Permit await() {
      try {
        synchronized (this) {
          while (permit == null && failure == null) {
            if (deadline == Long.MAX_VALUE) {
              wait();
            } else {
              long left = deadline - System.nanoTime();
              if (left <= 0) break;
              TimeUnit.NANOSECONDS.timedWait(this, left);
            }
          }
          if (permit != null || failure != null) return granted();
        }
        if (limiter.remove(this)) throw timedOut();
        synchronized (this) {
          while (permit == null && failure == null) wait(); // granted just now
          return granted();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (!limiter.remove(this)) {
          FlowLimiter.Permit late;
          synchronized (this) {
            abandoned = true;
            late = permit;
            permit = null;
          }
          if (late != null) limiter.release(late, FlowLimiter.Outcome.OTHER);
        }
        throw new TransportException(provider + " edit was interrupted while queued; nothing was sent", e, false);
      }
    }

    // Guarded by this.
    private FlowLimiter.Permit granted() {
      if (failure != null) throw failure;
      return permit;
    }
  }

  /** Time left until {@code deadline}, or null for none. */
  static Duration remaining(long deadline) {
    return deadline == Long.MAX_VALUE ? null : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }
}
