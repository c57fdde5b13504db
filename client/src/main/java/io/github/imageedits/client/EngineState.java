package io.github.imageedits.client;

import jakarta.inject.Inject;

/** Whether the client has been closed: the retry loop stops waiting once it has. One per client. */
@PerClient
final class EngineState implements java.util.function.BooleanSupplier {
  private volatile boolean closed;

  @Inject
  EngineState() {}

  boolean closed() {
    return closed;
  }

  /** {@link #closed()}, as the retry loop asks it. */
  @Override
  public boolean getAsBoolean() {
    return closed;
  }

  void close() {
    closed = true;
  }
}
