package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.FlowListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The adaptive limit against a provider that serves a fixed number of edits at once and refuses
 * the rest, played out step by step on the calling thread: each dispatched edit either takes one of
 * the provider's places or is refused at once, as a loopback provider answers a 429 long before it
 * finishes an edit.
 */
@DisplayName("Adaptive limit")
class AdaptiveLimiterTest {
  /** A queued edit that records its permit when dispatched; the test decides how it ends. */
  private static final class Edit extends FlowLimiter.Ticket {
    final String name;
    FlowLimiter.Permit permit;

    Edit(String name) {
      super(Runnable::run, new FlowListener() {}, null);
      this.name = name;
    }

    @Override
    void grant(FlowLimiter.Permit permit) {
      this.permit = permit;
    }

    @Override
    void fail(RuntimeException failure) {
      throw new AssertionError(name + " failed", failure);
    }

    @Override
    boolean cancelled() {
      return false;
    }
  }

  @Test
  @DisplayName("finds a provider's cap of 16 at once from the start of 10, with few refusals")
  void findsTheCap() {
    AdaptiveLimiter limiter = new AdaptiveLimiter("test", 0, 10_000, 0);
    int refusals = serve(limiter, 400, 16, 0);
    assertThat(limiter.limit()).as("the limit settles at the cap").isBetween(15, 17);
    assertThat(refusals).as("429s over 400 edits").isLessThanOrEqualTo(12);
  }

  @Test
  @DisplayName("when the provider's cap rises from 16 to 32, the limit follows: refused probes did not stop it")
  void followsARisingCap() {
    AdaptiveLimiter limiter = new AdaptiveLimiter("test", 0, 10_000, 0);
    int refusals = serve(limiter, 1_500, round -> round < 30 ? 16 : 32, 0);
    assertThat(limiter.limit()).as("the limit after the cap rose").isGreaterThanOrEqualTo(28);
    assertThat(refusals).as("429s over 1,500 edits").isLessThanOrEqualTo(30);
  }

  @Test
  @DisplayName("when the provider's cap falls from 16 to 6, the limit follows it down, a step per round")
  void followsAFallingCap() {
    AdaptiveLimiter limiter = new AdaptiveLimiter("test", 0, 10_000, 0);
    int refusals = serve(limiter, 600, round -> round < 20 ? 16 : 6, 0);
    assertThat(limiter.limit()).as("the limit after the cap fell").isBetween(5, 7);
    assertThat(refusals).as("429s over 600 edits").isLessThanOrEqualTo(60);
  }

  @Test
  @DisplayName("refusals that raced edits just ending at the provider do not pull the limit below its cap")
  void racedRefusals() {
    AdaptiveLimiter limiter = new AdaptiveLimiter("test", 0, 10_000, 0);
    // The provider still counts 4 of the edits that ended when the next ones arrive.
    int refusals = serve(limiter, 400, 16, 4);
    assertThat(limiter.limit()).as("the limit settles near the cap").isBetween(14, 17);
    assertThat(refusals).as("429s over 400 edits").isLessThanOrEqualTo(12);
  }

  /**
   * Plays {@code count} edits against a provider holding {@code cap} at once, round by round: the
   * edits sent arrive in order, each held or refused at once; then all held ones end. The first
   * {@code lag} arrivals of a round still find that many of the last round's edits counted there.
   * Returns the refusals.
   */
  private static int serve(AdaptiveLimiter limiter, int count, int cap, int lag) {
    return serve(limiter, count, round -> cap, lag);
  }

  private static int serve(AdaptiveLimiter limiter, int count, java.util.function.IntUnaryOperator capInRound, int lag) {
    List<Edit> waiting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Edit edit = new Edit("edit " + i);
      waiting.add(edit);
      limiter.enqueue(edit);
    }
    List<Edit> held = new ArrayList<>(); // the provider's places
    int refusals = 0;
    int ghosts = 0;
    for (int round = 0; round < 200 && !waiting.isEmpty(); round++) {
      int cap = capInRound.applyAsInt(round);
      List<Edit> sent = new ArrayList<>();
      for (Edit e : waiting) if (e.permit != null && !held.contains(e)) sent.add(e);
      sent.sort(java.util.Comparator.comparingLong(e -> e.permit.sequence())); // they arrive as sent
      for (Edit e : sent) {
        if (held.size() + ghosts < cap) {
          held.add(e);
        } else {
          refusals++;
          FlowLimiter.Permit permit = e.permit;
          e.permit = null;
          limiter.requeue(e, permit, Duration.ZERO);
        }
        if (ghosts > 0) ghosts--;
      }
      ghosts = Math.min(lag, held.size());
      for (Edit e : new ArrayList<>(held)) {
        held.remove(e);
        waiting.remove(e);
        limiter.release(e.permit, FlowLimiter.Outcome.SERVED);
      }
    }
    assertThat(waiting).as("edits left").isEmpty();
    return refusals;
  }

  @Test
  @DisplayName("a refusal frees no place at the provider: nothing new goes until an edit is served")
  void refusalDispatchesNothingNew() {
    AdaptiveLimiter limiter = new AdaptiveLimiter("test", 2, 100, 0);
    Edit first = new Edit("first");
    Edit second = new Edit("second");
    Edit third = new Edit("third");
    limiter.enqueue(first);
    limiter.enqueue(second);
    limiter.enqueue(third);
    assertThat(third.permit).isNull();

    limiter.requeue(second, second.permit, Duration.ofHours(1));
    assertThat(third.permit).as("sent after a refusal freed a place").isNull();

    limiter.release(first.permit, FlowLimiter.Outcome.SERVED);
    assertThat(third.permit).as("sent once an edit was served").isNotNull();
    assertThat(limiter.queued()).as("the refused edit waits out its Retry-After").isEqualTo(1);
  }

  @Test
  @DisplayName("a refused edit, once its Retry-After has passed, goes before edits queued after it")
  void refusedGoesFirst() {
    AdaptiveLimiter limiter = new AdaptiveLimiter("test", 1, 100, 0);
    Edit first = new Edit("first");
    Edit second = new Edit("second");
    limiter.enqueue(first);
    limiter.enqueue(second);
    FlowLimiter.Permit refused = first.permit;
    first.permit = null;
    limiter.requeue(first, refused, Duration.ZERO);
    assertThat(first.permit).isNotNull();
    assertThat(second.permit).isNull();
  }
}
