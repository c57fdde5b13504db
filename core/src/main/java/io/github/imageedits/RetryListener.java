package io.github.imageedits;

/**
 * Hears about every retry before its wait begins: which attempt failed, why, and how long the
 * client waits before the next one. It runs on the thread doing the edit, so it should return
 * quickly; an exception it throws is ignored.
 *
 * <pre>{@code
 * ImageEditClient client = ImageEdits.builder()
 *     .provider("acedata").apiKey(token)
 *     .retryListener(e -> log.warn("attempt " + e.attempt() + " failed, retrying in " + e.delay()
 *         + ": " + e.cause().getMessage()))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface RetryListener {
  /** A listener that does nothing. */
  RetryListener NONE = event -> {};

  void onRetry(RetryEvent event);
}
