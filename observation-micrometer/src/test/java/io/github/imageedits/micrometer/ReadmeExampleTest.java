package io.github.imageedits.micrometer;

import io.github.imageedits.micrometer.readme.MetricsExample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.client.ImageEdits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Metrics and traces" example, compiled and run against the AceData emulator. */
@DisplayName("The README's metrics example")
class ReadmeExampleTest {
  @TempDir Path dir;

  @Test
  @DisplayName("compiles and records the timer it names")
  void readme() {
    try (Emulators emulators = new Emulators()) {
      MeterRegistry meterRegistry = new SimpleMeterRegistry();
      String token = Emulators.ACEDATA_KEY;
      EditRequest request = Emulators.request(dir);
      String baseUrl = emulators.aceData.baseUrl().toString();

      MetricsExample.run(token, baseUrl, meterRegistry, request);

      assertThat(meterRegistry.get("imageedits.edit").tag("gen_ai.provider.name", "acedata")
          .tag("imageedits.outcome", "success").timer().count()).isEqualTo(1);
    }
  }
}
