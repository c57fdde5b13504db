package io.github.imageedits.emulator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A failure the emulator plays instead of (or before) its normal answer, for testing retries,
 * timeouts and error handling. Each enqueued fault is used by exactly one API request (an edit or
 * a task query, not a CDN download), in the order enqueued.
 *
 * <pre>{@code
 * emulator.enqueueFault(Fault.status(429).retryAfter(Duration.ofSeconds(1)));
 * emulator.enqueueFault(Fault.status(500));          // {"success":false,"error":{"code":"api_error",…}}
 * emulator.enqueueFault(Fault.status(403, "used_up", "balance used up"));
 * emulator.enqueueFault(Fault.delay(Duration.ofMillis(300)));  // the normal reply, late
 * emulator.enqueueFault(Fault.disconnect());         // the connection drops before any reply
 * }</pre>
 */
public final class Fault {
  private static final int NONE = 0;
  private static final int DISCONNECT = -1;

  final int status;
  final String code;
  final String message;
  final Duration delay;
  final Duration retryAfter;

  private Fault(int status, String code, String message, Duration delay, Duration retryAfter) {
    this.status = status;
    this.code = code;
    this.message = message;
    this.delay = delay;
    this.retryAfter = retryAfter;
  }

  /**
   * An error reply with {@code status} (400 to 599) in the dialect's error body, with the code the
   * provider uses for that status (AceData: 429 {@code too_many_requests}, 500 {@code api_error}, …).
   */
  public static Fault status(int status) {
    return status(status, null, "emulated failure: HTTP " + status);
  }

  /**
   * An error reply with {@code status}, the provider error {@code code} (null for the status's usual
   * code) and {@code message}.
   */
  public static Fault status(int status, String code, String message) {
    if (status < 400 || status > 599) throw new IllegalArgumentException("status must be 400..599: " + status);
    requireNonNull(message, "message == null");
    return new Fault(status, code, message, Duration.ZERO, null);
  }

  /** The normal reply, sent after {@code delay}: for testing read timeouts. */
  public static Fault delay(Duration delay) {
    return new Fault(NONE, null, null, checkDelay(delay), null);
  }

  /** The connection is closed without any reply: for testing transport failures. */
  public static Fault disconnect() {
    return new Fault(DISCONNECT, null, null, Duration.ZERO, null);
  }

  /** This fault, played after {@code delay}. */
  public Fault delayed(Duration delay) {
    return new Fault(status, code, message, checkDelay(delay), retryAfter);
  }

  /** This error reply with a {@code Retry-After} header of {@code retryAfter} in whole seconds (rounded up). */
  public Fault retryAfter(Duration retryAfter) {
    requireNonNull(retryAfter, "retryAfter == null");
    if (status <= 0) throw new IllegalStateException("Retry-After goes with an error status, not with " + this);
    if (retryAfter.isNegative()) throw new IllegalArgumentException("retryAfter < 0: " + retryAfter);
    return new Fault(status, code, message, delay, retryAfter);
  }

  boolean isDisconnect() {
    return status == DISCONNECT;
  }

  boolean isError() {
    return status > 0;
  }

  long retryAfterSeconds() {
    long seconds = retryAfter.getSeconds();
    return retryAfter.getNano() > 0 ? seconds + 1 : seconds;
  }

  private static Duration checkDelay(Duration delay) {
    requireNonNull(delay, "delay == null");
    if (delay.isNegative()) throw new IllegalArgumentException("delay < 0: " + delay);
    return delay;
  }

  @Override
  public String toString() {
    String what = isDisconnect() ? "disconnect" : isError() ? "status " + status + (code == null ? "" : " " + code) : "reply";
    return "Fault{" + what + (delay.isZero() ? "" : " after " + delay) + (retryAfter == null ? "" : " retry-after " + retryAfter) + "}";
  }
}
