package io.github.imageedits.client;

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
  void example() throws IOException {
    Files.createDirectories(dir.resolve("photos"));
    for (int i = 0; i < 20; i++) TestImages.png(dir.resolve("photos"), "p" + i + ".png", 16, 16);
    try (ProviderEmulator emulator = ProviderEmulator.builder().concurrencyLimit(4)
        .latency(Duration.ofMillis(20), Duration.ofMillis(60)).build()) {
      emulator.start();
      String token = emulator.token();
      Path folder = dir.resolve("photos");
      Path out = dir.resolve("out");
      // ---- as in the README, with the emulator's URL and the temporary folders ----
      try (ImageEditClient client = ImageEdits.builder()
          .provider("acedata").apiKey(token).baseUrl(emulator.baseUrl().toString())
          .maxConcurrentEdits(4)                      // or leave the adaptive limit on
          .maxQueuedEdits(1_000)
          .flowListener(new FlowListener() {
            @Override public void onLimitChanged(String provider, int limit) {
              System.out.println(provider + " runs " + limit + " edits at once");
            }
          })
          .build()) {
        List<Path> photos;
        try (Stream<Path> files = Files.list(folder)) {
          photos = files.sorted().toList();
        }
        client.editAll(photos.stream().map(photo -> EditRequest.builder()
                .model("gpt-image-1").prompt("Put the product on a white background").image(photo).build())
                .toList(),
            (index, request, result, failure) -> {
              if (failure != null) {
                System.err.println(photos.get((int) index) + ": " + failure.getMessage());
              } else {
                try (result) {
                  client.save(result.images().get(0), out, "photo-" + index);
                }
              }
            });
      }
      // ----
      try (Stream<Path> saved = Files.list(out)) {
        assertThat(saved.count()).isEqualTo(20);
      }
      assertThat(emulator.refusedCount()).isZero();
      assertThat(emulator.peakConcurrency()).isLessThanOrEqualTo(4);
    }
  }
}
