package io.github.imageedits.benchmarks;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.client.ImageEdits;
import java.nio.file.Path;
import java.util.List;

/** This library, used as its README shows: the facade, provider "acedata", the stub as base URL. */
public final class ImageEditsBench implements BenchClient {
  private final ImageEditClient client;

  private ImageEditsBench(String stubRoot) {
    client = ImageEdits.builder().provider("acedata").apiKey(API_KEY).baseUrl(stubRoot).build();
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

  private static EditRequest.Builder request() {
    return EditRequest.builder().model(MODEL).prompt(PROMPT);
  }

  @Override
  public void close() {
    client.close();
  }
}
