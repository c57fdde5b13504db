package io.github.imageedits.benchmarks;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.client.ImageEdits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** This library, used as its README shows: the facade, provider "acedata", the stub as base URL. */
public final class ImageEditsBench implements BenchClient {
  private final ImageEditClient client;

  private ImageEditsBench(String stubRoot) {
    ImageEdits.Builder builder = ImageEdits.builder().provider("acedata").apiKey(API_KEY).baseUrl(stubRoot);
    // Workload (g) asks for 1,000 edits in flight: the user says so with a fixed concurrency;
    // without it the adaptive limit would have to grow there from 10.
    String concurrency = System.getProperty("bench.maxConcurrentEdits");
    if (concurrency != null) builder.maxConcurrentEdits(Integer.parseInt(concurrency));
    client = builder.build();
  }

  public static void main(String[] args) {
    Driver.run(args, ImageEditsBench::new);
  }

  @Override
  public long editSmall(Path image) {
    try (EditResult result = client.edit(request().image(image).build())) {
      return result.images().get(0).data().bytes().length;
    }
  }

  @Override
  public int editMany(List<Path> images) {
    EditRequest.Builder request = request();
    images.forEach(request::image);
    try (EditResult result = client.edit(request.build())) {
      return result.images().size();
    }
  }

  @Override
  public Path editToFile(Path image, Path folder) throws Exception {
    // Closing the result deletes its temporary file; the saved copy stays.
    try (EditResult result = client.edit(request().image(image).build())) {
      return client.save(result.images().get(0), folder, "result");
    }
  }

  @Override
  public int[] editAsyncAll(Path image, int count) {
    EditRequest request = request().image(image).build();
    List<CompletableFuture<EditResult>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) futures.add(client.editAsync(request));
    int done = 0;
    for (CompletableFuture<EditResult> future : futures) {
      try (EditResult result = future.join()) {
        done++;
      } catch (RuntimeException e) {
        // counted as failed
      }
    }
    return new int[] {done, count - done};
  }

  private static EditRequest.Builder request() {
    return EditRequest.builder().model(MODEL).prompt(PROMPT);
  }

  @Override
  public void close() {
    client.close();
  }
}
