package io.github.imageedits.spring;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import java.nio.file.Path;
import org.springframework.stereotype.Service;

/**
 * The README's Spring Boot example (the examples module's ReadmeSnippetsTest checks that the README
 * quotes it exactly, imports included), run by CallbackRoundTripApplicationTest.
 */
// README: spring-boot
@Service
public class Thumbnails {
  private final ImageEditClient client;

  public Thumbnails(ImageEditClient client) {
    this.client = client;
  }

  public EditResult addScarf(Path photo) {
    return client.edit(EditRequest.builder()
        .model("gpt-image-1").prompt("Add a red scarf").image(photo).build());
  }
}
// END
