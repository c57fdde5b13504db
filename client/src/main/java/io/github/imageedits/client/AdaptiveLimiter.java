package io.github.imageedits.client;

import io.github.imageedits.EditQueueFullException;
import io.github.imageedits.FlowListener;
import io.github.imageedits.TransportException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The flow control clients use: a FIFO queue of waiting edits and a limit on the edits that run at
 * once, per provider and key.
 *
 * <p>The limit is adaptive unless fixed with {@code maxConcurrentEdits}: AIMD with slow start, as
 * TCP congestion control and Netflix's concurrency-limits ({@code AIMDLimit}) do. It starts at
 * {@value #INITIAL_LIMIT}; while no refusal has come, each served edit that ran with half the limit
 * or more adds one (the limit doubles per round trip). A 429 or overload 503 lowers it to the
 * number of edits the provider held when it refused: those running when the refused one went, less
 * those among them it refused too (a provider that caps edits at once settles the limit at its cap
 * instead of halving below it; of a burst of refusals the largest count is believed, since a
 * refusal that raced an edit just ending shows less; one refusal per window below the limit, at a
 * level just served, is taken for such a race and let go). When refusals go on with nothing served in
 * between (a rate, or a provider in trouble) the limit halves instead. Past a refusal the limit
 * probes upwards by one per limit's worth of served edits, and each round of refusals doubles the
 * wait for the next probe until the provider serves more than it refused, so a steady cap costs a
 * handful of 429s, not one per window. Floor 1, ceiling {@value #CEILING}.
 *
 * <p>A refused edit waits for its {@code Retry-After} apart from the queue and goes before every
 * queued edit when its time comes. A refusal frees no place at the provider, so it dispatches
 * nothing new: the next edit to end otherwise does, by which time the refusals sent with it have
 * come back and lowered the limit. At a limit of one a refused edit keeps the place while it
 * waits: dispatch pauses. An optional rate ({@code maxEditsPerMinute}) counts dispatches in a
 * sliding minute.
 *
 * <p>Clients with the same provider, base URL, key and settings share one limiter ({@link #shared});
 * the registry holds limiters weakly, so one lives as long as a client uses it.
 */
final class AdaptiveLimiter implements FlowLimiter {
  /** As TCP's initial window (RFC 6928) and Netflix's {@code AIMDLimit} default. */
  static final int INITIAL_LIMIT = 10;
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
  /** Refused edits waiting for their Retry-After, soonest first; they go before the queue. */
  private final PriorityQueue<Ticket> retrying = new PriorityQueue<>(new SoonestFirst());
  private final ArrayDeque<Long> dispatchTimes = new ArrayDeque<>();
  private int limit;
  private int slowStartUntil = CEILING;
  private int inFlight;
  private int windowServed;
  private int mostServedAtOnce;
  /** Served edits since the last refusal: none means refusals go on and the limit must fall fast. */
  private int servedSinceRefusal = 1;
  /** Probes refused at the same level in a row: the next probe waits 2^n windows. */
  private int probeBackoff;
  /** The fewest edits at once refused since; serving more than that ends the backoff. */
  private int refusedAt = Integer.MAX_VALUE;
  /** The last refusals: the refused edit's sequence, and the dispatch sequence when it came back. */
  private final long[] recentRefusals = new long[2 * CEILING];
  private int nextRefusal;
  /** This round's refused edits, and the limit the round may not raise. */
  private final List<Permit> roundRefused = new ArrayList<>();
  private int roundCeiling;
  /** The most edits at once served in this window and the one before (a window: a limit's worth). */
  private int recentMost;
  private int olderMost;
  private int recentServed;
  /** Whether this window may still let a refusal at a served level go. */
  private boolean forgivable;
  /** Whether the last edit to end was refused. */
  private boolean lastEndRefused;
  /** Whether this round's first refusal halved the limit (and set a level to climb back to). */
  private boolean roundHalved;
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
      for (Iterator<WeakReference<AdaptiveLimiter>> i = REGISTRY.values().iterator(); i.hasNext(); ) {
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

  /** Edits waiting now, refused ones waiting for their Retry-After included. */
  synchronized int queued() {
    return queue.size() + retrying.size();
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
      lastEndRefused = true;
      refused(permit);
      ticket.queuedSince = System.nanoTime();
      ticket.notBefore = ticket.queuedSince + notBefore.toNanos();
      retrying.add(ticket);
    }
    pump();
  }

  @Override
  public void release(Permit permit, Outcome outcome) {
    synchronized (this) {
      // Edits running as this one ended, itself included: each of a burst sent at once ran with
      // all the others, though the first of it went out alone.
      int atOnce = Math.max(permit.concurrency(), inFlight);
      inFlight--;
      lastEndRefused = outcome == Outcome.REFUSED;
      if (outcome == Outcome.SERVED) served(permit, atOnce);
      else if (outcome == Outcome.REFUSED) refused(permit);
    }
    pump();
  }

  @Override
  public boolean remove(Ticket ticket) {
    boolean removed;
    synchronized (this) {
      removed = queue.removeFirstOccurrence(ticket) || retrying.remove(ticket);
    }
    if (removed) pump(); // it may have held back the others with its Retry-After
    return removed;
  }

  @Override
  public synchronized long served() {
    return served;
  }

  private void served(Permit permit, int atOnce) {
    served++;
    servedSinceRefusal++;
    mostServedAtOnce = Math.max(mostServedAtOnce, permit.concurrency());
    recentMost = Math.max(recentMost, permit.concurrency());
    if (++recentServed >= limit) { // a new window: what was served in the last two counts as recent
      recentServed = 0;
      olderMost = recentMost;
      recentMost = 0;
      forgivable = true;
    }
    if (permit.concurrency() > refusedAt) { // the provider now serves more than it refused before
      probeBackoff = 0;
      refusedAt = Integer.MAX_VALUE;
    }
    if (!adaptive || atOnce * 2 < limit) return; // an idle limit proves nothing
    int before = limit;
    if (limit < slowStartUntil) {
      limit++;
    } else if (++windowServed >= (long) limit << probeBackoff) {
      windowServed = 0;
      limit++;
    }
    limit = Math.min(limit, CEILING);
    if (limit != before) changed(limit);
  }

  private void refused(Permit permit) {
    if (!adaptive) return;
    int before = limit;
    recentRefusals[nextRefusal] = permit.sequence();
    recentRefusals[nextRefusal + 1] = sequence; // how far dispatch had got when it came back
    nextRefusal = (nextRefusal + 2) % recentRefusals.length;
    if (forgivable && permit.sequence() > lastDecrease && permit.concurrency() < limit
        && permit.concurrency() <= Math.max(olderMost, recentMost)) {
      // Refused below the limit, at a level the provider has just been serving: it raced an edit
      // ending there (the provider's count lags its reply), not a lower cap. One such refusal per
      // window is let go; a second is believed, so a cap that really fell is still found. A refusal
      // at the limit itself always counts: that is where a limit one too high shows.
      forgivable = false;
      return;
    }
    if (permit.sequence() > lastDecrease) { // the first refusal of this round of dispatches
      lastDecrease = sequence;
      roundRefused.clear();
      roundHalved = servedSinceRefusal == 0;
      if (roundHalved) {
        roundCeiling = Math.max(1, limit / 2); // refused again with nothing served: back off hard
        slowStartUntil = Math.max(roundCeiling, Math.min(mostServedAtOnce, limit - 1)); // and climb back quickly
      } else {
        roundCeiling = limit;
        if (slowStartUntil < CEILING) probeBackoff = Math.min(probeBackoff + 1, 6); // a refused probe: probe half as often
      }
      mostServedAtOnce = 0;
      windowServed = 0;
    }
    roundRefused.add(permit);
    refusedAt = Math.min(refusedAt, permit.concurrency());
    // The provider's cap is what it held when it refused; a refusal that raced an edit just ending
    // there shows less, so the round's largest count is the one to believe.
    int held = 0;
    for (Permit refused : roundRefused) held = Math.max(held, heldWhenSent(refused));
    limit = Math.max(1, Math.min(roundCeiling, held));
    if (!roundHalved) slowStartUntil = limit; // the provider's level is known: no more doubling
    servedSinceRefusal = 0;
    if (limit != before) changed(limit);
  }

  /**
   * How many edits the provider held when it refused {@code permit}'s: the others running when it
   * went, less those among them refused (they were never held), however out of order the
   * refusals came back.
   */
  private int heldWhenSent(Permit permit) {
    int refusedAmongThem = 0;
    for (int i = 0; i < recentRefusals.length; i += 2) {
      // A refusal of an edit sent before this one, that came back after this one went out.
      if (recentRefusals[i] < permit.sequence() && recentRefusals[i + 1] >= permit.sequence()) refusedAmongThem++;
    }
    return permit.concurrency() - 1 - refusedAmongThem;
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
    List<Runnable> actions;
    synchronized (this) {
      long now = System.nanoTime();
      actions = dropEnded(now, null);
      while (true) {
        Ticket due = retrying.peek();
        boolean retry = due != null && due.notBefore - now <= 0;
        if (!retry && due != null) {
          wakeAt(due.notBefore);
          if (limit == 1 && inFlight == 0 && pausedUntil != due.notBefore) {
            pausedUntil = due.notBefore; // the one place waits for a Retry-After: a pause
            Duration pause = Duration.ofNanos(due.notBefore - now);
            if (actions == null) actions = new ArrayList<>();
            for (FlowListener l : listeners) actions.add(() -> tell(l, x -> x.onPaused(provider, pause)));
          }
        }
        Ticket next = retry ? due : queue.peekFirst();
        // At a limit of one a refused edit keeps the place: dispatch pauses until its Retry-After.
        if (next == null || inFlight >= limit || (!retry && limit == 1 && due != null)) break;
        // A refusal freed no place at the provider, so it sends nothing new: others sent with it
        // may be refusals still on their way. The next edit that ends otherwise resumes dispatch.
        if (!retry && lastEndRefused && (inFlight > 0 || due != null)) break;
        if (perMinute > 0) {
          long minuteAgo = now - TimeUnit.MINUTES.toNanos(1);
          while (!dispatchTimes.isEmpty() && dispatchTimes.peekFirst() - minuteAgo <= 0) dispatchTimes.pollFirst();
          if (dispatchTimes.size() >= perMinute) {
            wakeAt(dispatchTimes.peekFirst() + TimeUnit.MINUTES.toNanos(1));
            break;
          }
          dispatchTimes.addLast(now);
        }
        if (retry) retrying.poll();
        else queue.pollFirst();
        inFlight++;
        Permit permit = new Permit(this, ++sequence, inFlight, limit);
        if (actions == null) actions = new ArrayList<>();
        actions.add(new Dispatch(next, permit, now - next.queuedSince, inFlight, queue.size() + retrying.size()));
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

  /** Drops cancelled edits and fails those whose call timeout ran out while they waited. */
  private @Nullable List<Runnable> dropEnded(long now, @Nullable List<Runnable> actions) {
    for (Iterator<Ticket> it = retrying.iterator(); it.hasNext(); ) {
      Ticket t = it.next();
      if (t.cancelled()) {
        it.remove();
      } else if (expired(t, now)) {
        it.remove();
        actions = timedOut(t, actions);
      }
    }
    for (Ticket t; (t = queue.peekFirst()) != null && (t.cancelled() || expired(t, now)); ) {
      queue.pollFirst();
      if (!t.cancelled()) actions = timedOut(t, actions);
    }
    return actions;
  }

  private static boolean expired(Ticket ticket, long now) {
    return ticket.deadline != Long.MAX_VALUE && now - ticket.deadline >= 0;
  }

  private List<Runnable> timedOut(Ticket ticket, @Nullable List<Runnable> actions) {
    if (actions == null) actions = new ArrayList<>();
    actions.add(() -> ticket.fail(FlowRunner.timedOut(provider)));
    return actions;
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

  /** Soonest Retry-After first; the edit queued first among equals. */
  private static final class SoonestFirst implements Comparator<Ticket> {
    @Override
    public int compare(Ticket a, Ticket b) {
      int byTime = Long.signum(a.notBefore - b.notBefore);
      return byTime != 0 ? byTime : Long.signum(a.enqueued - b.enqueued);
    }
  }

  @Override
  public String toString() {
    return "AdaptiveLimiter[" + provider + ", limit " + limit() + ", queued " + queued() + "]";
  }
}
