/**
 * Observations of image edits with the Micrometer Observation API: {@link
 * io.github.imageedits.micrometer.MicrometerEditObserver} turns the client's observation port into
 * Micrometer observations, which become metrics and, through a tracing bridge, spans.
 */
module io.github.imageedits.micrometer {
  // @NullMarked and @Nullable: compile-only, so nothing of JSpecify is needed at run time.
  requires static org.jspecify;
  requires transitive io.github.imageedits.core;
  // ObservationRegistry and ObservationConvention are in this module's API.
  requires transitive micrometer.observation;
  requires transitive micrometer.commons;

  exports io.github.imageedits.micrometer;
}
