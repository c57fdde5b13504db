package io.github.imageedits.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.testkit.TestImages;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A base URL written OpenAI-SDK style, ending in {@code /v1}, reaches {@code /v1/images/edits} once. */
@DisplayName("OpenAI base URLs")
class OpenAiBaseUrlTest {
  @TempDir Path dir;

  @Test
  @DisplayName("…/v1 (the OpenAI SDKs' base URL), with or without a gateway prefix, is not doubled")
  void v1Suffix() throws Exception {
    EditRequest request = EditRequest.builder().model("gpt-image-1").prompt("Add a red scarf")
        .image(TestImages.png(dir, "cat.png", 32, 32)).build();
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      for (String base : new String[] {"/v1", "/proxy/v1/", "/"}) {
        server.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
            .body("{\"created\":1,\"data\":[{\"url\":\"https://cdn.example/x.png\"}]}").build());
        try (ImageEditClient client = ImageEdits.builder().provider(OpenAi.NAME).apiKey("sk-test")
            .baseUrl(server.url(base).toString()).retryPolicy(RetryPolicy.none()).build()) {
          client.edit(request);
        }
      }
      assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/images/edits");
      assertThat(server.takeRequest().getTarget()).isEqualTo("/proxy/v1/images/edits");
      assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/images/edits");
    }
  }
}
