package io.github.imageedits.langchain4j.readme;

import dev.langchain4j.data.image.Image;
import dev.langchain4j.model.image.ImageModel;
import dev.langchain4j.model.output.Response;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.langchain4j.ImageEditsImageModel;

/**
 * The README's LangChain4j section, compiled with this module's tests (the examples module's
 * ReadmeSnippetsTest checks that the README quotes it exactly, imports included). Its behaviour is
 * tested against the emulator by ImageEditsImageModelTest.
 */
final class ReadmeExample {
  private ReadmeExample() {}

  static void edit(String token, String base64Png) {
    // README: langchain4j
    try (ImageEditClient client = ImageEdits.builder().provider("acedata").apiKey(token).build()) {
      ImageModel model = ImageEditsImageModel.builder(client).model("gpt-image-1").build();
      Image photo = Image.builder().base64Data(base64Png).mimeType("image/png").build();
      Response<Image> edited = model.edit(photo, "Put a red scarf on the cat");
      String png = edited.content().base64Data();   // inline data; a model that links gives url()
    }
    // END
  }
}
