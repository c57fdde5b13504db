package io.github.imageedits.transport.retrofit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The calls running on one transport, so that closing it cancels them. */
final class CallRegistry {
  private final Set<HttpCall> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  void add(HttpCall call) {
    running.add(call);
    if (closed) call.cancel("because the transport is closed");
  }

  void remove(HttpCall call) {
    running.remove(call);
  }

  boolean closed() {
    return closed;
  }

  /** Marks the transport closed and cancels every running call. */
  void close() {
    closed = true;
    for (HttpCall call : running) call.cancel("because the transport was closed");
  }
}
