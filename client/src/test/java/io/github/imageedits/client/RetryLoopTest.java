package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.ImageEditException;
import io.github.imageedits.ProviderError;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.RetryEvent;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.TransportException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireRequest;
import io.github.imageedits.spi.WireReply;

/**
 * The retry loop's decisions, against a scripted transport: which failures are retried, how long
 * it waits, and what it tells the listener. No real waiting: the policies here have zero delays, or
 * the check stops before the wait.
 */
@DisplayName("The retry loop")
class RetryLoopTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final RetryPolicy FAST = RetryPolicy.builder()
      .initialDelay(Duration.ZERO).maxDelay(Duration.ZERO).jitter(0).build();

  private final List<RetryEvent> events = new ArrayList<>();
  private boolean closed;
  private final RetryLoop loop = new RetryLoop("test", events::add, () -> closed,
      Clock.fixed(NOW, ZoneOffset.UTC), () -> 1.0);

  @Nested
  @DisplayName("waits")
  class Waits {
    @Test
    @DisplayName("exponentially from the initial delay, capped at the maximum")
    void exponentialBackoff() {
      RetryPolicy policy = RetryPolicy.defaults();
      assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(1));
      assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(2));
      assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(4));
      assertThat(policy.backoff(6)).isEqualTo(Duration.ofSeconds(30));
      assertThat(policy.backoff(60)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("shortened by jitter: between half and all of the backoff by default")
    void jitter() {
      RetryPolicy policy = RetryPolicy.builder().maxAttempts(5).build();
      RetryLoop never = new RetryLoop("test", e -> {}, () -> false, Clock.systemUTC(), () -> 0.0);
      RetryLoop always = new RetryLoop("test", e -> {}, () -> false, Clock.systemUTC(), () -> 1.0);
      ProviderException busy = error(503);
      assertThat(never.decide(policy, 2, busy, null, new RetryLoop.Slot())).isEqualTo(Duration.ofSeconds(2));
      assertThat(always.decide(policy, 2, busy, null, new RetryLoop.Slot())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    @DisplayName("at least as long as Retry-After, in seconds or as an HTTP date")
    void retryAfterIsALowerBound() {
      RetryPolicy policy = RetryPolicy.defaults();
      assertThat(loop.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
      assertThat(loop.retryAfter(" 0 ")).isEqualTo(Duration.ZERO);
      assertThat(loop.retryAfter("Sun, 01 Mar 2026 12:00:42 GMT")).isEqualTo(Duration.ofSeconds(42));
      assertThat(loop.retryAfter("Sun, 01 Mar 2026 11:00:00 GMT")).as("a date in the past").isEqualTo(Duration.ZERO);
      assertThat(loop.retryAfter("soon")).isNull();
      assertThat(loop.retryAfter("-3")).isNull();
      assertThat(loop.retryAfter("99999999999999999999")).isEqualTo(Duration.ofDays(1));
      assertThat(loop.decide(policy, 1, error(429), Duration.ofSeconds(7), new RetryLoop.Slot()))
          .isEqualTo(Duration.ofSeconds(7));
      assertThat(loop.decide(policy, 1, error(429), Duration.ZERO, new RetryLoop.Slot()))
          .as("the backoff when Retry-After is shorter").isEqualTo(Duration.ofMillis(500));
    }

    @Test
    @DisplayName("retry-after-ms first, in milliseconds, as OpenAI and Azure OpenAI send it; Retry-After when it is missing or unreadable")
    void retryAfterMillisFirst() {
      assertThat(loop.retryAfter(reply(Map.of("retry-after-ms", List.of("1500"), "retry-after", List.of("9")))))
          .isEqualTo(Duration.ofMillis(1500));
      assertThat(loop.retryAfter(reply(Map.of("retry-after-ms", List.of("20.2"))))).as("rounded up")
          .isEqualTo(Duration.ofMillis(21));
      assertThat(loop.retryAfter(reply(Map.of("retry-after-ms", List.of("soon"), "retry-after", List.of("3")))))
          .isEqualTo(Duration.ofSeconds(3));
      assertThat(loop.retryAfter(reply(Map.of("retry-after-ms", List.of("-5"), "retry-after", List.of("4")))))
          .isEqualTo(Duration.ofSeconds(4));
      assertThat(loop.retryAfter(reply(Map.of("retry-after", List.of("2"))))).isEqualTo(Duration.ofSeconds(2));
      assertThat(loop.retryAfter(reply(Map.of()))).isNull();
    }

    private WireReply reply(Map<String, List<String>> headers) {
      return new WireReply(429, headers, Map.of(), null);
    }

    @Test
    @DisplayName("not at all when Retry-After is longer than the cap: the error comes at once")
    void retryAfterOverTheCap() {
      RetryPolicy policy = RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(10)).build();
      assertThat(loop.decide(policy, 1, error(429), Duration.ofSeconds(11), new RetryLoop.Slot())).isNull();
      assertThat(loop.decide(policy, 1, error(429), Duration.ofSeconds(10), new RetryLoop.Slot()))
          .isEqualTo(Duration.ofSeconds(10));
    }
  }

  @Nested
  @DisplayName("retries by default")
  class RetriesByDefault {
    @Test
    @DisplayName("429, 502, 503 and 504, and tells the listener each time")
    void retriableStatuses() {
      for (int status : new int[] {429, 502, 503, 504}) {
        events.clear();
        Script script = new Script().reply(status).reply(200);
        assertThat(run(FAST, script)).isEqualTo("ok");
        assertThat(script.calls).as("calls for %d", status).isEqualTo(2);
        assertThat(events).singleElement().satisfies(e -> {
          assertThat(e.provider()).isEqualTo("test");
          assertThat(e.attempt()).isEqualTo(1);
          assertThat(e.delay()).isEqualTo(Duration.ZERO);
          assertThat(((ProviderException) e.cause()).status()).isEqualTo(status);
        });
      }
    }

    @Test
    @DisplayName("a connection that failed before the whole request was sent")
    void failedBeforeSent() {
      Script script = new Script().fail(new TransportException("refused", null, false)).reply(200);
      assertThat(run(FAST, script)).isEqualTo("ok");
      assertThat(script.calls).isEqualTo(2);
      assertThat(events).singleElement().satisfies(e ->
          assertThat(e.cause()).isInstanceOf(TransportException.class).hasMessage("refused"));
    }

    @Test
    @DisplayName("at most maxAttempts times in all, then throws the last failure")
    void bounded() {
      Script script = new Script().reply(429).reply(429).reply(429).reply(200);
      assertThatThrownBy(() -> run(FAST, script)).isInstanceOf(RateLimitException.class);
      assertThat(script.calls).isEqualTo(3);
      assertThat(events).extracting(RetryEvent::attempt).containsExactly(1, 2);
    }
  }

  @Nested
  @DisplayName("does not retry by default")
  class DoesNotRetry {
    @Test
    @DisplayName("a connection that broke after the whole request was sent: it may have been charged")
    void sentThenBroken() {
      TransportException broken = new TransportException("broke after sending", null, true);
      Script script = new Script().fail(broken).reply(200);
      Throwable thrown = catchThrowable(() -> run(FAST, script));
      assertThat(thrown).isSameAs(broken);
      assertThat(((TransportException) thrown).requestMayHaveBeenProcessed()).isTrue();
      assertThat(script.calls).isEqualTo(1);
      assertThat(events).isEmpty();
    }

    @Test
    @DisplayName("a read timeout after sending, which stays an EditTimeoutException")
    void readTimeout() {
      Script script = new Script().fail(new EditTimeoutException("read timed out", null, true)).reply(200);
      assertThatThrownBy(() -> run(FAST, script)).isInstanceOf(EditTimeoutException.class);
      assertThat(script.calls).isEqualTo(1);
    }

    @Test
    @DisplayName("other statuses: 400, 401, 500, and a 200 that reports failure")
    void otherStatuses() {
      for (int status : new int[] {400, 401, 500, 200}) {
        Script script = new Script().reply(status == 200 ? -200 : status).reply(200);
        assertThatThrownBy(() -> run(FAST, script)).isInstanceOf(ProviderException.class);
        assertThat(script.calls).as("calls for %d", status).isEqualTo(1);
      }
      assertThat(events).isEmpty();
    }

    @Test
    @DisplayName("a reply that could not be read: the provider processed the request")
    void unreadableReply() {
      Script script = new Script().reply(-1).reply(200);
      assertThatThrownBy(() -> run(FAST, script)).isInstanceOf(TransportException.class)
          .hasMessageContaining("could not be read");
      assertThat(script.calls).isEqualTo(1);
    }

    @Test
    @DisplayName("anything once the client is closed")
    void closedClient() {
      closed = true;
      Script script = new Script().reply(503).reply(200);
      assertThatThrownBy(() -> run(FAST, script)).isInstanceOf(ProviderException.class);
      assertThat(script.calls).isEqualTo(1);
    }

    @Test
    @DisplayName("anything with RetryPolicy.none()")
    void none() {
      Script script = new Script().reply(503).reply(200);
      assertThatThrownBy(() -> run(RetryPolicy.none(), script)).isInstanceOf(ProviderException.class);
      assertThat(script.calls).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("retries a request that may have been processed only when the policy opts in")
  void optInToRetrySentRequests() {
    RetryPolicy optIn = FAST.toBuilder().retrySentRequests(true).build();
    Script script = new Script().fail(new TransportException("broke after sending", null, true)).reply(200);
    assertThat(run(optIn, script)).isEqualTo("ok");
    assertThat(script.calls).isEqualTo(2);
  }

  @Test
  @DisplayName("takes the statuses to retry from the policy")
  void customStatuses() {
    RetryPolicy only500 = FAST.toBuilder().retryStatuses(Set.of(500)).build();
    assertThat(run(only500, new Script().reply(500).reply(200))).isEqualTo("ok");
    assertThatThrownBy(() -> run(only500, new Script().reply(503).reply(200))).isInstanceOf(ProviderException.class);
  }

  @Test
  @DisplayName("stops waiting, and sends nothing more, when the edit is cancelled during a wait")
  void cancelDuringWait() {
    RetryPolicy slow = RetryPolicy.builder().initialDelay(Duration.ofMinutes(10)).build();
    RetryLoop.Slot slot = new RetryLoop.Slot();
    RetryLoop cancelling = new RetryLoop("test", e -> slot.cancel(), () -> false);
    Script script = new Script().reply(503).reply(200);
    assertThatThrownBy(() -> cancelling.run(slow, slot, script, RetryLoopTest::read))
        .isInstanceOf(ProviderException.class);
    assertThat(script.calls).isEqualTo(1);
  }

  @Test
  @DisplayName("cancels the running call when the edit is cancelled, and every call after")
  void cancelRunningCall() {
    RetryLoop.Slot slot = new RetryLoop.Slot();
    Script script = new Script().reply(200);
    Transport.Call call = script.get();
    slot.set(call);
    slot.cancel();
    assertThat(script.cancelled).isEqualTo(1);
    slot.set(script.get());
    assertThat(script.cancelled).as("a call set after cancel() is cancelled at once").isEqualTo(2);
  }

  @Test
  @DisplayName("ignores a listener that throws")
  void brokenListener() {
    RetryLoop throwing = new RetryLoop("test", e -> { throw new IllegalStateException("boom"); }, () -> false);
    assertThat(throwing.run(FAST, new RetryLoop.Slot(), new Script().reply(503).reply(200), RetryLoopTest::read))
        .isEqualTo("ok");
  }

  private String run(RetryPolicy policy, Script script) {
    return loop.run(policy, new RetryLoop.Slot(), script, RetryLoopTest::read);
  }

  private static ProviderException error(int status) {
    ProviderError error = new ProviderError("test", status, null, "status " + status, null, null);
    return status == 429 ? new RateLimitException(error) : new ProviderException(error);
  }

  /** What an adapter does: 2xx is the result, -1 an unreadable reply, -200 a 200 reporting failure. */
  private static String read(WireReply reply) {
    if (reply.status() == 200) return "ok";
    if (reply.status() == 299) throw new TransportException("the reply could not be read", null);
    throw error(reply.status() == 298 ? 200 : reply.status());
  }

  /** A transport script: each call answers the next step, a reply status or a failure. */
  private static final class Script implements Supplier<Transport.Call> {
    private final Deque<Object> steps = new ArrayDeque<>();
    int calls;
    int cancelled;

    Script reply(int status) {
      steps.add(status == -1 ? 299 : status == -200 ? 298 : status);
      return this;
    }

    Script fail(ImageEditException failure) {
      steps.add(failure);
      return this;
    }

    @Override
    public Transport.Call get() {
      return new Transport.Call() {
        @Override
        public WireReply execute() {
          calls++;
          Object step = steps.poll();
          if (step instanceof ImageEditException e) throw e;
          int status = (Integer) step;
          return new WireReply(status, Map.of(), Map.of(), null);
        }

        @Override
        public void cancel() {
          cancelled++;
        }
      };
    }
  }

  @Test
  @DisplayName("keeps a request's timeouts on the wire request it sends")
  void wireRequestCarriesTimeouts() {
    WireRequest plain = WireRequest.builder().method("POST").url(URI.create("https://api.example.com/edits")).build();
    io.github.imageedits.Timeouts timeouts = io.github.imageedits.Timeouts.builder().read(Duration.ofSeconds(5)).build();
    assertThat(plain.timeouts()).isNull();
    assertThat(plain.toBuilder().timeouts(timeouts).build().timeouts()).isEqualTo(timeouts);
    assertThat(plain.toBuilder().timeouts(timeouts).build().toString()).contains("read=PT5S");
  }
}
