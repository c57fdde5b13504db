package io.github.imageedits.client;

import io.github.imageedits.EditQueueFullException;
import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.FlowListener;
import io.github.imageedits.TransportException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The flow control clients use: a FIFO queue of waiting edits and a limit on the edits that run at
 * once, per provider and key.
 *
 * <p>The limit is adaptive unless fixed with {@code maxConcurrentEdits}: AIMD with slow start, as
 * TCP congestion control and Netflix's concurrency-limits ({@code AIMDLimit}) do. It starts at
 * {@value #INITIAL_LIMIT}; while no refusal has come, each served edit that ran at half the limit
 * or more adds one (the limit doubles per round trip); a 429 or overload 503 halves it, once per
 * round of dispatches, and remembers the most edits the provider served at once; the limit climbs
 * back to that quickly, and past it by one per limit's worth of served edits. Floor 1, ceiling
 * {@value #CEILING}.
 *
 * <p>A refused edit goes back to the front of the queue and waits for its {@code Retry-After}:
 * being first, it holds back every edit behind it, so the others do not collect 429s too; at a
 * limit of one, that is a pause of dispatch. An optional rate ({@code maxEditsPerMinute}) counts
 * dispatches in a sliding minute.
 *
 * <p>Clients with the same provider, base URL, key and settings share one limiter ({@link #shared});
 * the registry holds limiters weakly, so one lives as long as a client uses it.
 */
final class AdaptiveLimiter implements FlowLimiter {
  static final int INITIAL_LIMIT = 8;
  static final int CEILING = 256;
  /** The queue's default bound: far more edits than anyone runs at once, far fewer than memory allows. */
  static final int DEFAULT_MAX_QUEUED = 10_000;

  /**
   * Wakes the queue when a Retry-After, a rate window or an edit's deadline passes. One thread,
   * made on first use (a holder class): most clients never wait for a timer, and a cold JVM need
   * not load the scheduled executor's classes for them.
   */
  static final class Timer implements java.util.concurrent.ThreadFactory {
    static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, new Timer());

    static {
      TIMER.setRemoveOnCancelPolicy(true);
      TIMER.setKeepAliveTime(10, TimeUnit.SECONDS);
      TIMER.allowCoreThreadTimeOut(true);
    }

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "imageedits-flow-timer");
      t.setDaemon(true);
      return t;
    }
  }

  private static final Map<String, WeakReference<AdaptiveLimiter>> REGISTRY = new HashMap<>();

  private final String provider;
  private final boolean adaptive;
  private final int maxQueued;
  private final int perMinute;
  private final List<FlowListener> listeners = new CopyOnWriteArrayList<>();

  // Guarded by this.
  private final ArrayDeque<Ticket> queue = new ArrayDeque<>();
  private final ArrayDeque<Long> dispatchTimes = new ArrayDeque<>();
  private int limit;
  private int slowStartUntil = CEILING;
  private int inFlight;
  private int windowServed;
  private int mostServedAtOnce;
  private long sequence;
  private long lastDecrease = -1;
  private long wakeAt;
  private boolean wakeScheduled;
  private long pausedUntil;
  private long served;

  /**
   * A limiter for {@code provider}.
   *
   * @param fixedLimit edits at once, fixed; 0 for the adaptive limit
   * @param maxQueued edits that may wait
   * @param perMinute dispatches per sliding minute; 0 for no rate
   */
  AdaptiveLimiter(String provider, int fixedLimit, int maxQueued, int perMinute) {
    this.provider = provider;
    this.adaptive = fixedLimit == 0;
    this.limit = adaptive ? INITIAL_LIMIT : fixedLimit;
    this.maxQueued = maxQueued;
    this.perMinute = perMinute;
  }

  /** The limiter of {@code key} (provider, base URL, key hash and settings), made if none is alive. */
  static AdaptiveLimiter shared(String key, String provider, int fixedLimit, int maxQueued, int perMinute) {
    synchronized (REGISTRY) {
      for (java.util.Iterator<WeakReference<AdaptiveLimiter>> i = REGISTRY.values().iterator(); i.hasNext(); ) {
        if (i.next().get() == null) i.remove();
      }
      WeakReference<AdaptiveLimiter> ref = REGISTRY.get(key);
      AdaptiveLimiter limiter = ref == null ? null : ref.get();
      if (limiter == null) {
        limiter = new AdaptiveLimiter(provider, fixedLimit, maxQueued, perMinute);
        REGISTRY.put(key, new WeakReference<>(limiter));
      }
      return limiter;
    }
  }

  @Override
  public void listen(FlowListener listener) {
    listeners.add(listener);
  }

  @Override
  public void unlisten(FlowListener listener) {
    listeners.remove(listener);
  }

  /** The current limit. */
  synchronized int limit() {
    return limit;
  }

  /** Edits waiting now. */
  synchronized int queued() {
    return queue.size();
  }

  @Override
  public void enqueue(Ticket ticket) {
    int length;
    synchronized (this) {
      if (queue.size() >= maxQueued) throw new EditQueueFullException(provider, maxQueued);
      queue.addLast(ticket);
      length = queue.size();
    }
    if (ticket.listener != FlowListener.NONE) {
      try {
        ticket.listener.onQueued(provider, length);
      } catch (RuntimeException ignored) {
        // A broken listener must not break the queue.
      }
    }
    pump();
  }

  @Override
  public void requeue(Ticket ticket, Permit permit, Duration notBefore) {
    synchronized (this) {
      inFlight--;
      refused(permit);
      ticket.queuedSince = System.nanoTime();
      ticket.notBefore = ticket.queuedSince + notBefore.toNanos();
      queue.addFirst(ticket); // first again: FIFO holds, and its Retry-After holds back the rest
    }
    pump();
  }

  @Override
  public void release(Permit permit, Outcome outcome) {
    synchronized (this) {
      inFlight--;
      if (outcome == Outcome.SERVED) served(permit);
      else if (outcome == Outcome.REFUSED) refused(permit);
    }
    pump();
  }

  @Override
  public boolean remove(Ticket ticket) {
    boolean removed;
    synchronized (this) {
      removed = queue.removeFirstOccurrence(ticket);
    }
    if (removed) pump(); // it may have held back the others with its Retry-After
    return removed;
  }

  @Override
  public synchronized long served() {
    return served;
  }

  private void served(Permit permit) {
    served++;
    mostServedAtOnce = Math.max(mostServedAtOnce, permit.concurrency());
    if (!adaptive || permit.concurrency() * 2 < limit) return; // an idle limit proves nothing
    int before = limit;
    if (limit < slowStartUntil) {
      limit++;
    } else if (++windowServed >= limit) {
      windowServed = 0;
      limit++;
    }
    limit = Math.min(limit, CEILING);
    if (limit != before) changed(limit);
  }

  private void refused(Permit permit) {
    // Once per round: the edits already sent with this one would only halve the limit again.
    if (!adaptive || permit.sequence() <= lastDecrease) return;
    lastDecrease = sequence;
    int before = limit;
    limit = Math.max(1, limit / 2);
    slowStartUntil = Math.max(limit, Math.min(mostServedAtOnce, before - 1));
    mostServedAtOnce = 0;
    windowServed = 0;
    if (limit != before) changed(limit);
  }

  private void changed(int now) {
    for (FlowListener l : listeners) {
      if (l != FlowListener.NONE) tell(l, x -> x.onLimitChanged(provider, now));
    }
  }

  /**
   * Dispatches what may go; runs the grants outside the lock. On every edit's path twice (enqueue
   * and release): the actions list is made only when there is something to do, and the grants
   * are named classes, not lambdas.
   */
  private void pump() {
    List<Runnable> actions = null;
    synchronized (this) {
      long now = System.nanoTime();
      while (!queue.isEmpty()) {
        Ticket next = queue.peekFirst();
        if (next.cancelled()) {
          queue.pollFirst();
          continue;
        }
        if (next.deadline != Long.MAX_VALUE && now - next.deadline >= 0) {
          queue.pollFirst();
          if (actions == null) actions = new ArrayList<>();
          actions.add(() -> next.fail(new EditTimeoutException(provider
              + " edit waited in the queue until its call timeout ran out; nothing was sent", null, false)));
          continue;
        }
        if (inFlight >= limit) break;
        if (next.notBefore - now > 0) {
          wakeAt(next.notBefore);
          if (limit == 1 && inFlight == 0 && pausedUntil != next.notBefore) {
            pausedUntil = next.notBefore;
            Duration pause = Duration.ofNanos(next.notBefore - now);
            if (actions == null) actions = new ArrayList<>();
            for (FlowListener l : listeners) actions.add(() -> tell(l, x -> x.onPaused(provider, pause)));
          }
          break;
        }
        if (perMinute > 0) {
          long minuteAgo = now - TimeUnit.MINUTES.toNanos(1);
          while (!dispatchTimes.isEmpty() && dispatchTimes.peekFirst() - minuteAgo <= 0) dispatchTimes.pollFirst();
          if (dispatchTimes.size() >= perMinute) {
            wakeAt(dispatchTimes.peekFirst() + TimeUnit.MINUTES.toNanos(1));
            break;
          }
          dispatchTimes.addLast(now);
        }
        queue.pollFirst();
        inFlight++;
        Permit permit = new Permit(this, ++sequence, inFlight, limit);
        if (actions == null) actions = new ArrayList<>();
        actions.add(new Dispatch(next, permit, now - next.enqueued, inFlight, queue.size()));
      }
    }
    if (actions != null) {
      for (Runnable action : actions) action.run();
    }
  }

  /**
   * Tells a ticket's listener it was dispatched, then grants its permit on its executor. A named
   * class, not a lambda: it runs for every edit, and a lambda spins a hidden class on a cold JVM.
   */
  private final class Dispatch implements Runnable {
    private final Ticket ticket;
    private final Permit permit;
    private final long waitedNanos;
    private final int running;
    private final int waiting;

    Dispatch(Ticket ticket, Permit permit, long waitedNanos, int running, int waiting) {
      this.ticket = ticket;
      this.permit = permit;
      this.waitedNanos = waitedNanos;
      this.running = running;
      this.waiting = waiting;
    }

    @Override
    public void run() {
      if (ticket.listener != FlowListener.NONE) {
        Duration waited = Duration.ofNanos(waitedNanos);
        tell(ticket.listener, l -> l.onDispatched(provider, waited, running, waiting));
      }
      try {
        ticket.grantOn(permit);
      } catch (RejectedExecutionException e) {
        release(permit, Outcome.OTHER);
        ticket.fail(new TransportException("client is closed", e, false));
      }
    }
  }

  private void wakeAt(long at) {
    if (wakeScheduled && wakeAt - at <= 0) return;
    wakeScheduled = true;
    wakeAt = at;
    Timer.TIMER.schedule(() -> {
      synchronized (this) {
        if (wakeAt == at) wakeScheduled = false;
      }
      pump();
    }, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private static void tell(FlowListener listener, java.util.function.Consumer<FlowListener> event) {
    try {
      event.accept(listener);
    } catch (RuntimeException ignored) {
      // A broken listener must not break the queue.
    }
  }

  @Override
  public String toString() {
    return "AdaptiveLimiter[" + provider + ", limit " + limit() + ", queued " + queued() + "]";
  }
}
