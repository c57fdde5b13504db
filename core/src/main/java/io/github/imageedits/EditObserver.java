package io.github.imageedits;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Watches edits for metrics and traces: the client calls {@link #start} as an edit, a stream or a
 * task submission begins, then reports what happens to it on the {@link Observation} returned,
 * ending with exactly one of {@link Observation#succeeded} or {@link Observation#failed}. JDK only;
 * the {@code imageedits-micrometer} module implements it with Micrometer's Observation API.
 *
 * <pre>{@code
 * ImageEditClient client = ImageEdits.builder()
 *     .provider("openai").apiKey(key)
 *     .observer(MicrometerEditObserver.create(observationRegistry))
 *     .build();
 * }</pre>
 *
 * <p>Without an observer the client uses {@link #NONE}: no context is built and nothing is
 * allocated for observation. An observer never sees an API key or image bytes, and sees the prompt
 * only when {@link #recordsPrompts()} says so. Calls come on the threads doing the work, so an
 * implementation must be thread-safe, quick, and must not throw; an exception it throws is ignored.
 */
public interface EditObserver {
  /** Observes nothing, at no cost: the default. */
  EditObserver NONE = context -> Observation.NONE;

  /** One edit, stream or submission begins. */
  Observation start(EditContext context);

  /**
   * Whether {@link EditContext#prompt()} is filled in. False by default: prompts may hold personal
   * data, so an observer asks for them explicitly.
   */
  default boolean recordsPrompts() {
    return false;
  }

  /**
   * One observed edit. Every method but the end has a no-op default, so an implementation picks
   * the events it records. The end is {@link #succeeded} or {@link #failed}, called exactly once.
   */
  interface Observation {
    /** Observes nothing. */
    Observation NONE = new Observation() {
      @Override
      public void succeeded(EditResult result) {}

      @Override
      public void failed(Throwable failure) {}
    };

    /** The edit waited {@code wait} in the client's queue for one of {@code limit} slots. */
    default void queued(Duration wait, int limit) {}

    /** Attempt {@code attempt} (1 for the first send) goes on the wire. */
    default void attemptStarted(int attempt) {}

    /**
     * Attempt {@code attempt} ended.
     *
     * @param status the HTTP status, or 0 when no reply came (a network failure, a cancel)
     * @param providerCode the provider's error code (such as {@code rate_limit_exceeded}), or null
     * @param failure why the attempt failed, or null when it succeeded
     */
    default void attemptEnded(int attempt, int status, @Nullable String providerCode,
        @Nullable Throwable failure) {}

    /** The failed attempt is sent again after {@link RetryEvent#delay()}. */
    default void retrying(RetryEvent event) {}

    /**
     * A {@link FallbackClient} moves on: the provider at {@code position} (0 for the first) failed
     * or could not serve the request, and {@code nextProvider} is tried next.
     */
    default void fallback(int position, String nextProvider) {}

    /** A request body of {@code bytes} bytes was sent (one per attempt). */
    default void uploaded(long bytes) {}

    /** A reply body of {@code bytes} bytes was read (one per attempt). */
    default void downloaded(long bytes) {}

    /** A streamed partial image, {@code index} counting from 0, reached the listener. */
    default void partialImage(int index) {}

    /**
     * Runs {@code work} with this observation as the current one, so that observations started
     * within (a {@link FallbackClient}'s providers, say) become its children. Runs it as is by
     * default.
     */
    default <T> T scoped(java.util.function.Supplier<T> work) {
      return work.get();
    }

    /** The edit succeeded with {@code result} (its usage, model, ids). */
    void succeeded(EditResult result);

    /** The edit failed; {@code failure} is usually an {@link ImageEditException}. */
    void failed(Throwable failure);
  }
}
