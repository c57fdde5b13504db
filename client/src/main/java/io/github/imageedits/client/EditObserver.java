package io.github.imageedits.client;

/**
 * Where observation plugs in (issue 16): the engine reports the start and the end of every edit
 * and stream here, for metrics or traces. {@link EngineModule} binds {@link #NONE}, which observes
 * nothing.
 */
interface EditObserver {
  /** Observes nothing. */
  EditObserver NONE = (provider, operation) -> Observation.NONE;

  /**
   * An edit begins.
   *
   * @param operation {@code "edit"} or {@code "stream"}
   */
  Observation start(String provider, String operation);

  /** One edit under observation; exactly one of its methods is called. */
  interface Observation {
    Observation NONE = new Observation() {
      @Override
      public void succeeded() {}

      @Override
      public void failed(Throwable failure) {}
    };

    void succeeded();

    void failed(Throwable failure);
  }
}
