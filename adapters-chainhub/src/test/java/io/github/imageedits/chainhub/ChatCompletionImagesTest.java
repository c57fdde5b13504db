package io.github.imageedits.chainhub;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.EditedImage;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ChainHub chat-completion content")
class ChatCompletionImagesTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  @Test
  @DisplayName("a markdown image gives its link, without the closing parenthesis")
  void markdownImage() {
    List<EditedImage> images = ChainHub.imagesIn(
        "Here is your edit:\n\n![image](https://cdn.example.com/a/b.png)\n");
    assertThat(images).extracting(EditedImage::url).containsExactly("https://cdn.example.com/a/b.png");
  }

  @Test
  @DisplayName("plain links count once each, and a sentence's full stop is not part of a link")
  void plainLinks() {
    List<EditedImage> images = ChainHub.imagesIn(
        "Done: https://x.example/1.png. Also https://x.example/2.webp and again https://x.example/1.png");
    assertThat(images).extracting(EditedImage::url)
        .containsExactly("https://x.example/1.png", "https://x.example/2.webp");
  }

  @Test
  @DisplayName("a data URI becomes image data, decoded")
  void dataUri() {
    String b64 = Base64.getEncoder().encodeToString(PNG_SIGNATURE);
    List<EditedImage> images = ChainHub.imagesIn("![edit](data:image/png;base64," + b64 + ")");
    assertThat(images).hasSize(1);
    assertThat(images.get(0).url()).isNull();
    assertThat(images.get(0).data().bytes()).isEqualTo(PNG_SIGNATURE);
  }

  @Test
  @DisplayName("the documented example reply (a greeting) carries no image")
  void greetingHasNoImage() {
    assertThat(ChainHub.imagesIn("\n\nHello there, how may I assist you today?")).isEmpty();
  }
}
