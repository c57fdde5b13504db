package io.github.imageedits.client;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Run in a separate JVM by {@link LargeResultTest} with a small heap: one edit through the facade
 * whose result (b64_json, or a data URI in chat content) decodes to 60 MiB, saved with
 * {@code client.save}, then the result closed.
 * Prints the saved file, the spill files before and after saving and after closing, and the peak heap use. Exit
 * code 0 means every step succeeded.
 *
 * <p>Arguments: the provider, the base URL, the input image, the output folder. The spill folder is the JVM's
 * {@code java.io.tmpdir}, which the test points at a folder of its own.
 */
public final class LargeResultMain {
  private LargeResultMain() {}

  public static void main(String[] args) throws Exception {
    Path spillDir = Path.of(System.getProperty("java.io.tmpdir"));
    EditRequest request = EditRequest.builder().model("gpt-image-1").prompt("make it large")
        .image(Path.of(args[2])).build();
    try (ImageEditClient client = ImageEdits.builder()
        .provider(args[0]).apiKey("large-result-key").baseUrl(args[1]).build()) {
      Path saved;
      long spilledBefore;
      long spilledSaved;
      try (EditResult result = client.edit(request)) {
        spilledBefore = spillFiles(spillDir);
        saved = client.save(result.images().get(0), Path.of(args[3]), "large");
        spilledSaved = spillFiles(spillDir);
      }
      long spilledAfter = spillFiles(spillDir);
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
      }
      System.out.println("saved=" + saved + " spilledBefore=" + spilledBefore
          + " spilledSaved=" + spilledSaved + " spilledAfter=" + spilledAfter + " peakHeapBytes=" + peak
          + " maxHeapBytes=" + Runtime.getRuntime().maxMemory());
    }
  }

  private static long spillFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("imageedits-")).count();
    }
  }
}
