package io.github.imageedits.examples;

// README: junit
import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.testkit.EmulatorExtension;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class HouseEditTest {
  @RegisterExtension
  static EmulatorExtension aceData = EmulatorExtension.aceData();   // also chainHub(), gemini()

  @Test
  void paintsTheRoof(@TempDir Path out) throws IOException {
    try (ImageEditClient client = ImageEdits.builder()
        .provider("acedata")
        .apiKey(aceData.token())
        .baseUrl(aceData.baseUrl().toString())
        .build();
        EditResult result = client.edit(EditRequest.builder()
            .model("gpt-image-1")
            .prompt("Paint the roof blue")
            .image(Path.of("house.png"))
            .build())) {
      assertThat(client.save(result.images().get(0), out, "house-blue")).exists();
    }
    assertThat(aceData.emulator().receivedEdits()).singleElement()
        .satisfies(edit -> assertThat(edit.field("prompt")).isEqualTo("Paint the roof blue"));
  }
}
// END
