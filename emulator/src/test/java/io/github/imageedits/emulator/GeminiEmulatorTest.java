package io.github.imageedits.emulator;

import static io.github.imageedits.spi.JsonTree.list;
import static io.github.imageedits.spi.JsonTree.number;
import static io.github.imageedits.spi.JsonTree.object;
import static io.github.imageedits.spi.JsonTree.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Gemini emulator")
class GeminiEmulatorTest {
  private static final String KEY = "gemini-test-key";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY).build();

  private record Answer(int status, Object json) {}

  private static Answer post(URI base, String model, String key, Map<String, Object> body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/v1beta/models/" + model + ":generateContent"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    if (key != null) request.header("x-goog-api-key", key);
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), Json.parse(response.body()));
  }

  private static Map<String, Object> body(String prompt, Map<String, Object> imageConfig, byte[]... images) {
    List<Object> parts = new java.util.ArrayList<>();
    parts.add(Map.of("text", prompt));
    for (byte[] image : images) {
      parts.add(Map.of("inlineData", Map.of("mimeType", "image/png", "data", Base64.getEncoder().encodeToString(image))));
    }
    Map<String, Object> generation = new LinkedHashMap<>();
    generation.put("responseModalities", List.of("TEXT", "IMAGE"));
    if (imageConfig != null) generation.put("imageConfig", imageConfig);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("contents", List.of(Map.of("role", "user", "parts", parts)));
    body.put("generationConfig", generation);
    return body;
  }

  private static ProviderEmulator gemini() {
    return ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.GEMINI).token(KEY).build();
  }

  @Test
  @DisplayName("answers an edit with an inlineData image in the requested aspect ratio and size, usage and a response id, and records it")
  void edit() throws Exception {
    try (ProviderEmulator emulator = gemini()) {
      URI base = emulator.start();
      byte[] input = Wire.png(40, 24, Color.MAGENTA);
      Answer answer = post(base, "gemini-3-pro-image-preview", KEY,
          body("Put a red scarf on the cat", Map.of("aspectRatio", "16:9", "imageSize", "1K"), input, input));

      assertThat(answer.status()).as("%s", answer.json()).isEqualTo(200);
      Object candidate = list(answer.json(), "candidates").get(0);
      assertThat(string(candidate, "finishReason")).isEqualTo("STOP");
      List<Object> parts = list(object(candidate, "content"), "parts");
      assertThat(string(parts.get(0), "text")).isNotBlank();
      Map<String, Object> inline = object(parts.get(1), "inlineData");
      assertThat(string(inline, "mimeType")).isEqualTo("image/png");
      BufferedImage result = Wire.decode(Base64.getDecoder().decode(string(inline, "data")));
      assertThat((double) result.getWidth() / result.getHeight()).isCloseTo(16.0 / 9, org.assertj.core.data.Offset.offset(0.05));
      assertThat((long) result.getWidth() * result.getHeight()).isBetween(900_000L, 1_200_000L);
      Map<String, Object> usage = object(answer.json(), "usageMetadata");
      assertThat(number(usage, "totalTokenCount")).isEqualTo(number(usage, "promptTokenCount") + number(usage, "candidatesTokenCount"));
      assertThat(string(answer.json(), "responseId")).isNotBlank();

      ReceivedEdit received = emulator.receivedEdits().get(0);
      assertThat(received.path()).isEqualTo("/v1beta/models/gemini-3-pro-image-preview:generateContent");
      assertThat(received.fields()).containsEntry("model", "gemini-3-pro-image-preview")
          .containsEntry("prompt", "Put a red scarf on the cat").containsEntry("aspectRatio", "16:9")
          .containsEntry("imageSize", "1K");
      assertThat(received.files()).hasSize(2);
      assertThat(received.files().get(0).sha256()).isEqualTo(EditForm.sha256(input));
      assertThat(received.headers().get("x-goog-api-key")).isEqualTo("<redacted>");
    }
  }

  @Test
  @DisplayName("answers a wrong key with Google's 400 API_KEY_INVALID, and an unknown model with 404 NOT_FOUND")
  void documentedErrors() throws Exception {
    try (ProviderEmulator emulator = gemini()) {
      URI base = emulator.start();
      byte[] input = Wire.png(16, 16, Color.BLUE);
      Answer wrongKey = post(base, "gemini-2.5-flash-image", "nope", body("p", null, input));
      assertThat(wrongKey.status()).isEqualTo(400);
      assertThat(string(object(wrongKey.json(), "error"), "status")).isEqualTo("INVALID_ARGUMENT");
      assertThat(string(list(object(wrongKey.json(), "error"), "details").get(0), "reason")).isEqualTo("API_KEY_INVALID");

      Answer unknown = post(base, "imagen-9", KEY, body("p", null, input));
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(string(object(unknown.json(), "error"), "status")).isEqualTo("NOT_FOUND");

      Answer tooMany = post(base, "gemini-2.5-flash-image", KEY, body("p", null, input, input, input, input));
      assertThat(tooMany.status()).isEqualTo(400);
      assertThat(string(object(tooMany.json(), "error"), "message")).contains("at most 3");

      Answer badRatio = post(base, "gemini-3-pro-image", KEY, body("p", Map.of("aspectRatio", "7:4"), input));
      assertThat(badRatio.status()).isEqualTo(400);

      emulator.enqueueFault(Fault.status(429));
      Answer limited = post(base, "gemini-2.5-flash-image", KEY, body("p", null, input));
      assertThat(limited.status()).isEqualTo(429);
      assertThat(string(object(limited.json(), "error"), "status")).isEqualTo("RESOURCE_EXHAUSTED");
      assertThat(number(object(limited.json(), "error"), "code")).isEqualTo(429.0);
    }
  }

  @Test
  @DisplayName("blocks a prompt with promptFeedback, and withholds an image with finishReason IMAGE_SAFETY")
  void safety() throws Exception {
    try (ProviderEmulator emulator = gemini()) {
      URI base = emulator.start();
      byte[] input = Wire.png(16, 16, Color.BLUE);
      Answer blocked = post(base, "gemini-2.5-flash-image", KEY, body("do it #blocked", null, input));
      assertThat(blocked.status()).isEqualTo(200);
      assertThat(string(object(blocked.json(), "promptFeedback"), "blockReason")).isEqualTo("PROHIBITED_CONTENT");
      assertThat(list(blocked.json(), "candidates")).isEmpty();

      Answer withheld = post(base, "gemini-2.5-flash-image", KEY, body("do it #image-safety", null, input));
      Object candidate = list(withheld.json(), "candidates").get(0);
      assertThat(string(candidate, "finishReason")).isEqualTo("IMAGE_SAFETY");
      assertThat(list(object(candidate, "content"), "parts")).hasSize(1);
    }
  }

  @Test
  @DisplayName("EmulatorMain --dialect gemini serves the dialect and prints how to point imageedit at it")
  void standalone() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    List<ProviderEmulator> started = EmulatorMain.start(new String[] {"--port", "0", "--dialect", "gemini"},
        new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertThat(started).singleElement().extracting(ProviderEmulator::dialect).isEqualTo(ProviderEmulator.Dialect.GEMINI);
      URI base = started.get(0).baseUrl();
      assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
          .contains("Gemini emulator", ":generateContent", "--provider gemini --base-url " + base);
      Answer answer = post(base, "gemini-2.5-flash-image", started.get(0).token(),
          body("p", Map.of("aspectRatio", "1:1"), Wire.png(16, 16, Color.RED)));
      assertThat(answer.status()).isEqualTo(200);
    } finally {
      started.forEach(ProviderEmulator::close);
    }
    assertThat(EmulatorMain.usage()).contains("gemini");
  }
}
