package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One retry, as a {@link RetryListener} sees it.
 *
 * @param provider the provider name
 * @param attempt the attempt that failed, 1 for the first send
 * @param delay how long the client waits before sending again
 * @param retryAfter the wait the provider asked for with {@code Retry-After}, or null
 * @param cause why the attempt failed: a {@link ProviderException} (429, 5xx) or a
 *     {@link TransportException}
 */
public record RetryEvent(String provider, int attempt, Duration delay, @Nullable Duration retryAfter,
    ImageEditException cause) {
  public RetryEvent {
    requireNonNull(provider, "provider == null");
    requireNonNull(delay, "delay == null");
    requireNonNull(cause, "cause == null");
  }

  @Override
  public String toString() {
    return provider + " attempt " + attempt + " failed (" + cause.getMessage() + "); retrying in "
        + delay.toMillis() + " ms" + (retryAfter == null ? "" : " (Retry-After " + retryAfter.toSeconds() + " s)");
  }
}
