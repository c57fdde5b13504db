package io.github.imageedits.examples;

// README: quick-start
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.client.ImageEdits;
import java.io.IOException;
import java.nio.file.Path;

public final class QuickStart {
  // java QuickStart acedata ACEDATA_API_TOKEN                 (AceData's own API)
  // java QuickStart chainhub CHAINHUB_API_KEY                 (the same request on ChainHub)
  // java QuickStart acedata EMULATOR_TOKEN http://127.0.0.1:8765   (./imageedit emulator)
  public static void main(String[] args) throws IOException {
    String provider = args[0];
    String apiKey = System.getenv(args[1]);
    String baseUrl = args.length > 2 ? args[2] : null;
    Path saved = editHouse(provider, apiKey, baseUrl, Path.of("examples/house.png"), Path.of("out"));
    System.out.println(saved);  // out/house-blue.png
  }

  public static Path editHouse(String provider, String apiKey, String baseUrl, Path image, Path folder)
      throws IOException {
    ImageEdits.Builder builder = ImageEdits.builder().provider(provider).apiKey(apiKey);
    if (baseUrl != null) builder.baseUrl(baseUrl);  // else the provider's own API
    try (ImageEditClient client = builder.build();
        EditResult result = client.edit(EditRequest.builder()
            .model("gpt-image-1")
            .prompt("Paint the roof blue")
            .image(image)
            .build())) {
      return client.save(result.images().get(0), folder, "house-blue");
    }
  }
}
// END
