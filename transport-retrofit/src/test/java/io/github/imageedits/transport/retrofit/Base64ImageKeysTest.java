package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.imageedits.ImageData;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.JsonTree;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reply keys a request declares as base64 images ({@link WireRequest#base64ImageKeys()}) are decoded
 * while read, like {@code b64_json}: into an {@link ImageData}, spilled to a file past the
 * threshold, bounded by maxImageSize; other strings under the same name stay strings.
 */
@DisplayName("Declared base64 image keys in a reply")
class Base64ImageKeysTest {
  @TempDir Path dir;
  private MockWebServer server;
  private RetrofitTransport transport;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    transport = RetrofitTransport.builder().spillDirectory(dir).spillThreshold(4096).maxImageSize(1 << 20).build();
  }

  @AfterEach
  void stop() {
    transport.close();
    server.close();
  }

  private WireReply send(String body, Set<String> keys) {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build());
    return transport.newCall(WireRequest.builder().method("POST").url(server.url("/x").uri())
        .body(new WireRequest.Json(Map.of())).base64ImageKeys(keys).build()).execute();
  }

  private static String gemini(String data) {
    return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Here it is\"},"
        + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"" + data + "\"}}]},\"finishReason\":\"STOP\"}],"
        + "\"data\":\"a plain string\",\"meta\":{\"data\":\"another\"}}";
  }

  private static Object inline(WireReply reply) {
    Object part = JsonTree.list(JsonTree.object(JsonTree.list(reply.json(), "candidates").get(0), "content"), "parts").get(1);
    return JsonTree.get(JsonTree.get(part, "inlineData"), "data");
  }

  @Test
  @DisplayName("decodes data inside inlineData (a qualified key) and leaves every other data string alone")
  void qualifiedKey() throws IOException {
    byte[] png = TestFiles.png(16, false);
    WireReply reply = send(gemini(Base64.getEncoder().encodeToString(png)), Set.of("inlineData.data", "inline_data.data"));
    assertThat(inline(reply)).isInstanceOf(ImageData.class);
    try (InputStream in = ((ImageData) inline(reply)).open()) {
      assertThat(in.readAllBytes()).isEqualTo(png);
    }
    assertThat(JsonTree.string(reply.json(), "data")).isEqualTo("a plain string");
    assertThat(JsonTree.string(JsonTree.object(reply.json(), "meta"), "data")).isEqualTo("another");
  }

  @Test
  @DisplayName("reads the same reply as plain strings when the request declares no keys")
  void undeclared() {
    String data = Base64.getEncoder().encodeToString(TestFiles.png(16, false));
    assertThat(inline(send(gemini(data), Set.of()))).isEqualTo(data);
  }

  @Test
  @DisplayName("matches an unqualified key anywhere, snake_case replies included")
  void unqualifiedKey() throws IOException {
    byte[] bytes = {9, 8, 7, 6, 5};
    WireReply reply = send("{\"parts\":[{\"inline_data\":{\"mime_type\":\"image/png\",\"data\":\""
        + Base64.getEncoder().encodeToString(bytes) + "\"}}],\"image\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}",
        Set.of("inline_data.data", "image"));
    Object inline = JsonTree.get(JsonTree.get(JsonTree.list(reply.json(), "parts").get(0), "inline_data"), "data");
    try (InputStream in = ((ImageData) inline).open()) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    assertThat(JsonTree.get(reply.json(), "image")).isInstanceOf(ImageData.class);
  }

  @Test
  @DisplayName("spills an image past the threshold to a file, and refuses one past maxImageSize")
  void limits() throws IOException {
    byte[] big = new byte[100_000];
    for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 7);
    WireReply reply = send(gemini(Base64.getEncoder().encodeToString(big)), Set.of("inlineData.data"));
    try (InputStream in = ((ImageData) inline(reply)).open()) {
      assertThat(in.readAllBytes()).isEqualTo(big);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.count()).as("spill files").isEqualTo(1);
    }
    String tooBig = Base64.getEncoder().encodeToString(new byte[(1 << 20) + 3]);
    Throwable thrown = catchThrowable(() -> send(gemini(tooBig), Set.of("inlineData.data")));
    assertThat(thrown).isInstanceOf(TransportException.class).hasMessageContaining("maxImageSize");
  }

  @Test
  @DisplayName("refuses keys that are not key or parent.key")
  void badKeys() {
    assertThat(catchThrowable(() -> WireRequest.builder().base64ImageKeys(Set.of(".data"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(catchThrowable(() -> WireRequest.builder().base64ImageKeys(Set.of(""))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
