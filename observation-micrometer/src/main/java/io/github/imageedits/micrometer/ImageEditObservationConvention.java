package io.github.imageedits.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and keys of edit observations. Replace the default ({@link
 * DefaultImageEditObservationConvention}, usually by extending it) through {@link
 * MicrometerEditObserver.Builder#convention}, or register a {@link
 * io.micrometer.observation.GlobalObservationConvention} on the registry.
 */
public interface ImageEditObservationConvention extends ObservationConvention<ImageEditObservationContext> {
  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof ImageEditObservationContext;
  }
}
