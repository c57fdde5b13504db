package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.ImageData;
import io.github.imageedits.TransportException;
import io.github.imageedits.image.ImageFormat;
import io.github.imageedits.spi.JsonTree;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Replies are read")
class ReplyTest {
  /** AceData's synchronous reply, from its Images Edits guide. */
  private static final String ACEDATA_REPLY = """
      {
        "success": true,
        "task_id": "cb104e35-af1f-45be-9fac-b62e2b256753",
        "trace_id": "3e5c77c6-6c2e-4bba-a42d-98ea049b58a8",
        "created": 1777048863,
        "data": [
          {
            "revised_prompt": "Convert this infographic to dark mode: dark navy background, light cream text, deep gray rounded module cards with soft shadows. Keep all layout, structure, and module arrangement identical — only invert the color scheme.",
            "url": "https://platform.cdn.acedata.cloud/gpt-image/cb104e35-af1f-45be-9fac-b62e2b256753_0.png"
          }
        ],
        "elapsed": 83.859
      }
      """;

  /** AceData's error reply, from its Images Edits guide. */
  private static final String ACEDATA_ERROR = """
      {
        "success": false,
        "error": {
          "code": "api_error",
          "message": "fetch failed"
        },
        "trace_id": "2cf86e86-22a4-46e1-ac2f-032c0f2a4e89"
      }
      """;

  private static final String BAD_GATEWAY = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
      + "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

