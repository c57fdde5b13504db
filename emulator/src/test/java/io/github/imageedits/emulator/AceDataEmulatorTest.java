package io.github.imageedits.emulator;

import static io.github.imageedits.spi.JsonTree.bool;
import static io.github.imageedits.spi.JsonTree.get;
import static io.github.imageedits.spi.JsonTree.list;
import static io.github.imageedits.spi.JsonTree.number;
import static io.github.imageedits.spi.JsonTree.object;
import static io.github.imageedits.spi.JsonTree.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The AceData emulator")
class AceDataEmulatorTest {
  private static final String TOKEN = "t0ken-for-tests";
  private static final Wire wire = new Wire();

  private final MutableClock clock = new MutableClock(Instant.parse("2024-07-22T05:34:37Z"));
  private ProviderEmulator emulator;
  private URI base;

  @BeforeEach
  void start() {
    emulator = ProviderEmulator.builder()
        .dialect(ProviderEmulator.Dialect.ACEDATA)
        .token(TOKEN)
        .clock(clock)
        .resultTtl(Duration.ofMinutes(60))
        .callbackDelay(Duration.ofMillis(20))
        .build();
    base = emulator.start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @AfterAll
  static void closeWire() {
    wire.close();
  }

  private URI edits() {
    return base.resolve("/openai/images/edits");
  }

  private Wire.Answer gptImage1(byte[] image, String prompt) throws IOException {
    return wire.multipart(edits(), TOKEN, form -> form
        .addFormDataPart("model", "gpt-image-1")
        .addFormDataPart("prompt", prompt)
        .addFormDataPart("image", "photo.png", Wire.part(image)));
  }

  private static byte[] b64(Object item) {
    return Base64.getDecoder().decode(string(item, "b64_json"));
  }

  @Nested
  @DisplayName("answers GPT image models")
  class Replies {
    @Test
    @DisplayName("gpt-image-1 with {success, task_id, trace_id, created, data:[{revised_prompt, b64_json}], elapsed}")
    void gptImage1Shape() throws Exception {
      Wire.Answer answer = gptImage1(Wire.png(48, 32, Color.GRAY), "add a red hat");

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("content-type")).startsWith("application/json");
      Map<String, Object> json = object(answer.json());
      assertThat(json).containsOnlyKeys("success", "task_id", "trace_id", "created", "data", "elapsed");
      assertThat(bool(json, "success")).isTrue();
      assertThat(string(json, "task_id")).matches("[0-9a-f-]{36}");
      assertThat(answer.header("x-request-id")).isEqualTo(string(json, "trace_id"));
      assertThat(number(json, "created")).isEqualTo(1721626477d);
      assertThat(number(json, "elapsed")).isNotNull();
      List<Object> data = list(json, "data");
      assertThat(data).hasSize(1);
      assertThat(object(data.get(0))).containsOnlyKeys("revised_prompt", "b64_json");
      assertThat(string(data.get(0), "revised_prompt")).isEqualTo("add a red hat");
      BufferedImage result = Wire.decode(b64(data.get(0)));
      assertThat(result.getWidth()).isEqualTo(48); // no size: the input's size
      assertThat(result.getHeight()).isEqualTo(32);
    }

    @Test
    @DisplayName("gpt-image-2 with a url on the emulator's CDN, as AceData's Images Edits guide shows")
    void gptImage2Url() throws Exception {
      Wire.Answer answer = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-2")
          .addFormDataPart("prompt", "dark mode")
          .addFormDataPart("size", "160x96")
          .addFormDataPart("image", "in.png", Wire.part(Wire.png(40, 40, Color.WHITE))));

      assertThat(answer.status()).isEqualTo(200);
      Object item = list(answer.json(), "data").get(0);
      assertThat(object(item)).containsOnlyKeys("revised_prompt", "url");
      String taskId = string(answer.json(), "task_id");
      assertThat(string(item, "url")).isEqualTo(base + "/cdn/" + taskId + "_0.png");

      Wire.Answer image = wire.get(string(item, "url"));
      assertThat(image.status()).isEqualTo(200);
      assertThat(image.header("content-type")).isEqualTo("image/png");
      BufferedImage result = Wire.decode(image.body());
      assertThat(result.getWidth()).isEqualTo(160);
      assertThat(result.getHeight()).isEqualTo(96);
    }

