package io.github.imageedits.client;

/**
 * Where flow control for workloads plugs in (issue 14): the engine takes a permit before it puts an
 * edit or a stream on the wire and returns it when the edit ends. {@link EngineModule} binds
 * {@link #UNLIMITED}, which admits every edit at once; a limiter bound in its place decides how
 * many edits of a provider run together.
 */
interface FlowLimiter {
  /** Admits every edit at once: the engine's behaviour without flow control. */
  FlowLimiter UNLIMITED = provider -> () -> {};

  /** Blocks until an edit on {@code provider} may go; the permit is closed when it ends. */
  Permit acquire(String provider);

  /** One admitted edit. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }
}
