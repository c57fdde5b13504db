package io.github.imageedits.micrometer;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.EditContext;
import io.github.imageedits.EditObserver;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EditObserver} that records each edit as a Micrometer {@link
 * io.micrometer.observation.Observation}: a timer and
 * an active-edits gauge through {@code DefaultMeterObservationHandler}, a span through a tracing
 * bridge (Micrometer Tracing with OpenTelemetry or Brave), whatever handlers the registry has.
 *
 * <pre>{@code
 * ObservationRegistry registry = ObservationRegistry.create();
 * registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
 * ImageEditClient client = ImageEdits.builder()
 *     .provider("openai").apiKey(key)
 *     .observer(MicrometerEditObserver.create(registry))
 *     .build();
 * }</pre>
 *
 * <p>Each edit is an observation named {@value DefaultImageEditObservationConvention#EDIT} (a
 * {@link io.github.imageedits.FallbackClient}'s, {@value DefaultImageEditObservationConvention#FALLBACK});
 * each attempt a child observation named {@value #ATTEMPT}; retries, fallback hops, queue waits,
 * uploads, downloads and partial images are events on the edit. Keys are listed in
 * docs/observability.md. A registry without handlers costs nothing: Micrometer hands out a no-op
 * observation without building a context.
 */
public final class MicrometerEditObserver implements EditObserver {
  /** The name of an attempt's observation. */
  public static final String ATTEMPT = "imageedits.attempt";

  static final DefaultImageEditObservationConvention DEFAULT = new DefaultImageEditObservationConvention();
  private static final DefaultImageEditObservationConvention FALLBACK = DefaultImageEditObservationConvention.fallback();

  private final ObservationRegistry registry;
  private final @Nullable ImageEditObservationConvention convention;
  private final boolean recordPrompts;

  private MicrometerEditObserver(Builder builder) {
    this.registry = builder.registry;
    this.convention = builder.convention;
    this.recordPrompts = builder.recordPrompts;
  }

  /** An observer with the default convention that never records prompts. */
  public static MicrometerEditObserver create(ObservationRegistry registry) {
    return builder(registry).build();
  }

  /** A builder for an observer reporting to {@code registry}. */
  public static Builder builder(ObservationRegistry registry) {
    return new Builder(registry);
  }

  /** A builder holding this observer's settings. */
  public Builder toBuilder() {
    return new Builder(registry).convention(convention).recordPrompts(recordPrompts);
  }

  @Override
  public boolean recordsPrompts() {
    return recordPrompts;
  }

  @Override
  public EditObserver.Observation start(EditContext context) {
    requireNonNull(context, "context == null");
    if (registry.isNoop()) return EditObserver.Observation.NONE;
    io.micrometer.observation.Observation observation = io.micrometer.observation.Observation.createNotStarted(convention,
        context.fallback() ? FALLBACK : DEFAULT,
        () -> new ImageEditObservationContext(context, recordPrompts), registry);
    if (observation.isNoop()) return EditObserver.Observation.NONE;
    observation.start();
    return new EditObservation(observation, (ImageEditObservationContext) observation.getContext(), registry);
  }

  @Override
  public String toString() {
    return "MicrometerEditObserver[recordPrompts=" + recordPrompts + "]";
  }

  /** Builds a {@link MicrometerEditObserver}. */
  public static final class Builder {
    private final ObservationRegistry registry;
    private @Nullable ImageEditObservationConvention convention;
    private boolean recordPrompts;

    private Builder(ObservationRegistry registry) {
      this.registry = requireNonNull(registry, "registry == null");
    }

    /**
     * Names and keys the observations with {@code convention} instead of {@link
     * DefaultImageEditObservationConvention}; null for the default.
     */
    public Builder convention(@Nullable ImageEditObservationConvention convention) {
      this.convention = convention;
      return this;
    }

    /**
     * Whether the prompt is recorded, as the high-cardinality key {@value
     * DefaultImageEditObservationConvention#PROMPT} (spans only). False by default: prompts may
     * hold personal data.
     */
    public Builder recordPrompts(boolean recordPrompts) {
      this.recordPrompts = recordPrompts;
      return this;
    }

    public MicrometerEditObserver build() {
      return new MicrometerEditObserver(this);
    }
  }
}