    @Test
    @DisplayName("nano-banana with {created: 0, data:[{url, revised_prompt}]} and a JPEG")
    void nanoBanana() throws Exception {
      Wire.Answer answer = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "nano-banana")
          .addFormDataPart("prompt", "add a green leaf on top of the apple")
          .addFormDataPart("size", "not even a size") // ignored, as documented
          .addFormDataPart("image", "apple.png", Wire.part(Wire.png(40, 40, Color.RED))));

      assertThat(answer.status()).isEqualTo(200);
      Map<String, Object> json = object(answer.json());
      assertThat(json).containsOnlyKeys("created", "data");
      assertThat(number(json, "created")).isZero();
      Object item = list(json, "data").get(0);
      assertThat(object(item)).containsOnlyKeys("url", "revised_prompt");
      assertThat(string(item, "revised_prompt")).isEqualTo("add a green leaf on top of the apple");
      assertThat(string(item, "url")).endsWith(".jpeg");
      Wire.Answer image = wire.get(string(item, "url"));
      assertThat(image.header("content-type")).isEqualTo("image/jpeg");
      assertThat(Wire.decode(image.body()).getWidth()).isEqualTo(40);
    }

    @Test
    @DisplayName("dall-e-2 honours n, response_format and its sizes")
    void dallE2() throws Exception {
      byte[] square = Wire.png(64, 64, Color.BLUE);
      Wire.Answer b64 = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "dall-e-2")
          .addFormDataPart("prompt", "a boat")
          .addFormDataPart("n", "2")
          .addFormDataPart("size", "256x256")
          .addFormDataPart("response_format", "b64_json")
          .addFormDataPart("image", "sea.png", Wire.part(square)));
      Wire.Answer url = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "dall-e-2")
          .addFormDataPart("prompt", "a boat")
          .addFormDataPart("image", "sea.png", Wire.part(square)));

      List<Object> data = list(b64.json(), "data");
      assertThat(data).hasSize(2);
      byte[] first = b64(data.get(0));
      byte[] second = b64(data.get(1));
      assertThat(Wire.decode(first).getWidth()).isEqualTo(256);
      assertThat(first).isNotEqualTo(second); // each variant is tinted differently
      assertThat(object(list(url.json(), "data").get(0))).containsOnlyKeys("url");
    }

    @Test
    @DisplayName("gpt-image-1 ignores n > 1: one image, as documented")
    void nIgnored() throws Exception {
      Wire.Answer answer = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-1")
          .addFormDataPart("prompt", "p")
          .addFormDataPart("n", "4")
          .addFormDataPart("image", "a.png", Wire.part(Wire.png(8, 8, Color.BLACK))));
      assertThat(list(answer.json(), "data")).hasSize(1);
    }

    @Test
    @DisplayName("on /v1/images/edits too, the older path")
    void olderPath() throws Exception {
      Wire.Answer answer = wire.multipart(base.resolve("/v1/images/edits"), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-1")
          .addFormDataPart("image[]", "test.png", Wire.part(Wire.png(16, 16, Color.GREEN)))
          .addFormDataPart("prompt", "Create a lovely gift basket with these this items in it"));
      assertThat(answer.status()).isEqualTo(200);
      assertThat(emulator.receivedEdits()).singleElement()
          .satisfies(e -> assertThat(e.path()).isEqualTo("/v1/images/edits"));
    }
  }

  @Nested
  @DisplayName("reads requests whole")
  class Requests {
    @Test
    @DisplayName("multipart with three image[] parts: all recorded with names, types and digests")
    void threeImages() throws Exception {
      byte[] a = Wire.png(30, 20, Color.RED);
      byte[] b = Wire.png(10, 10, Color.GREEN);
      byte[] c = Wire.png(12, 18, Color.BLUE);
      Wire.Answer answer = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-1.5")
          .addFormDataPart("prompt", "combine them")
          .addFormDataPart("quality", "low")
          .addFormDataPart("image[]", "a.png", Wire.part(a))
          .addFormDataPart("image[]", "b.png", Wire.part(b))
          .addFormDataPart("image[]", "c.png", Wire.part(c)));

      assertThat(answer.status()).isEqualTo(200);
      ReceivedEdit edit = emulator.receivedEdits().get(0);
      assertThat(edit.contentType()).isEqualTo("multipart/form-data");
      assertThat(edit.fields()).containsExactly(
          Map.entry("model", "gpt-image-1.5"), Map.entry("prompt", "combine them"), Map.entry("quality", "low"));
      assertThat(edit.files()).extracting(ReceivedEdit.Part::name).containsExactly("image[]", "image[]", "image[]");
      assertThat(edit.files()).extracting(ReceivedEdit.Part::filename).containsExactly("a.png", "b.png", "c.png");
      assertThat(edit.files()).extracting(ReceivedEdit.Part::contentType).containsOnly("image/png");
      assertThat(edit.files()).extracting(ReceivedEdit.Part::sha256)
          .containsExactly(EditForm.sha256(a), EditForm.sha256(b), EditForm.sha256(c));
      assertThat(edit.files().get(0).size()).isEqualTo(a.length);
      assertThat(edit.authorized()).isTrue();
      assertThat(edit.headers().get("authorization")).isEqualTo("Bearer <redacted>").doesNotContain(TOKEN);
      assertThat(edit.status()).isEqualTo(200);
      assertThat(edit.taskId()).isEqualTo(string(answer.json(), "task_id"));
      // the first image is edited at its own size
      assertThat(Wire.decode(b64(list(answer.json(), "data").get(0))).getWidth()).isEqualTo(30);
    }

    @Test
    @DisplayName("JSON with an image URL from its own CDN, and an outside URL it never fetches")
    void jsonUrls() throws Exception {
      URI hosted = emulator.hostImage(Wire.png(64, 48, Color.ORANGE));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("model", "gpt-image-2");
      body.put("image", List.of(hosted.toString(), "https://example.invalid/item2.png"));
      body.put("prompt", "Combine all the items");
      body.put("n", 1);

      Wire.Answer answer = wire.json(edits(), TOKEN, body);

      assertThat(answer.status()).isEqualTo(200);
      ReceivedEdit edit = emulator.receivedEdits().get(0);
      assertThat(edit.contentType()).isEqualTo("application/json");
      assertThat(edit.imageUrls()).containsExactly(hosted.toString(), "https://example.invalid/item2.png");
      assertThat(edit.fields()).containsEntry("n", "1").doesNotContainKey("image");
      BufferedImage result = Wire.decode(wire.get(string(list(answer.json(), "data").get(0), "url")).body());
      assertThat(result.getWidth()).isEqualTo(64); // the hosted image was read, not a placeholder
      assertThat(result.getHeight()).isEqualTo(48);
    }

    @Test
    @DisplayName("JSON with one outside URL: a deterministic placeholder edit")
    void placeholder() throws Exception {
      Map<String, Object> body = Map.of("model", "gpt-image-2", "prompt", "p",
          "image", "https://platform.cdn.acedata.cloud/gpt-image/x_0.png");
      Wire.Answer first = wire.json(edits(), TOKEN, body);
      Wire.Answer second = wire.json(edits(), TOKEN, body);
      byte[] a = wire.get(string(list(first.json(), "data").get(0), "url")).body();
      byte[] b = wire.get(string(list(second.json(), "data").get(0), "url")).body();
      assertThat(a).isEqualTo(b);
      assertThat(Wire.decode(a).getWidth()).isEqualTo(256);
    }

    @Test
    @DisplayName("a WebP input, which the JDK cannot decode, is edited as a placeholder")
    void webpInput() throws Exception {
      byte[] webp = "RIFF\0\0\0\0WEBPVP8 not really pixels".getBytes(StandardCharsets.ISO_8859_1);
      Wire.Answer answer = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-1")
          .addFormDataPart("prompt", "p")
          .addFormDataPart("image", "photo.webp", okhttp3.RequestBody.create(webp, okhttp3.MediaType.get("image/webp"))));
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      assertThat(Wire.decode(b64(list(answer.json(), "data").get(0))).getWidth()).isEqualTo(256);
    }

    @Test
    @DisplayName("the same request gives the same bytes")
    void deterministic() throws Exception {
      byte[] image = Wire.png(40, 30, Color.CYAN);
      byte[] first = b64(list(gptImage1(image, "same prompt").json(), "data").get(0));
      byte[] second = b64(list(gptImage1(image, "same prompt").json(), "data").get(0));
      byte[] other = b64(list(gptImage1(image, "another prompt").json(), "data").get(0));
      assertThat(first).isEqualTo(second);
      assertThat(first).isNotEqualTo(other);
    }

    @Test
    @DisplayName("a mask limits the tint to its transparent area")
    void mask() throws Exception {
      Color gray = new Color(128, 128, 128);
      Wire.Answer answer = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-1")
          .addFormDataPart("prompt", "tint")
          .addFormDataPart("image", "in.png", Wire.part(Wire.png(128, 128, gray)))
          .addFormDataPart("mask", "mask.png", Wire.part(Wire.leftHalfMask(128, 128))));

      assertThat(answer.status()).isEqualTo(200);
      BufferedImage result = Wire.decode(b64(list(answer.json(), "data").get(0)));
      int y = 64; // between the corner tag and the banner
      assertThat(result.getRGB(100, y) & 0xffffff).isEqualTo(gray.getRGB() & 0xffffff); // kept
      assertThat(result.getRGB(20, y) & 0xffffff).isNotEqualTo(gray.getRGB() & 0xffffff); // edited
      assertThat(emulator.receivedEdits().get(0).files()).extracting(ReceivedEdit.Part::name)
          .containsExactly("image", "mask");
    }

    @Test
    @DisplayName("output_format jpeg is a JPEG; webp is WebP where ImageIO can write it, else PNG")
    void outputFormat() throws Exception {
      Wire.Answer jpeg = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-1")
          .addFormDataPart("prompt", "p")
          .addFormDataPart("output_format", "jpeg")
          .addFormDataPart("output_compression", "80")
          .addFormDataPart("image", "a.png", Wire.part(Wire.png(20, 20, Color.PINK))));
      Wire.Answer webp = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-2")
          .addFormDataPart("prompt", "p")
          .addFormDataPart("output_format", "webp")
          .addFormDataPart("image", "a.png", Wire.part(Wire.png(20, 20, Color.PINK))));

      byte[] jpegBytes = b64(list(jpeg.json(), "data").get(0));
      assertThat(jpegBytes).startsWith((byte) 0xff, (byte) 0xd8);
      assertThat(Wire.decode(jpegBytes).getWidth()).isEqualTo(20);
      String url = string(list(webp.json(), "data").get(0), "url");
      Wire.Answer image = wire.get(url);
      if (ImageEditor.canWrite("webp")) {
        assertThat(url).endsWith(".webp");
        assertThat(image.header("content-type")).isEqualTo("image/webp");
      } else {
        assertThat(url).endsWith(".png");
        assertThat(image.header("content-type")).isEqualTo("image/png");
        assertThat(image.body()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
      }
    }
  }

  @Nested
  @DisplayName("refuses like AceData")
  class Refusals {
    @Test
    @DisplayName("no token or a wrong one: 401 invalid_token in AceData's error body")
    void auth() throws Exception {
      Wire.Answer none = wire.multipart(edits(), null, form -> form.addFormDataPart("prompt", "p"));
      Wire.Answer wrong = wire.multipart(edits(), "wrong", form -> form.addFormDataPart("prompt", "p"));

      for (Wire.Answer answer : List.of(none, wrong)) {
        assertThat(answer.status()).isEqualTo(401);
        Map<String, Object> json = object(answer.json());
        assertThat(json).containsOnlyKeys("success", "error", "trace_id");
        assertThat(bool(json, "success")).isFalse();
        assertThat(string(object(json, "error"), "code")).isEqualTo("invalid_token");
        assertThat(string(object(json, "error"), "message")).isNotBlank();
        assertThat(string(json, "trace_id")).isEqualTo(answer.header("x-request-id"));
      }
      assertThat(emulator.receivedEdits()).extracting(ReceivedEdit::authorized).containsExactly(false, false);
    }

    @Test
    @DisplayName("missing prompt, no image, unknown model: 400 bad_request; dall-e-3: 400 api_not_implemented")
    void validation() throws Exception {
      byte[] png = Wire.png(8, 8, Color.BLACK);
      Wire.Answer noPrompt = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-1")
          .addFormDataPart("image", "a.png", Wire.part(png)));
      Wire.Answer noImage = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-1")
          .addFormDataPart("prompt", "p"));
      Wire.Answer badModel = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-4o")
          .addFormDataPart("prompt", "p")
          .addFormDataPart("image", "a.png", Wire.part(png)));
      Wire.Answer dallE3 = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "dall-e-3")
          .addFormDataPart("prompt", "p")
          .addFormDataPart("image", "a.png", Wire.part(png)));

      assertError(noPrompt, 400, "bad_request", "prompt");
      assertError(noImage, 400, "bad_request", "image");
      assertError(badModel, 400, "bad_request", "gpt-4o");
      assertError(dallE3, 400, "api_not_implemented", "dall-e-3");
    }

    @Test
    @DisplayName("an image part typed as something else than an image (text/plain): unsupported mimetype")
    void mimetype() throws Exception {
      Wire.Answer answer = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-1")
          .addFormDataPart("prompt", "p")
          .addFormDataPart("image[]", "a.png", okhttp3.RequestBody.create(Wire.png(8, 8, Color.BLACK),
              okhttp3.MediaType.get("text/plain"))));
      assertError(answer, 400, "bad_request", "unsupported mimetype ('text/plain')");
    }

    @Test
    @DisplayName("sizes the model does not take, and a mask of another size")
    void sizes() throws Exception {
      byte[] png = Wire.png(32, 32, Color.BLACK);
      Wire.Answer gpt1 = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-1").addFormDataPart("prompt", "p")
          .addFormDataPart("size", "300x300").addFormDataPart("image", "a.png", Wire.part(png)));
      Wire.Answer gpt2 = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-2").addFormDataPart("prompt", "p")
          .addFormDataPart("size", "100x100").addFormDataPart("image", "a.png", Wire.part(png)));
      Wire.Answer mask = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-1").addFormDataPart("prompt", "p")
          .addFormDataPart("image", "a.png", Wire.part(png))
          .addFormDataPart("mask", "m.png", Wire.part(Wire.leftHalfMask(16, 16))));

      assertError(gpt1, 400, "bad_request", "300x300");
      assertError(gpt2, 400, "bad_request", "multiples of 16");
      assertError(mask, 400, "bad_request", "same dimensions");
    }

    @Test
    @DisplayName("an image that does not decode, and stream=true: 400")
    void undecodableAndStream() throws Exception {
      Wire.Answer broken = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-1").addFormDataPart("prompt", "p")
          .addFormDataPart("image", "broken.png", Wire.part("not a png".getBytes(StandardCharsets.UTF_8))));
      Wire.Answer stream = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-1").addFormDataPart("prompt", "p").addFormDataPart("stream", "true")
          .addFormDataPart("image", "a.png", Wire.part(Wire.png(8, 8, Color.BLACK))));
      assertError(broken, 400, "bad_request", "broken.png");
      assertError(stream, 400, "api_not_implemented", "stream");
    }

    @Test
    @DisplayName("unknown paths: 404 in the same error body")
    void unknownPath() throws Exception {
      Wire.Answer answer = wire.json(base.resolve("/openai/images/generations2"), TOKEN, Map.of());
      assertError(answer, 404, "not_found", "/openai/images/generations2");
    }
  }

  @Nested
  @DisplayName("runs callback tasks")
  class Callbacks {
    @Test
    @DisplayName("answers {task_id} at once, POSTs the result to a loopback receiver, and keeps the task record")
    void callbackAndTask() throws Exception {
      CompletableFuture<String> received = new CompletableFuture<>();
      HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      receiver.createContext("/hook", exchange -> {
        received.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
            + "|" + exchange.getRequestHeaders().getFirst("Content-Type"));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
      });
      receiver.start();
      try {
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        Wire.Answer answer = wire.multipart(edits(), TOKEN, form -> form
            .addFormDataPart("model", "gpt-image-1")
            .addFormDataPart("prompt", "Create a lovely gift basket with these items in it")
            .addFormDataPart("callback_url", hook)
            .addFormDataPart("image[]", "test.png", Wire.part(Wire.png(24, 24, Color.YELLOW))));

        assertThat(answer.status()).isEqualTo(200);
        Map<String, Object> reply = object(answer.json());
        assertThat(reply).containsOnlyKeys("task_id");
        String taskId = string(reply, "task_id");

        String[] delivery = received.get(10, TimeUnit.SECONDS).split("\\|");
        assertThat(delivery[1]).startsWith("application/json");
        Map<String, Object> payload = object(Json.parse(delivery[0]));
        assertThat(payload).containsOnlyKeys("success", "task_id", "trace_id", "data");
        assertThat(bool(payload, "success")).isTrue();
        assertThat(string(payload, "task_id")).isEqualTo(taskId);
        assertThat(object(payload, "data")).containsOnlyKeys("created", "data");
        Object item = list(object(payload, "data"), "data").get(0);
        assertThat(Wire.decode(b64(item)).getWidth()).isEqualTo(24);

        Wire.Answer task = wire.json(base.resolve("/openai/tasks"), TOKEN, Map.of("action", "retrieve", "id", taskId));
        Map<String, Object> record = object(task.json());
        assertThat(record).containsOnlyKeys("id", "trace_id", "type", "request", "response", "created_at",
            "finished_at", "duration");
        assertThat(string(record, "id")).isEqualTo(taskId);
        assertThat(string(record, "trace_id")).isEqualTo(string(payload, "trace_id"));
        assertThat(string(record, "type")).isEqualTo("images_edits");
        assertThat(string(object(record, "request"), "callback_url")).isEqualTo(hook);
        assertThat(string(object(record, "request"), "image")).isEqualTo("test.png");
        assertThat(bool(object(record, "response"), "success")).isTrue();
        assertThat(number(record, "created_at")).isEqualTo(1721626477d);

        Wire.Answer byTrace = wire.json(base.resolve("/openai/tasks"), TOKEN,
            Map.of("action", "retrieve", "trace_id", string(payload, "trace_id")));
        assertThat(string(byTrace.json(), "id")).isEqualTo(taskId);
        Wire.Answer batch = wire.json(base.resolve("/openai/tasks"), TOKEN,
            Map.of("action", "retrieve_batch", "ids", List.of(taskId, "nope")));
        assertThat(number(batch.json(), "count")).isEqualTo(1d);
        assertThat(list(batch.json(), "items")).hasSize(1);
      } finally {
        receiver.stop(0);
      }
    }

    @Test
    @DisplayName("never calls a callback URL off loopback, yet finishes the task")
    void offLoopback() throws Exception {
      Wire.Answer answer = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "nano-banana")
          .addFormDataPart("prompt", "p")
          .addFormDataPart("callback_url", "https://webhook.site/3d32690d-6780-4187-a65c-870061e8c8ab")
          .addFormDataPart("trace_id", "my-own-trace")
          .addFormDataPart("image", "a.png", Wire.part(Wire.png(8, 8, Color.BLACK))));
      String taskId = string(answer.json(), "task_id");

      Object record = null;
      for (int i = 0; i < 500 && (record == null || get(record, "response") == null); i++) {
        record = wire.json(base.resolve("/openai/tasks"), TOKEN, Map.of("action", "retrieve", "trace_id", "my-own-trace"))
            .json();
        if (get(record, "response") == null) Thread.sleep(10);
      }
      assertThat(string(record, "id")).isEqualTo(taskId);
      assertThat(number(object(record, "response"), "created")).isZero(); // nano-banana's reply shape
      assertThat(list(object(record, "response"), "data")).hasSize(1);
    }

    @Test
    @DisplayName("an unknown task is {}; a bad action is 400")
    void unknownTask() throws Exception {
      Wire.Answer unknown = wire.json(base.resolve("/openai/tasks"), TOKEN, Map.of("action", "retrieve", "id", "nope"));
      assertThat(unknown.status()).isEqualTo(200);
      assertThat(unknown.text()).isEqualTo("{}");
      assertError(wire.json(base.resolve("/openai/tasks"), TOKEN, Map.of("action", "delete")), 400, "bad_request",
          "action");
    }
  }

  @Nested
  @DisplayName("serves results on its CDN")
  class Cdn {
    @Test
    @DisplayName("until they expire (403, like a signed link); unknown names are 404")
    void expiry() throws Exception {
      Wire.Answer answer = wire.multipart(edits(), TOKEN, form -> form
          .addFormDataPart("model", "gpt-image-2").addFormDataPart("prompt", "p")
          .addFormDataPart("image", "a.png", Wire.part(Wire.png(16, 16, Color.RED))));
      String url = string(list(answer.json(), "data").get(0), "url");

      assertThat(wire.get(url).status()).isEqualTo(200);
      clock.advance(Duration.ofMinutes(59));
      assertThat(wire.get(url).status()).isEqualTo(200);
      clock.advance(Duration.ofMinutes(1));
      Wire.Answer expired = wire.get(url);
      assertThat(expired.status()).isEqualTo(403);
      assertThat(expired.text()).contains("AccessDenied");
      assertThat(wire.get(base + "/cdn/unknown.png").status()).isEqualTo(404);
    }
  }

  @Nested
  @DisplayName("plays enqueued faults")
  class Faults {
    @Test
    @DisplayName("429 with Retry-After, then 500 api_error, then the normal answer")
    void statuses() throws Exception {
      emulator.enqueueFault(Fault.status(429).retryAfter(Duration.ofMillis(1500)));
      emulator.enqueueFault(Fault.status(500));
      byte[] png = Wire.png(8, 8, Color.BLACK);

      Wire.Answer first = gptImage1(png, "p");
      Wire.Answer second = gptImage1(png, "p");
      Wire.Answer third = gptImage1(png, "p");

      assertError(first, 429, "too_many_requests", "");
      assertThat(first.header("retry-after")).isEqualTo("2");
      assertError(second, 500, "api_error", "");
      assertThat(third.status()).isEqualTo(200);
      assertThat(emulator.receivedEdits()).extracting(ReceivedEdit::status).containsExactly(429, 500, 200);
      assertThat(emulator.receivedEdits().get(0).fields()).containsEntry("model", "gpt-image-1");
      assertThat(emulator.requestCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("a custom code, a delayed reply, and a dropped connection")
    void others() throws Exception {
      emulator.enqueueFault(Fault.status(403, "used_up", "balance used up"));
      emulator.enqueueFault(Fault.delay(Duration.ofMillis(30)));
      emulator.enqueueFault(Fault.disconnect());
      byte[] png = Wire.png(8, 8, Color.BLACK);

      assertError(gptImage1(png, "p"), 403, "used_up", "balance used up");
      assertThat(gptImage1(png, "p").status()).isEqualTo(200);
      assertThatThrownBy(() -> gptImage1(png, "p")).isInstanceOf(IOException.class);
      assertThat(gptImage1(png, "p").status()).isEqualTo(200);
    }
  }

  static void assertError(Wire.Answer answer, int status, String code, String messagePart) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    Map<String, Object> json = object(answer.json());
    assertThat(json).containsOnlyKeys("success", "error", "trace_id");
    assertThat(get(json, "success")).isEqualTo(false);
    assertThat(string(object(json, "error"), "code")).isEqualTo(code);
    assertThat(string(object(json, "error"), "message")).contains(messagePart);
    assertThat(string(json, "trace_id")).isNotBlank();
  }

  /** A clock the test moves by hand: link expiry without waiting. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
