package io.github.imageedits.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.image.Image;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.image.ImageModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageSize;
import io.github.imageedits.ValidationException;
import io.github.imageedits.Violation;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.emulator.ReceivedEdit;
import io.github.imageedits.testkit.EmulatorExtension;
import io.github.imageedits.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageEditsImageModel} over a real client, real HTTP on loopback and the AceData emulator,
 * with PNGs drawn and read back by {@code javax.imageio}.
 */
@DisplayName("LangChain4j ImageModel over imageedits, against the AceData emulator")
class ImageEditsImageModelTest {
  @RegisterExtension
  static final EmulatorExtension EMULATOR = EmulatorExtension.aceData();

  private static final String PROMPT = "Put a red scarf on the cat";

  @TempDir Path dir;

  private final ImageEditClient client = ImageEdits.builder().provider("acedata")
      .apiKey(EMULATOR.token()).baseUrl(EMULATOR.baseUrl().toString()).build();

  @AfterEach
  void closeClient() {
    client.close();
  }

  private ImageEditsImageModel model(String id) {
    return ImageEditsImageModel.builder(client).model(id).build();
  }

  private static Image base64Png(byte[] png) {
    return Image.builder().base64Data(Base64.getEncoder().encodeToString(png)).mimeType("image/png").build();
  }

  private static ReceivedEdit onlyEdit(ProviderEmulator emulator) {
    assertThat(emulator.receivedEdits()).hasSize(1);
    return emulator.receivedEdits().get(0);
  }

  private static ReceivedEdit.Part part(ReceivedEdit edit, String name) {
    return edit.files().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no part " + name + " in " + edit.files()));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static BufferedImage read(byte[] bytes) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertThat(image).as("ImageIO reads the bytes as an image").isNotNull();
    return image;
  }

  private static BufferedImage download(URI url) throws IOException {
    try (InputStream in = url.toURL().openStream()) {
      return read(in.readAllBytes());
    }
  }

  /** The fields of the violations {@code call} is refused with. */
  private static List<String> refused(Runnable call) {
    try {
      call.run();
    } catch (ValidationException e) {
      return e.violations().stream().map(Violation::field).toList();
    }
    throw new AssertionError("not refused");
  }

