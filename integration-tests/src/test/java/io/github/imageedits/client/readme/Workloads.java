package io.github.imageedits.client.readme;

import io.github.imageedits.EditRequest;
import io.github.imageedits.FlowListener;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.client.ImageEdits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The README's "Workloads" example (quoted there exactly, which the examples module's
 * ReadmeSnippetsTest checks); ReadmeWorkloadsTest runs it against the emulator's limits.
 */
public final class Workloads {
  private Workloads() {}

  public static void run(String token, String baseUrl, Path folder, Path out) throws Exception {
    // README: workloads
    try (ImageEditClient client = ImageEdits.builder()
        .provider("acedata").apiKey(token).baseUrl(baseUrl)
        .maxConcurrentEdits(16)                     // or leave the adaptive limit on
        .maxQueuedEdits(1_000)
        .flowListener(new FlowListener() {
          @Override public void onLimitChanged(String provider, int limit) {
            System.out.println(provider + " runs " + limit + " edits at once");
          }
        })
        .build()) {
      // The batch API: requests are taken from the iterable only as room frees (at most 256
      // outstanding), and each outcome reaches the listener as it completes, one call at a time.
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
    // END
  }
}
