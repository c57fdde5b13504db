package io.github.imageedits.client;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link GeminiLargeTest} with a small heap: one Gemini edit whose input
 * image is 50 MB (sent as inline base64) and whose result decodes to 30 MiB (read as inline
 * base64), saved with {@code client.save}. Prints the saved file and the peak heap use; exit code 0
 * means every step succeeded.
 *
 * <p>Arguments: the base URL, the input image, the output folder.
 */
public final class GeminiLargeMain {
  private GeminiLargeMain() {}

  public static void main(String[] args) throws Exception {
    // A model id the table does not list keeps the permissive limits (images under 50 MiB).
    EditRequest request = EditRequest.builder().model("gemini-large-test").prompt("make it large")
        .image(Path.of(args[1])).build();
    try (ImageEditClient client = ImageEdits.builder()
        .provider("gemini").apiKey("large-gemini-key").baseUrl(args[0]).build()) {
      Path saved;
      try (EditResult result = client.edit(request)) {
        saved = client.save(result.images().get(0), Path.of(args[2]), "large");
      }
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
      }
      System.out.println("saved=" + saved + " peakHeapBytes=" + peak
          + " maxHeapBytes=" + Runtime.getRuntime().maxMemory());
    }
  }
}
