package io.github.imageedits.emulator;

import static io.github.imageedits.spi.JsonTree.bool;
import static io.github.imageedits.spi.JsonTree.list;
import static io.github.imageedits.spi.JsonTree.object;
import static io.github.imageedits.spi.JsonTree.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Image parts that do not say they are images: what the official OpenAI SDKs send for a plain file
 * stream (application/octet-stream), and a part with no Content-Type at all.
 */
@DisplayName("Untyped image parts")
class UntypedPartsTest {
  private static final Wire wire = new Wire();
  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

  @AfterAll
  static void closeWire() {
    wire.close();
  }

  /** A part with no Content-Type header: OkHttp's form parts always carry one, so build it by hand. */
  private static MultipartBody.Part untyped(String name, String filename, byte[] bytes) {
    return MultipartBody.Part.create(
        okhttp3.Headers.of("Content-Disposition", "form-data; name=\"" + name + "\"; filename=\"" + filename + "\""),
        RequestBody.create(bytes, (MediaType) null));
  }

  private static Wire.Answer aceData(ProviderEmulator emulator, java.util.function.Consumer<MultipartBody.Builder> images)
      throws IOException {
    URI edits = emulator.baseUrl().resolve("/openai/images/edits");
    return wire.multipart(edits, emulator.token(), form -> {
      form.addFormDataPart("model", "gpt-image-1").addFormDataPart("prompt", "p");
      images.accept(form);
    });
  }

  @Test
  @DisplayName("are read by their bytes by default: PNG and JPEG as octet-stream, a PNG with no type, an untyped mask")
  void readByTheirBytes() throws Exception {
    try (ProviderEmulator emulator = ProviderEmulator.builder().build()) {
      emulator.start();
      byte[] png = Wire.png(32, 32, Color.BLUE);
      byte[] jpeg = Wire.encode(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "jpeg");

      Wire.Answer answer = aceData(emulator, form -> form
          .addFormDataPart("image[]", "a.png", RequestBody.create(png, OCTET_STREAM))
          .addFormDataPart("image[]", "b.jpg", RequestBody.create(jpeg, OCTET_STREAM))
          .addPart(untyped("image[]", "c.png", png))
          .addPart(untyped("mask", "mask.png", Wire.leftHalfMask(32, 32))));

      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      assertThat(bool(answer.json(), "success")).isTrue();
      assertThat(list(answer.json(), "data")).hasSize(1);
      ReceivedEdit received = emulator.receivedEdits().get(0);
      assertThat(received.files()).extracting(ReceivedEdit.Part::contentType)
          .containsExactly("application/octet-stream", "application/octet-stream", "", "");
    }
  }

  @Test
  @DisplayName("are read by their bytes by ChainHub too")
  void chainHub() throws Exception {
    try (ProviderEmulator emulator = ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.CHAINHUB).build()) {
      URI edits = emulator.start().resolve("/v1/images/edits");
      Wire.Answer answer = wire.multipart(edits, emulator.token(), form -> form
          .addFormDataPart("model", "gpt-image-1").addFormDataPart("prompt", "p")
          .addFormDataPart("image", "a.png", RequestBody.create(Wire.png(16, 16, Color.RED), OCTET_STREAM)));
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("that hold no image are still refused, naming the type sent")
  void notAnImage() throws Exception {
    try (ProviderEmulator emulator = ProviderEmulator.builder().build()) {
      emulator.start();
      Wire.Answer answer = aceData(emulator, form -> form
          .addFormDataPart("image", "notes.txt", RequestBody.create("just text".getBytes(), OCTET_STREAM)));
      AceDataEmulatorTest.assertError(answer, 400, "bad_request",
          "Invalid file 'image': unsupported mimetype ('application/octet-stream')");
    }
  }

  @Test
  @DisplayName("are refused with strictPartTypes, as OpenAI did in 2025 (openai-node issue 1468)")
  void strict() throws Exception {
    try (ProviderEmulator emulator = ProviderEmulator.builder().strictPartTypes(true).build()) {
      emulator.start();
      byte[] png = Wire.png(32, 32, Color.BLUE);
      Wire.Answer octet = aceData(emulator, form -> form
          .addFormDataPart("image", "a.png", RequestBody.create(png, OCTET_STREAM)));
      Wire.Answer none = aceData(emulator, form -> form.addPart(untyped("image", "a.png", png)));
      Wire.Answer mask = aceData(emulator, form -> form
          .addFormDataPart("image", "a.png", Wire.part(png))
          .addFormDataPart("mask", "mask.png", RequestBody.create(Wire.leftHalfMask(32, 32), OCTET_STREAM)));
      Wire.Answer typed = aceData(emulator, form -> form.addFormDataPart("image", "a.png", Wire.part(png)));

      AceDataEmulatorTest.assertError(octet, 400, "bad_request", "Invalid file 'image': unsupported mimetype"
          + " ('application/octet-stream'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.");
      AceDataEmulatorTest.assertError(none, 400, "bad_request", "unsupported mimetype ('none')");
      AceDataEmulatorTest.assertError(mask, 400, "bad_request", "Invalid file 'mask': unsupported mimetype");
      assertThat(typed.status()).as(typed.text()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("are refused by a strict ChainHub in the OpenAI error shape")
  void strictChainHub() throws Exception {
    try (ProviderEmulator emulator = ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.CHAINHUB)
        .strictPartTypes(true).build()) {
      URI edits = emulator.start().resolve("/v1/images/edits");
      Wire.Answer answer = wire.multipart(edits, emulator.token(), form -> form
          .addFormDataPart("model", "gpt-image-1").addFormDataPart("prompt", "p")
          .addFormDataPart("image", "a.png", RequestBody.create(Wire.png(16, 16, Color.RED), OCTET_STREAM)));
      assertThat(answer.status()).isEqualTo(400);
      assertThat(string(object(answer.json(), "error"), "message")).contains("unsupported mimetype");
    }
  }
}
