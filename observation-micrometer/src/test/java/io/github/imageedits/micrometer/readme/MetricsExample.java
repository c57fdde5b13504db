package io.github.imageedits.micrometer.readme;

import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.micrometer.MicrometerEditObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;

/**
 * The README's "Metrics and traces" example (quoted there exactly, which the examples module's
 * ReadmeSnippetsTest checks); ReadmeExampleTest runs it against the AceData emulator.
 */
public final class MetricsExample {
  private MetricsExample() {}

  public static void run(String token, String baseUrl, MeterRegistry meterRegistry, EditRequest request) {
    // README: metrics
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
    try (ImageEditClient client = ImageEdits.builder()
        .provider("acedata").apiKey(token).baseUrl(baseUrl)
        .observer(MicrometerEditObserver.create(registry))
        .build()) {
      client.edit(request);  // timer imageedits.edit{gen_ai.provider.name=acedata, imageedits.outcome=success, …}
    }
    // END
  }
}