  private static List<Path> spilledFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("imageedits-lc4j-")).toList();
    }
  }

  @Test
  @DisplayName("an image given by URL is sent as a link, and the link in the reply becomes Image.url")
  void urlImage(ProviderEmulator emulator) throws Exception {
    URI hosted = emulator.hostImage(TestImages.pngBytes("cat", 64, 64));

    Response<Image> response = model("gpt-image-2").edit(Image.builder().url(hosted).build(), PROMPT);

    Image edited = response.content();
    assertThat(edited.url()).isNotNull();
    assertThat(edited.url().toString()).startsWith(EMULATOR.baseUrl().toString()).contains("/cdn/");
    assertThat(edited.base64Data()).isNull();
    assertThat(edited.revisedPrompt()).isEqualTo(PROMPT);
    assertThat(download(edited.url()).getWidth()).isPositive();
    assertThat(response.tokenUsage()).as("the emulator reports no usage").isNull();
    assertThat(response.metadata()).containsEntry("provider", "acedata").containsEntry("model", "gpt-image-2");

    ReceivedEdit sent = onlyEdit(emulator);
    assertThat(sent.imageUrls()).containsExactly(hosted.toString());
    assertThat(sent.files()).isEmpty();
    assertThat(sent.field("prompt")).isEqualTo(PROMPT);
  }

  @Test
  @DisplayName("base64 data is sent as the same bytes, and inline data in the reply becomes base64Data and mimeType")
  void base64Image(ProviderEmulator emulator) throws Exception {
    byte[] png = TestImages.pngBytes("cat", 48, 48);

    Response<Image> response = model("gpt-image-1").edit(base64Png(png), PROMPT);

    Image edited = response.content();
    assertThat(edited.url()).isNull();
    assertThat(edited.mimeType()).isEqualTo("image/png");
    assertThat(edited.revisedPrompt()).isEqualTo(PROMPT);
    BufferedImage decoded = read(Base64.getDecoder().decode(edited.base64Data()));
    assertThat(decoded.getWidth()).isPositive();

    ReceivedEdit.Part image = part(onlyEdit(emulator), "image");
    assertThat(image.sha256()).isEqualTo(sha256(png));
    assertThat(image.filename()).isEqualTo("image.png");
    assertThat(image.contentType()).isEqualTo("image/png");
  }

  @Test
  @DisplayName("a mask is sent as the mask part, byte for byte")
  void mask(ProviderEmulator emulator) throws Exception {
    byte[] png = TestImages.pngBytes("cat", 64, 64);
    byte[] mask = Files.readAllBytes(TestImages.mask(dir, "mask.png", 64, 64));

    Response<Image> response = model("gpt-image-1").edit(base64Png(png), base64Png(mask), PROMPT);

    assertThat(read(Base64.getDecoder().decode(response.content().base64Data())).getWidth()).isPositive();
    ReceivedEdit sent = onlyEdit(emulator);
    assertThat(part(sent, "image").sha256()).isEqualTo(sha256(png));
    assertThat(part(sent, "mask").sha256()).isEqualTo(sha256(mask));
    assertThat(part(sent, "mask").filename()).isEqualTo("mask.png");
  }

  @Test
  @DisplayName("long base64 text with line breaks is decoded to a temporary file, sent whole, then deleted")
  void spilledBase64(ProviderEmulator emulator) throws Exception {
    byte[] png = TestImages.pngBytes("large cat", 256, 256);
    String wrapped = Base64.getMimeEncoder().encodeToString(png);
    assertThat(wrapped).contains("\r\n");
    List<Path> before = spilledFiles();
    ImageEditsImageModel model = model("gpt-image-1").toBuilder().spillChars(1024).build();

    // No declared MIME type: the real format, judged from the bytes, names the part.
    model.edit(Image.builder().base64Data(wrapped).build(), PROMPT);

    ReceivedEdit.Part image = part(onlyEdit(emulator), "image");
    assertThat(image.sha256()).isEqualTo(sha256(png));
    assertThat(image.filename()).startsWith("imageedits-lc4j-").endsWith("-image.png");
    assertThat(spilledFiles()).as("the temporary file is gone once the edit is sent")
        .containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  @DisplayName("a data: URL and a file: URL are read here and sent as image parts")
  void dataAndFileUrls(ProviderEmulator emulator) throws Exception {
    byte[] png = TestImages.pngBytes("cat", 32, 32);
    Path file = TestImages.file(dir, "cat.png", TestImages.pngBytes("file cat", 32, 32));
    ImageEditsImageModel model = model("gpt-image-1");

    model.edit(Image.builder().url("data:image/png;base64," + Base64.getEncoder().encodeToString(png)).build(), PROMPT);
    model.edit(Image.builder().url(file.toUri()).build(), PROMPT);

    List<ReceivedEdit> sent = emulator.receivedEdits();
    assertThat(sent).hasSize(2);
    assertThat(part(sent.get(0), "image").sha256()).isEqualTo(sha256(png));
    assertThat(part(sent.get(1), "image").sha256()).isEqualTo(sha256(Files.readAllBytes(file)));
  }

  @Test
  @DisplayName("the builder's size and quality go on the wire; toBuilder keeps them")
  void sizeAndQuality(ProviderEmulator emulator) throws Exception {
    ImageEditsImageModel model = ImageEditsImageModel.builder(client).model("dall-e-2")
        .size(ImageSize.of(256, 256)).build().toBuilder().build();

    Response<Image> response = model.edit(base64Png(TestImages.pngBytes("cat", 64, 64)), PROMPT);

    assertThat(download(response.content().url()).getWidth()).isEqualTo(256);
    assertThat(onlyEdit(emulator).field("size")).isEqualTo("256x256");
    assertThat(model.model()).isEqualTo("dall-e-2");
    assertThat(model.provider()).isEqualTo("acedata");
  }

  @Test
  @DisplayName("an option the model ignores is dropped and named in the response's warnings")
  void warnings(ProviderEmulator emulator) throws Exception {
    ImageEditsImageModel model = model("nano-banana").toBuilder().size(ImageSize.of(1024, 1024)).build();

    Response<Image> response = model.edit(base64Png(TestImages.pngBytes("cat", 64, 64)), PROMPT);

    assertThat(response.metadata().get("warnings")).asInstanceOf(
            org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
        .singleElement().asString().contains("size").contains("nano-banana");
    assertThat(download(response.content().url()).getWidth()).isPositive();
    assertThat(onlyEdit(emulator).field("size")).isNull();
  }

  @Test
  @DisplayName("n variants go out as n where the model honours n")
  void nVariants(ProviderEmulator emulator) throws Exception {
    Response<List<Image>> response = model("dall-e-2")
        .edit(base64Png(TestImages.pngBytes("cat", 64, 64)), null, PROMPT, 3);

    assertThat(response.content()).hasSize(3);
    for (Image image : response.content()) {
      assertThat(download(image.url()).getWidth()).isPositive();
    }
    assertThat(onlyEdit(emulator).field("n")).isEqualTo("3");
  }

  @Test
  @DisplayName("one variant where the model ignores n: sent without n, no warning")
  void oneVariant(ProviderEmulator emulator) {
    Response<List<Image>> response = model("gpt-image-1")
        .edit(base64Png(TestImages.pngBytes("cat", 64, 64)), null, PROMPT, 1);

    assertThat(response.content()).hasSize(1);
    assertThat(response.metadata()).doesNotContainKey("warnings");
    assertThat(onlyEdit(emulator).field("n")).isNull();
  }

  @Test
  @DisplayName("n variants where the model ignores n: LangChain4j's UnsupportedFeatureException, nothing sent")
  void nIgnored(ProviderEmulator emulator) {
    ImageEditsImageModel model = model("gpt-image-1");
    Image image = base64Png(TestImages.pngBytes("cat", 64, 64));

    assertThatThrownBy(() -> model.edit(image, null, PROMPT, 2))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessageContaining("gpt-image-1").hasMessageContaining("does not honour n");
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  @DisplayName("generate is not offered: LangChain4j's UnsupportedFeatureException, not the default's IllegalArgumentException")
  void generateUnsupported(ProviderEmulator emulator) {
    ImageModel model = model("gpt-image-1");

    assertThatThrownBy(() -> model.generate("A cat in a scarf"))
        .isInstanceOf(UnsupportedFeatureException.class)
        .isNotInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("acedata").hasMessageContaining("edit(image, prompt)");
    assertThatThrownBy(() -> model.generate("A cat in a scarf", 2))
        .isInstanceOf(UnsupportedFeatureException.class);
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  @DisplayName("bad input is refused with imageedits' ValidationException before anything is sent")
  void badInputNothingSent(ProviderEmulator emulator) {
    ImageEditsImageModel dallE = model("dall-e-2");
    Image png = base64Png(TestImages.pngBytes("cat", 64, 64));
    Image notAnImage = Image.builder()
        .base64Data(Base64.getEncoder().encodeToString("plain text".getBytes(StandardCharsets.UTF_8)))
        .mimeType("image/png").build();

    assertThat(refused(() -> dallE.edit(png, "x".repeat(1001)))).containsExactly("prompt");
    assertThat(refused(() -> dallE.edit(png, null, PROMPT, 11))).containsExactly("n");
    assertThat(refused(() -> dallE.edit(png, null, PROMPT, 0))).containsExactly("n");
    assertThat(refused(() -> dallE.edit(notAnImage, PROMPT))).containsExactly("image[0]");
    assertThat(refused(() -> dallE.edit(Image.builder().build(), PROMPT))).containsExactly("image[0]");
    assertThat(refused(() -> model("gpt-image-1").edit(png, Image.builder().revisedPrompt("no data").build(), PROMPT)))
        .containsExactly("mask");
    // One character after the last full group of four cannot be decoded.
    assertThatThrownBy(() -> dallE.edit(Image.builder().base64Data("iVBORw0KG").build(), PROMPT))
        .isInstanceOf(ValidationException.class).hasMessageContaining("not base64 text");
    assertThat(refused(() -> dallE.edit(Image.builder().url("data:image/png,not-base64").build(), PROMPT)))
        .containsExactly("image[0]");
    assertThat(refused(() -> dallE.edit(Image.builder().url("ftp://example.com/cat.png").build(), PROMPT)))
        .containsExactly("image[0]");
    assertThatThrownBy(() -> dallE.edit(Image.builder().build(), PROMPT))
        .hasMessageContaining("a LangChain4j Image with base64Data, or a url")
        .hasMessageContaining("nothing was sent");
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  @DisplayName("usage in the provider's reply becomes the response's TokenUsage")
  void usage() throws Exception {
    byte[] png = TestImages.pngBytes("result", 16, 16);
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder()
          .setHeader("Content-Type", "application/json")
          .setHeader("x-request-id", "req-42")
          .body("{\"created\":1,\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(png)
              + "\"}],\"usage\":{\"input_tokens\":50,\"output_tokens\":4160,\"total_tokens\":4210}}")
          .build());
      server.start();
      try (ImageEditClient aceData = ImageEdits.builder().provider("acedata").apiKey("test-token")
          .baseUrl(server.url("/").toString()).build()) {
        Response<Image> response = ImageEditsImageModel.builder(aceData).model("gpt-image-1").build()
            .edit(base64Png(TestImages.pngBytes("cat", 16, 16)), PROMPT);

        assertThat(response.tokenUsage()).isEqualTo(new TokenUsage(50, 4160, 4210));
        assertThat(response.metadata()).containsEntry("requestId", "req-42");
        assertThat(Base64.getDecoder().decode(response.content().base64Data())).isEqualTo(png);
      }
      RecordedRequest request = server.takeRequest();
      assertThat(request.getTarget()).endsWith("/images/edits");
    }
  }
}
