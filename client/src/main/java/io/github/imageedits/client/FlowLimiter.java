package io.github.imageedits.client;

import io.github.imageedits.FlowListener;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Flow control of one provider and key (issue 14): the engine queues each edit as a {@link Ticket};
 * when a permit frees, the limiter hands the ticket to its executor, which runs the edit; the edit
 * then reports how it ended. Queued tickets hold no thread and no open file. {@link AdaptiveLimiter}
 * is the one clients use.
 */
interface FlowLimiter {
  /** How a dispatched edit ended, for the limit to learn from. */
  enum Outcome {
    /** The provider served it. */
    SERVED,
    /** The provider refused it as overloaded (429, or 503). */
    REFUSED,
    /** Anything else: neither proof of room nor of overload. */
    OTHER
  }

  /**
   * Queues {@code ticket} at the back; it is granted a permit on its executor when one frees.
   *
   * @throws io.github.imageedits.EditQueueFullException when the queue is full
   */
  void enqueue(Ticket ticket);

  /**
   * Gives back a refused edit's permit; the ticket waits apart and is dispatched before any queued
   * edit once {@code notBefore} from now has passed.
   */
  void requeue(Ticket ticket, Permit permit, Duration notBefore);

  /** Gives back the permit of an edit that ended. */
  void release(Permit permit, Outcome outcome);

  /** Takes a ticket out of the queue; false when it was not there (already dispatched). */
  boolean remove(Ticket ticket);

  /** How many edits the provider has served through this limiter; a refusal streak ends when it moves. */
  default long served() {
    return 0;
  }

  /** Adds a client's listener (shared limiters tell every client's). */
  default void listen(FlowListener listener) {}

  /** Removes a listener added with {@link #listen}. */
  default void unlisten(FlowListener listener) {}

  /**
   * One admitted edit: its limiter, its place in the order of dispatch, how many edits ran when it
   * went (itself included) and the concurrency limit then (what an observation reports with the
   * edit's queue wait).
   */
  record Permit(FlowLimiter limiter, long sequence, int concurrency, int limit) {}

  /** One edit waiting for a permit. */
  abstract class Ticket {
    /** Where {@link #grant} runs; null for a ticket whose {@link #grantOn} grants on the spot. */
    final Executor executor;
    final FlowListener listener;
    final long enqueued = System.nanoTime();
    /** System.nanoTime() past which the edit fails rather than waits, or Long.MAX_VALUE. */
    final long deadline;
    /** Not dispatched before this System.nanoTime(); set when the provider said Retry-After. */
    long notBefore = enqueued;
    /** System.nanoTime() it last went into the queue: {@link #enqueued}, then each requeue's. */
    volatile long queuedSince = enqueued;
    /** Refusals in a row while the provider served nobody else; set by the engine. */
    int refusals;
    long servedAtLastRefusal = -1;

    Ticket(Executor executor, FlowListener listener, Duration timeout) {
      this.executor = executor;
      this.listener = listener;
      this.deadline = timeout == null ? Long.MAX_VALUE : enqueued + timeout.toNanos();
    }

    /** Runs the edit with {@code permit}; called on {@link #executor}. */
    abstract void grant(Permit permit);

    /**
     * Hands {@code permit} to {@link #grant} on {@link #executor}.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the executor is shut down
     */
    void grantOn(Permit permit) {
      executor.execute(new Grant(this, permit));
    }

    /** Ends the edit without running it (its time ran out, or the client closed); quick. */
    abstract void fail(RuntimeException failure);

    /** True once the edit was cancelled: the limiter drops it. */
    abstract boolean cancelled();
  }

  /** A ticket's grant as a task; a named class, not a lambda (one runs per asynchronous edit). */
  final class Grant implements Runnable {
    private final Ticket ticket;
    private final Permit permit;

    Grant(Ticket ticket, Permit permit) {
      this.ticket = ticket;
      this.permit = permit;
    }

    @Override
    public void run() {
      ticket.grant(permit);
    }
  }
}
