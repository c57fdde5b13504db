package io.github.imageedits.transport.retrofit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.ImageData;
import io.github.imageedits.spi.JsonTree;
import io.github.imageedits.spi.WireReply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport reads a provider's callback body the way it reads a reply. */
@DisplayName("Callback bodies are read")
class CallbackBodyTest {
  private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));

  @TempDir Path spillDir;

  private static InputStream body(String text) {
    return new ByteArrayInputStream(text.getBytes(UTF_8));
  }

  @Test
  @DisplayName("into the reply tree, with b64_json decoded as it streams (to a spill file when large)")
  void callbackPayload() throws IOException {
    byte[] png = TestFiles.png(120, true);
    String payload = "{\"success\": true, \"task_id\": \"6a97bf49\", \"trace_id\": \"9b4b1ff3\","
        + " \"data\": {\"created\": 1721626477, \"data\": [{\"b64_json\": \""
        + Base64.getEncoder().encodeToString(png) + "\"}]}}";
    try (RetrofitTransport transport = RetrofitTransport.builder().spillDirectory(spillDir).spillThreshold(1024).build()) {
      WireReply reply = transport.readCallback(JSON, body(payload));
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header("content-type")).isEqualTo("application/json");
      assertThat(JsonTree.string(reply.json(), "task_id")).isEqualTo("6a97bf49");
      Object item = JsonTree.list(JsonTree.object(reply.json(), "data"), "data").get(0);
      assertThat(JsonTree.get(item, "b64_json")).isInstanceOfSatisfying(ImageData.class,
          data -> assertThat(data.bytes()).isEqualTo(png));
      try (var files = Files.list(spillDir)) {
        assertThat(files.count()).as("spilled past the threshold").isEqualTo(1);
      }
    }
  }

  @Test
  @DisplayName("malformed, truncated or non-JSON bodies as no tree and a quoted prefix")
  void malformed() throws IOException {
    try (RetrofitTransport transport = RetrofitTransport.create()) {
      assertThat(transport.readCallback(JSON, body("{\"task_id\": \"x\", ")).json()).isNull();
      WireReply html = transport.readCallback(Map.of(), body("<html>hello</html>"));
      assertThat(html.json()).isNull();
      assertThat(html.text()).contains("<html>hello");
      assertThat(transport.readCallback(JSON, body("")).json()).isNull();
    }
  }

  @Test
  @DisplayName("past maxJsonSize as status 413 with no tree")
  void pastLimit() throws IOException {
    try (RetrofitTransport transport = RetrofitTransport.builder().maxJsonSize(1024).build()) {
      WireReply reply = transport.readCallback(JSON, body("{\"pad\": \"" + "x".repeat(5000) + "\"}"));
      assertThat(reply.status()).isEqualTo(413);
      assertThat(reply.json()).isNull();
    }
  }

  @Test
  @DisplayName("and a stream that fails passes its own IOException on")
  void streamFailure() {
    IOException broken = new IOException("connection reset by the provider");
    InputStream failing = new SequenceInputStream(body("{\"task_id\": \"x\", \"pad\": \""), new InputStream() {
      @Override
      public int read() throws IOException {
        throw broken;
      }
    });
    try (RetrofitTransport transport = RetrofitTransport.create()) {
      assertThatThrownBy(() -> transport.readCallback(JSON, failing)).isSameAs(broken);
    }
  }
}