  @TempDir Path spillDir;
  private MockWebServer server;
  private RetrofitTransport transport;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    transport = RetrofitTransport.builder().spillDirectory(spillDir).spillThreshold(64 * 1024).build();
  }

  @AfterEach
  void stop() {
    transport.close();
    server.close();
  }

  private WireReply call(RetrofitTransport transport, MockResponse response) {
    server.enqueue(response);
    WireRequest request = WireRequest.builder().method("POST").url(server.url("/openai/images/edits").uri()).headers(Map.of("Authorization", "Bearer test")).body(new WireRequest.Json(Map.of("model", "gpt-image-2"))).build();
    return transport.newCall(request).execute();
  }

  private WireReply call(MockResponse response) {
    return call(transport, response);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  private List<Path> spilled() throws IOException {
    try (Stream<Path> files = Files.list(spillDir)) {
      return files.toList();
    }
  }

  @Nested
  @DisplayName("as JSON")
  class AsJson {
    @Test
    @DisplayName("AceData's documented reply becomes a tree of maps, lists, strings, doubles and booleans")
    void documentedReply() {
      WireReply reply = call(new MockResponse.Builder()
          .addHeader("Content-Type", "application/json")
          .addHeader("X-Request-Id", "req-42")
          .body(ACEDATA_REPLY).build());

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.text()).isNull();
      assertThat(reply.header("x-request-id")).isEqualTo("req-42");
      assertThat(reply.json()).isInstanceOf(Map.class);
      Map<String, Object> root = JsonTree.object(reply.json());
      assertThat(root).containsEntry("success", true)
          .containsEntry("task_id", "cb104e35-af1f-45be-9fac-b62e2b256753")
          .containsEntry("created", 1777048863.0)
          .containsEntry("elapsed", 83.859);
      assertThat(root.keySet()).containsExactly("success", "task_id", "trace_id", "created", "data", "elapsed");
      Object image = JsonTree.list(root, "data").get(0);
      assertThat(JsonTree.string(image, "url"))
          .isEqualTo("https://platform.cdn.acedata.cloud/gpt-image/cb104e35-af1f-45be-9fac-b62e2b256753_0.png");
      assertThat(JsonTree.string(image, "revised_prompt")).endsWith("only invert the color scheme.");
    }

    @Test
    @DisplayName("an error status with a JSON body is a reply, not an exception, with the body parsed")
    void errorReply() {
      WireReply reply = call(json(500, ACEDATA_ERROR));

      assertThat(reply.status()).isEqualTo(500);
      assertThat(reply.successful()).isFalse();
      assertThat(JsonTree.string(JsonTree.object(reply.json(), "error"), "code")).isEqualTo("api_error");
      assertThat(JsonTree.string(reply.json(), "trace_id")).isEqualTo("2cf86e86-22a4-46e1-ac2f-032c0f2a4e89");
    }

    @Test
    @DisplayName("a JSON body under a wrong content type is still parsed")
    void wrongContentType() {
      WireReply reply = call(new MockResponse.Builder().addHeader("Content-Type", "text/html").body(ACEDATA_REPLY).build());
      assertThat(JsonTree.bool(reply.json(), "success")).isTrue();
    }

    @Test
    @DisplayName("a top-level array, nulls and nesting survive")
    void arrayAndNull() {
      WireReply reply = call(json(200, "\uFEFF [ {\"a\": null, \"b\": [1, 2.5, -3e2], \"c\": {}} ] "));
      Map<String, Object> expected = new java.util.LinkedHashMap<>();
      expected.put("a", null);
      expected.put("b", List.of(1.0, 2.5, -300.0));
      expected.put("c", Map.of());
      assertThat(reply.json()).isEqualTo(List.of(expected));
    }
  }

  @Nested
  @DisplayName("with b64_json images")
  class B64 {
    private String reply(String b64Literal) {
      return "{\"created\":1713833628,\"data\":[{\"b64_json\":" + b64Literal + ",\"revised_prompt\":\"p\"}]}";
    }

    @Test
    @DisplayName("a small image is decoded into memory with the right bytes")
    void small() throws IOException {
      byte[] png = TestFiles.png(24, false);
      WireReply reply = call(json(200, reply("\"" + Base64.getEncoder().encodeToString(png) + "\"")));

      Object image = JsonTree.list(reply.json(), "data").get(0);
      assertThat(JsonTree.get(image, "b64_json")).isInstanceOf(ImageData.class);
      ImageData data = (ImageData) JsonTree.get(image, "b64_json");
      assertThat(data.bytes()).isEqualTo(png);
      assertThat(data.size()).isEqualTo(png.length);
      assertThat(data.format()).contains(ImageFormat.PNG);
      assertThat(JsonTree.string(image, "revised_prompt")).isEqualTo("p");
      assertThat(spilled()).isEmpty();
    }

    @Test
    @DisplayName("an image past the spill threshold is streamed to an owner-only temporary file")
    void large() throws IOException {
      byte[] png = TestFiles.png(200, true);
      assertThat(png.length).isGreaterThan(64 * 1024);
      WireReply reply = call(json(200, reply("\"" + Base64.getEncoder().encodeToString(png) + "\"")));

      ImageData data = (ImageData) JsonTree.get(JsonTree.list(reply.json(), "data").get(0), "b64_json");
      assertThat(data.size()).isEqualTo(png.length);
      assertThat(data.bytes()).isEqualTo(png);
      List<Path> files = spilled();
      assertThat(files).hasSize(1);
      assertThat(Files.readAllBytes(files.get(0))).isEqualTo(png);
      if (files.get(0).getFileSystem().supportedFileAttributeViews().contains("posix")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0)))).isEqualTo("rw-------");
      }
    }

    @Test
    @DisplayName("escaped slashes, escaped line breaks and unicode-escaped padding decode to the same bytes")
    void escapes() {
      byte[] jpeg = TestFiles.jpeg(40);
      String b64 = Base64.getMimeEncoder().encodeToString(jpeg); // lines of 76 with CRLF
      String escaped = b64.replace("/", "\\/").replace("\r\n", "\\r\\n").replace("=", "\\u003d");
      assertThat(escaped).contains("\\/", "\\r\\n");

      WireReply reply = call(json(200, reply("\"" + escaped + "\"")));

      ImageData data = (ImageData) JsonTree.get(JsonTree.list(reply.json(), "data").get(0), "b64_json");
      assertThat(data.bytes()).isEqualTo(jpeg);
      assertThat(data.format()).contains(ImageFormat.JPEG);
    }

    @Test
    @DisplayName("a value of many 64 KiB blocks decodes the same, plain, URL-safe, wrapped and escaped, "
        + "its padding or closing quote on a block's edge")
    void blocks() throws IOException {
      int block = 64 * 1024; // Base64Decoder.BLOCK
      Random random = new Random(13);
      // Decoded lengths whose text ends the third block with "=" or "==", or, unpadded, with the
      // closing quote.
      int third = block / 4 * 3 * 3;
      for (int length : new int[] {third - 1, third - 2, 300_001}) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        String plain = Base64.getEncoder().encodeToString(data);
        for (String b64 : new String[] {
            plain,
            Base64.getEncoder().withoutPadding().encodeToString(data),
            Base64.getUrlEncoder().encodeToString(data),
            Base64.getMimeEncoder().encodeToString(data).replace("\r\n", "\\r\\n"),
            plain.substring(0, 2 * block) + plain.substring(2 * block).replace("/", "\\/").replace("=", "\\u003d")}) {
          WireReply reply = call(json(200, reply("\"" + b64 + "\"")));
          ImageData image = (ImageData) JsonTree.get(JsonTree.list(reply.json(), "data").get(0), "b64_json");
          assertThat(image.bytes()).as("length %d", length).isEqualTo(data);
          image.release();
        }
      }
      assertThat(spilled()).isEmpty();
    }

    @Test
    @DisplayName("a character that is not base64 deep inside a large value makes the body unreadable")
    void notBase64Later() throws IOException {
      char[] b64 = new char[64 * 1024 * 3];
      java.util.Arrays.fill(b64, 'A');
      b64[64 * 1024 * 2 + 5] = '*';
      WireReply reply = call(json(200, reply("\"" + new String(b64) + "\"")));
      assertThat(reply.json()).isNull();
      assertThat(spilled()).as("the partial image file is deleted").isEmpty();
    }

    @Test
    @DisplayName("an empty b64_json stays an empty string and a null stays null")
    void emptyAndNull() {
      WireReply reply = call(json(200, "{\"data\":[{\"b64_json\":\"\"},{\"b64_json\":null,\"url\":\"u\"}]}"));
      List<Object> data = JsonTree.list(reply.json(), "data");
      assertThat(JsonTree.get(data.get(0), "b64_json")).isEqualTo("");
      assertThat(JsonTree.object(data.get(1))).containsEntry("b64_json", null);
    }

    @Test
    @DisplayName("b64_json that is not base64 makes the body unreadable: json is null and the text is quoted")
    void notBase64() {
      WireReply reply = call(json(200, reply("\"this is not base64!\"")));
      assertThat(reply.json()).isNull();
      assertThat(reply.text()).contains("this is not base64!");
    }

    @Test
    @DisplayName("an image over maxImageSize fails with a TransportException and leaves no file behind")
    void tooLarge() throws IOException {
      try (RetrofitTransport small = RetrofitTransport.builder()
          .spillDirectory(spillDir).spillThreshold(1024).maxImageSize(4096).build()) {
        byte[] png = TestFiles.png(100, true);
        MockResponse response = json(200, reply("\"" + Base64.getEncoder().encodeToString(png) + "\""));
        assertThatThrownBy(() -> call(small, response))
            .isInstanceOf(TransportException.class)
            .hasMessageContaining("maxImageSize");
      }
      assertThat(spilled()).isEmpty();
    }

    @Test
    @DisplayName("b64_json values do not count against maxJsonSize")
    void notCountedAsJson() {
      try (RetrofitTransport strict = RetrofitTransport.builder()
          .spillDirectory(spillDir).maxJsonSize(32 * 1024).build()) {
        byte[] png = TestFiles.png(150, true);
        assertThat(png.length).isGreaterThan(64 * 1024);
        WireReply reply = call(strict, json(200, reply("\"" + Base64.getEncoder().encodeToString(png) + "\"")));
        ImageData data = (ImageData) JsonTree.get(JsonTree.list(reply.json(), "data").get(0), "b64_json");
        assertThat(data.bytes()).isEqualTo(png);
      }
    }
  }

  @Nested
  @DisplayName("that are not JSON")
  class NotJson {
    @Test
    @DisplayName("an HTML 502 page gives json null and the page as text")
    void html502() {
      WireReply reply = call(new MockResponse.Builder().code(502)
          .addHeader("Content-Type", "text/html").body(BAD_GATEWAY).build());
      assertThat(reply.status()).isEqualTo(502);
      assertThat(reply.json()).isNull();
      assertThat(reply.text()).isEqualTo(BAD_GATEWAY);
    }

    @Test
    @DisplayName("an empty 200 gives json null and empty text")
    void empty200() {
      WireReply reply = call(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").build());
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json()).isNull();
      assertThat(reply.text()).isEmpty();
    }

    @Test
    @DisplayName("truncated JSON gives json null and the body as text")
    void truncated() {
      String cut = "{\"created\": 1713833628, \"data\": [{\"url\": \"https://cdn.exa";
      WireReply reply = call(json(200, cut));
      assertThat(reply.json()).isNull();
      assertThat(reply.text()).isEqualTo(cut);
    }

    @Test
    @DisplayName("JSON cut inside a b64_json value deletes the partial image file")
    void truncatedInsideImage() throws IOException {
      try (RetrofitTransport spillAll = RetrofitTransport.builder().spillDirectory(spillDir).spillThreshold(0).build()) {
        String b64 = Base64.getEncoder().encodeToString(TestFiles.png(100, true));
        String cut = "{\"data\":[{\"b64_json\":\"" + b64.substring(0, b64.length() / 2);
        WireReply reply = call(spillAll, json(200, cut));
        assertThat(reply.json()).isNull();
        assertThat(reply.text()).startsWith("{\"data\":[{\"b64_json\":\"iVBORw0KGgo");
      }
      assertThat(spilled()).isEmpty();
    }

    @Test
    @DisplayName("data after the JSON value makes it malformed")
    void trailingData() {
      WireReply reply = call(json(200, "{\"a\":1} <html>"));
      assertThat(reply.json()).isNull();
      assertThat(reply.text()).isEqualTo("{\"a\":1} <html>");
    }

    @Test
    @DisplayName("plain text is quoted in the charset the server names")
    void charset() {
      WireReply reply = call(new MockResponse.Builder().code(503)
          .addHeader("Content-Type", "text/plain; charset=ISO-8859-1")
          .body(new Buffer().writeString("Service indisponible, réessayez", java.nio.charset.StandardCharsets.ISO_8859_1))
          .build());
      assertThat(reply.text()).isEqualTo("Service indisponible, réessayez");
    }
  }

  @Nested
  @DisplayName("within their limits")
  class Limits {
    /** A 50 MB body, produced as it is sent; the server stops when the client hangs up. */
    private MockResponseBody hugeBody(String unit) {
      return Bodies.huge(unit, new AtomicLong());
    }

    private OkHttpClient counting(AtomicLong pulled) {
      return Bodies.counting(pulled);
    }

    @Test
    @DisplayName("of a 50 MB HTML error body only a prefix up to maxErrorBodySize is read and quoted")
    void hugeErrorBody() {
      AtomicLong pulled = new AtomicLong();
      try (RetrofitTransport bounded = RetrofitTransport.builder()
          .client(counting(pulled)).maxErrorBodySize(16 * 1024).build()) {
        WireReply reply = call(bounded, new MockResponse.Builder().code(502)
            .addHeader("Content-Type", "text/html").body(hugeBody("<p>Bad Gateway</p>")).build());

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.json()).isNull();
        assertThat(reply.text()).hasSize(16 * 1024).startsWith("<p>Bad Gateway</p>");
        // Reads happen a segment (8 KiB) at a time: at most one segment past the limit.
        assertThat(pulled.get()).isLessThanOrEqualTo(16 * 1024 + 8192);
      }
    }

    @Test
    @DisplayName("a 50 MB JSON error body is cut at maxErrorBodySize and quoted, keeping its status")
    void hugeJsonErrorBody() {
      AtomicLong pulled = new AtomicLong();
      try (RetrofitTransport bounded = RetrofitTransport.builder()
          .client(counting(pulled)).maxErrorBodySize(16 * 1024).build()) {
        WireReply reply = call(bounded, new MockResponse.Builder().code(500)
            .addHeader("Content-Type", "application/json").body(hugeBody("{\"error\":[")).build());

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.json()).isNull();
        assertThat(reply.text()).hasSize(16 * 1024).startsWith("{\"error\":[");
        assertThat(pulled.get()).isLessThanOrEqualTo(16 * 1024 + 8192);
      }
    }

    @Test
    @DisplayName("a 2xx JSON body over maxJsonSize fails with a TransportException naming the limit")
    void hugeJson() {
      try (RetrofitTransport bounded = RetrofitTransport.builder().maxJsonSize(64 * 1024).build()) {
        String big = "{\"data\":[" + "{\"url\":\"https://cdn.example/x.png\"},".repeat(5000) + "{}]}";
        assertThatThrownBy(() -> call(bounded, json(200, big)))
            .isInstanceOf(TransportException.class)
            .isNotInstanceOf(io.github.imageedits.EditTimeoutException.class)
            .hasMessageContaining("maxJsonSize")
            .hasMessageContaining("POST http://");
      }
    }
  }
}
