package io.github.imageedits;

import java.time.Duration;

/**
 * Hears the flow control of a client: edits waiting in its queue, the number of edits it lets run
 * at once (the limit), how long each edit waited, and pauses a provider's {@code Retry-After}
 * imposed. Methods run on client threads, must be quick and must not throw; each has an empty
 * default, so a listener implements only what it needs.
 *
 * <pre>{@code
 * ImageEditClient client = ImageEdits.builder()
 *     .provider("acedata").apiKey(token)
 *     .flowListener(new FlowListener() {
 *       @Override public void onLimitChanged(String provider, int limit) {
 *         log.info(provider + " now runs " + limit + " edits at once");
 *       }
 *     })
 *     .build();
 * }</pre>
 */
public interface FlowListener {
  /** Hears nothing. */
  FlowListener NONE = new FlowListener() {};

  /** An edit joined the queue, which now holds {@code queueLength} edits. */
  default void onQueued(String provider, int queueLength) {}

  /**
   * An edit left the queue for the wire after {@code queueWait} (since it last joined the queue: a
   * refused edit's wait starts again when it goes back); {@code inFlight} edits now run (this one
   * included) and {@code queueLength} still wait.
   */
  default void onDispatched(String provider, Duration queueWait, int inFlight, int queueLength) {}

  /** The limit on edits running at once changed to {@code limit}. */
  default void onLimitChanged(String provider, int limit) {}

  /** Dispatch stopped for {@code pause}: the provider refused at a limit of one and said when to come back. */
  default void onPaused(String provider, Duration pause) {}
}
