package io.github.imageedits.emulator;

import static io.github.imageedits.spi.JsonTree.list;
import static io.github.imageedits.spi.JsonTree.number;
import static io.github.imageedits.spi.JsonTree.object;
import static io.github.imageedits.spi.JsonTree.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.MultipartBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Azure OpenAI emulator")
class AzureEmulatorTest {
  private static final String TOKEN = "azure-test-key";
  private static final String V1 = "/openai/v1/images/edits?api-version=preview";
  private static final Wire wire = new Wire();

  @AfterAll
  static void closeWire() {
    wire.close();
  }

  private static ProviderEmulator azure() {
    return ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.AZURE).token(TOKEN).build();
  }

  private static Consumer<MultipartBody.Builder> form(String model, String prompt, Map<String, String> fields) {
    return form -> {
      if (model != null) form.addFormDataPart("model", model);
      form.addFormDataPart("prompt", prompt)
          .addFormDataPart("image", "a.png", Wire.part(Wire.png(40, 24, Color.ORANGE)));
      fields.forEach(form::addFormDataPart);
    };
  }

  private static Wire.Answer edit(URI base, String pathAndQuery, Consumer<MultipartBody.Builder> form) throws IOException {
    return wire.multipart(URI.create(base + pathAndQuery), "api-key", TOKEN, form);
  }

  private static void assertAzureError(Wire.Answer answer, int status, String code, String message) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    Map<String, Object> json = object(answer.json());
    assertThat(json).containsOnlyKeys("error");
    assertThat(string(object(json, "error"), "code")).isEqualTo(code);
    assertThat(string(object(json, "error"), "message")).contains(message);
    assertThat(answer.header("apim-request-id")).isNotBlank();
  }

  @Test
  @DisplayName("answers the v1 surface with {created, data:[{b64_json}]} and an apim-request-id, the key in api-key")
  void v1Surface() throws Exception {
    try (ProviderEmulator emulator = azure()) {
      URI base = emulator.start();
      Wire.Answer answer = edit(base, V1, form("gpt-image-1", "Add a red scarf", Map.of("size", "1024x1536")));

      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      Map<String, Object> json = object(answer.json());
      assertThat(json).containsOnlyKeys("created", "data");
      assertThat(number(json, "created")).isPositive();
      Object item = list(json, "data").get(0);
      assertThat(object(item)).containsOnlyKeys("b64_json");
      BufferedImage image = Wire.decode(Base64.getDecoder().decode(string(item, "b64_json")));
      assertThat(image.getWidth()).isEqualTo(1024);
      assertThat(image.getHeight()).isEqualTo(1536);
      assertThat(answer.header("apim-request-id")).isNotBlank();

      ReceivedEdit received = emulator.receivedEdits().get(0);
      assertThat(received.authorized()).isTrue();
      assertThat(received.path()).isEqualTo("/openai/v1/images/edits");
      assertThat(received.headers()).containsEntry("api-key", "<redacted>");
      assertThat(received.headers().values()).doesNotContain(TOKEN);
    }
  }

  @Test
  @DisplayName("answers the deployment URL, with an Entra ID bearer token too, and a form without a model")
  void deploymentUrl() throws Exception {
    try (ProviderEmulator emulator = azure()) {
      URI base = emulator.start();
      Wire.Answer answer = wire.multipart(
          URI.create(base + "/openai/deployments/image-editor/images/edits?api-version=2025-04-01-preview"),
          TOKEN, form(null, "Add a red scarf", Map.of()));
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      assertThat(list(answer.json(), "data")).hasSize(1);
      assertThat(emulator.receivedEdits().get(0).authorized()).isTrue();
    }
  }

  @Test
  @DisplayName("refuses as Azure does: no api-version or another path 404, a wrong key 401, an unknown v1 deployment 404")
  void refusals() throws Exception {
    try (ProviderEmulator emulator = azure()) {
      URI base = emulator.start();
      assertAzureError(edit(base, "/openai/v1/images/edits", form("gpt-image-1", "p", Map.of())),
          404, "404", "Resource not found");
      assertAzureError(edit(base, "/openai/images/edits?api-version=preview", form("gpt-image-1", "p", Map.of())),
          404, "404", "Resource not found");
      assertAzureError(wire.multipart(URI.create(base + V1), "api-key", "wrong", form("gpt-image-1", "p", Map.of())),
          401, "401", "Access denied due to invalid subscription key");
      assertAzureError(edit(base, V1, form("my-deployment", "p", Map.of())), 404, "DeploymentNotFound", "my-deployment");
      // The request to another path is no edit, so it is not recorded.
      assertThat(emulator.receivedEdits()).extracting(ReceivedEdit::status).containsExactly(404, 401, 404);
      assertThat(emulator.requestCount()).isEqualTo(4);
    }
  }

  @Test
  @DisplayName("refuses WEBP output, response_format and a WEBP input with 400 BadRequest")
  void azureRules() throws Exception {
    try (ProviderEmulator emulator = azure()) {
      URI base = emulator.start();
      assertAzureError(edit(base, V1, form("gpt-image-1", "p", Map.of("output_format", "webp"))),
          400, "BadRequest", "output_format");
      assertAzureError(edit(base, V1, form("gpt-image-1", "p", Map.of("response_format", "b64_json"))),
          400, "BadRequest", "response_format");
      byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
      assertAzureError(edit(base, V1, form -> form.addFormDataPart("model", "gpt-image-1").addFormDataPart("prompt", "p")
          .addFormDataPart("image", "a.webp", okhttp3.RequestBody.create(webp, okhttp3.MediaType.get("image/webp")))),
          400, "BadRequest", "PNG or JPG");
    }
  }

  @Test
  @DisplayName("refuses a prompt holding the content-filter word as the image API's safety system does")
  void contentFilter() throws Exception {
    try (ProviderEmulator emulator = azure()) {
      URI base = emulator.start();
      Wire.Answer answer = edit(base, V1,
          form("gpt-image-1", "Paint a ContentFilter scene", Map.of()));
      assertThat(answer.status()).isEqualTo(400);
      Map<String, Object> json = object(answer.json());
      assertThat(json).containsOnlyKeys("created", "error");
      assertThat(object(json, "error")).containsExactlyInAnyOrderEntriesOf(Map.of(
          "code", "contentFilter", "message", "Your task failed as a result of our safety system."));
    }
  }

  @Test
  @DisplayName("plays faults in Azure's error body: 429 with code \"429\" and Retry-After, 500 InternalServerError")
  void faults() throws Exception {
    try (ProviderEmulator emulator = azure()) {
      URI base = emulator.start();
      emulator.enqueueFault(Fault.status(429).retryAfter(java.time.Duration.ofSeconds(2)));
      emulator.enqueueFault(Fault.status(500));
      Wire.Answer limited = edit(base, V1, form("gpt-image-1", "p", Map.of()));
      assertAzureError(limited, 429, "429", "HTTP 429");
      assertThat(limited.header("retry-after")).isEqualTo("2");
      assertAzureError(edit(base, V1, form("gpt-image-1", "p", Map.of())), 500, "InternalServerError", "HTTP 500");
      assertThat(edit(base, V1, form("gpt-image-1", "p", Map.of())).status()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("is served standalone with --dialect azure")
  void standalone() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<ProviderEmulator> started = EmulatorMain.start(new String[] {"--dialect", "azure", "--port", "0"},
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      assertThat(started).extracting(ProviderEmulator::dialect).containsExactly(ProviderEmulator.Dialect.AZURE);
      assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Azure emulator:", "--provider azure",
          "api-key: " + ProviderEmulator.DEFAULT_TOKEN);
    } finally {
      started.forEach(ProviderEmulator::close);
    }
  }
}
