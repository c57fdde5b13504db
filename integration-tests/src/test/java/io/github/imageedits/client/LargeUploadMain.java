package io.github.imageedits.client;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Run in a separate JVM by {@link LargeUploadTest} with a small heap: edits all files of a folder
 * through the facade and prints the peak heap use. Exit code 0 means the edit succeeded.
 */
public final class LargeUploadMain {
  private LargeUploadMain() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    List<Path> images;
    try (Stream<Path> files = Files.list(Path.of(args[1]))) {
      images = files.sorted().toList();
    }
    EditRequest.Builder request = EditRequest.builder().model("gpt-image-1").prompt("combine them");
    images.forEach(request::image);
    try (ImageEditClient client = ImageEdits.builder()
        .provider("acedata").apiKey("large-upload-key").baseUrl(baseUrl).build()) {
      EditResult result = client.edit(request.build());
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
      }
      System.out.println("images=" + result.images().size() + " task=" + result.taskId()
          + " peakHeapBytes=" + peak
          + " maxHeapBytes=" + Runtime.getRuntime().maxMemory());
    }
  }
}
