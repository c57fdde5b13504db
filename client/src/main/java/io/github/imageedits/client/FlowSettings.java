package io.github.imageedits.client;

import io.github.imageedits.FlowListener;

/**
 * The builder's flow-control settings.
 *
 * @param maxConcurrent a fixed limit on edits at once, or 0 for the adaptive limit
 * @param maxQueued how many edits may wait
 * @param perMinute dispatches per sliding minute, or 0 for no rate
 * @param listener hears queue and limit events
 */
record FlowSettings(int maxConcurrent, int maxQueued, int perMinute, FlowListener listener) {
  static final FlowSettings DEFAULTS = new FlowSettings(0, AdaptiveLimiter.DEFAULT_MAX_QUEUED, 0, FlowListener.NONE);

  /** What makes two clients' limiters one: everything but the listener. */
  String key() {
    return maxConcurrent + "/" + maxQueued + "/" + perMinute;
  }
}
