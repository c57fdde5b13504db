package io.github.imageedits.emulator;

import static io.github.imageedits.spi.JsonTree.list;
import static io.github.imageedits.spi.JsonTree.number;
import static io.github.imageedits.spi.JsonTree.object;
import static io.github.imageedits.spi.JsonTree.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The ChainHub emulator")
class ChainHubEmulatorTest {
  private static final String TOKEN = "chainhub-test-key";
  private static final Pattern MARKDOWN_LINK =
      Pattern.compile("!\\[image]\\((http://127\\.0\\.0\\.1:\\d+/cdn/[0-9a-f-]+_0\\.png)\\)");
  private static final Wire wire = new Wire();

  @AfterAll
  static void closeWire() {
    wire.close();
  }

  private static ProviderEmulator.Builder chainHub() {
    return ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.CHAINHUB).token(TOKEN);
  }

  private static Wire.Answer edit(URI base, String model, String size) throws IOException {
    return wire.multipart(base.resolve("/v1/images/edits"), TOKEN, form -> {
      form.addFormDataPart("model", model)
          .addFormDataPart("prompt", "Combine them into one image")
          .addFormDataPart("n", "1")
          .addFormDataPart("image", "a.png", Wire.part(Wire.png(40, 24, Color.MAGENTA)));
      if (size != null) form.addFormDataPart("size", size);
    });
  }

  @Test
  @DisplayName("answers a chat completion whose content is a markdown image link to its CDN")
  void chatCompletion() throws Exception {
    try (ProviderEmulator emulator = chainHub().build()) {
      URI base = emulator.start();
      Wire.Answer answer = edit(base, "gpt-image-1", "auto");

      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      Map<String, Object> json = object(answer.json());
      assertThat(json).containsOnlyKeys("id", "object", "created", "choices", "usage");
      assertThat(string(json, "id")).startsWith("chatcmpl-");
      assertThat(string(json, "object")).isEqualTo("chat.completion");
      Object choice = list(json, "choices").get(0);
      assertThat(number(choice, "index")).isZero();
      assertThat(string(choice, "finish_reason")).isEqualTo("stop");
      assertThat(string(object(choice, "message"), "role")).isEqualTo("assistant");
      String content = string(object(choice, "message"), "content");
      Matcher link = MARKDOWN_LINK.matcher(content);
      assertThat(link.matches()).as(content).isTrue();
      Map<String, Object> usage = object(json, "usage");
      assertThat(number(usage, "total_tokens"))
          .isEqualTo(number(usage, "prompt_tokens") + number(usage, "completion_tokens"));

      Wire.Answer image = wire.get(link.group(1));
      assertThat(image.header("content-type")).isEqualTo("image/png");
      BufferedImage result = Wire.decode(image.body());
      assertThat(result.getWidth()).isEqualTo(40); // auto: the input's size
      assertThat(result.getHeight()).isEqualTo(24);
    }
  }

  @Test
  @DisplayName("carries the image as a data URI when built so")
  void dataUri() throws Exception {
    try (ProviderEmulator emulator = chainHub().chainHubDataUris(true).build()) {
      Wire.Answer answer = edit(emulator.start(), "flux-kontext-pro", "96x64");

      String content = string(object(list(answer.json(), "choices").get(0), "message"), "content");
      Matcher data = Pattern.compile("!\\[image]\\(data:image/png;base64,([A-Za-z0-9+/=]+)\\)").matcher(content);
      assertThat(data.matches()).as(content).isTrue();
      BufferedImage result = Wire.decode(Base64.getDecoder().decode(data.group(1)));
      assertThat(result.getWidth()).isEqualTo(96);
      assertThat(result.getHeight()).isEqualTo(64);
    }
  }

  @Test
  @DisplayName("refuses a missing Accept header, a wrong token, a JSON body and an unknown model in OpenAI's error shape")
  void refusals() throws Exception {
    try (ProviderEmulator emulator = chainHub().build()) {
      URI base = emulator.start();
      URI edits = base.resolve("/v1/images/edits");
      OkHttpClient okHttp = new OkHttpClient();
      MultipartBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
          .addFormDataPart("model", "gpt-image-1").addFormDataPart("prompt", "p")
          .addFormDataPart("image", "a.png", Wire.part(Wire.png(8, 8, Color.BLACK))).build();
      int noAcceptStatus;
      String noAcceptBody;
      try (Response response = okHttp.newCall(new Request.Builder().url(edits.toString())
          .header("Authorization", "Bearer " + TOKEN).post(body).build()).execute()) {
        noAcceptStatus = response.code();
        noAcceptBody = response.body().string();
      } finally {
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
      }
      assertThat(noAcceptStatus).isEqualTo(406);
      assertOpenAiError(Json.parse(noAcceptBody), "Accept");

      Wire.Answer wrongToken = wire.multipart(edits, "nope", form -> form.addFormDataPart("prompt", "p"));
      assertThat(wrongToken.status()).isEqualTo(401);
      assertOpenAiError(wrongToken.json(), "token");
      assertThat(string(object(wrongToken.json(), "error"), "code")).isEqualTo("invalid_api_key");

      Wire.Answer json = wire.json(edits, TOKEN, Map.of("model", "gpt-image-1", "prompt", "p", "image", "http://x/y.png"));
      assertThat(json.status()).isEqualTo(400);
      assertOpenAiError(json.json(), "multipart/form-data");

      Wire.Answer model = edit(base, "nano-banana", null);
      assertThat(model.status()).isEqualTo(400);
      assertOpenAiError(model.json(), "nano-banana");

      Wire.Answer size = edit(base, "gpt-image-1", "2048x2048");
      assertThat(size.status()).isEqualTo(400);
      assertOpenAiError(size.json(), "2048x2048");

      assertThat(wire.multipart(base.resolve("/openai/images/edits"), TOKEN, form -> form.addFormDataPart("a", "b"))
          .status()).isEqualTo(404);
      assertThat(emulator.receivedEdits()).extracting(ReceivedEdit::status).containsExactly(406, 401, 400, 400, 400);
    }
  }

  @Test
  @DisplayName("plays faults in OpenAI's error shape")
  void faults() throws Exception {
    try (ProviderEmulator emulator = chainHub().build()) {
      URI base = emulator.start();
      emulator.enqueueFault(Fault.status(429));
      Wire.Answer answer = edit(base, "gpt-image-1", null);
      assertThat(answer.status()).isEqualTo(429);
      assertThat(string(object(answer.json(), "error"), "code")).isEqualTo("rate_limit_exceeded");
      assertThat(edit(base, "gpt-image-1", null).status()).isEqualTo(200);
    }
  }

  private static void assertOpenAiError(Object json, String messagePart) {
    assertThat(object(json)).containsOnlyKeys("error");
    Map<String, Object> error = object(json, "error");
    assertThat(error).containsOnlyKeys("message", "type", "param", "code");
    assertThat(string(error, "message")).contains(messagePart);
    assertThat(string(error, "type")).isNotBlank();
  }
}
