package io.github.imageedits.client;

import io.github.imageedits.client.readme.Workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.EditRequest;
import io.github.imageedits.FlowListener;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.testkit.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Workloads" example, as written there, against the emulator's limits. */
@DisplayName("The README's workloads example")
class ReadmeWorkloadsTest {
  @TempDir Path dir;

  @Test
  @DisplayName("edits a folder through editAll with a fixed limit, saving each result")
  void example() throws Exception {
    Files.createDirectories(dir.resolve("photos"));
    for (int i = 0; i < 20; i++) TestImages.png(dir.resolve("photos"), "p" + i + ".png", 16, 16);
    try (ProviderEmulator emulator = ProviderEmulator.builder().concurrencyLimit(16)
        .latency(Duration.ofMillis(20), Duration.ofMillis(60)).build()) {
      emulator.start();
      String token = emulator.token();
      Path folder = dir.resolve("photos");
      Path out = dir.resolve("out");
      Workloads.run(token, emulator.baseUrl().toString(), folder, out);
      try (Stream<Path> saved = Files.list(out)) {
        assertThat(saved.count()).isEqualTo(20);
      }
      assertThat(emulator.refusedCount()).isZero();
      assertThat(emulator.peakConcurrency()).isLessThanOrEqualTo(16);
    }
  }
}
