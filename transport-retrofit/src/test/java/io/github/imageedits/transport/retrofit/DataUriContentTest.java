package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.ImageData;
import io.github.imageedits.spi.JsonTree;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data URIs in chat-completion {@code content} (ChainHub's replies) are decoded while they are
 * read, like b64_json: the text stays text, each image becomes {@link ImageData}.
 */
@DisplayName("Data URIs in message content")
class DataUriContentTest {
  private static final byte[] SMALL = TestFiles.png(16, false);
  private static final byte[] LARGE = TestFiles.png(300, true); // ~360 KB: past the spill threshold

  @TempDir Path spillDir;
  private MockWebServer server;
  private RetrofitTransport transport;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    transport = RetrofitTransport.builder().spillDirectory(spillDir).spillThreshold(64 * 1024)
        .maxJsonSize(16 * 1024).build();
  }

  @AfterEach
  void stop() {
    transport.close();
    server.close();
  }

  /** The content of the first choice of a chat completion whose message content is {@code json}. */
  private Object content(String json) {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":" + json + "}}]}")
        .build());
    WireReply reply = transport.newCall(WireRequest.builder().method("POST").url(server.url("/v1/images/edits").uri()).body(new WireRequest.Json(Map.of("model", "gpt-image-1"))).build()).execute();
    assertThat(reply.json()).as("the reply parsed: %s", reply.text()).isNotNull();
    Object choice = JsonTree.list(reply.json(), "choices").get(0);
    return JsonTree.get(JsonTree.object(choice, "message"), "content");
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private List<Path> spilled() throws IOException {
    try (Stream<Path> files = Files.list(spillDir)) {
      return files.toList();
    }
  }

  @Test
  @DisplayName("text and images come apart, in order, the data URI prefixes gone")
  void textAndImages() throws IOException {
    Object content = content("\"Here: ![a](data:image/png;base64," + b64(SMALL) + ") and ![b](data:image/webp;base64,"
        + b64(LARGE) + ")\\nDone.\"");

    assertThat(content).isInstanceOf(List.class);
    List<?> parts = (List<?>) content;
    assertThat(parts).hasSize(5);
    assertThat(parts.get(0)).isEqualTo("Here: ![a](");
    assertThat(((ImageData) parts.get(1)).bytes()).isEqualTo(SMALL);
    assertThat(parts.get(2)).isEqualTo(") and ![b](");
    assertThat(((ImageData) parts.get(3)).bytes()).isEqualTo(LARGE);
    assertThat(parts.get(4)).isEqualTo(")\nDone.");
    assertThat(spilled()).as("the large image went to a file; its base64 did not count against maxJsonSize")
        .hasSize(1);
    ((ImageData) parts.get(3)).release();
    assertThat(spilled()).isEmpty();
  }

  @Test
  @DisplayName("content without a data URI stays the same String, escapes and all")
  void plainText() {
    assertThat(content("\"caf\\u00e9 \\ud83e\\udde3 \\\"quoted\\\" a\\/b\\ttab data:image/png;base6x data:image/\""))
        .isEqualTo("café 🧣 \"quoted\" a/b\ttab data:image/png;base6x data:image/");
    assertThat(content("\"see https://cdn.example.com/x.png\"")).isEqualTo("see https://cdn.example.com/x.png");
    assertThat(content("\"\"")).isEqualTo("");
  }

  @Test
  @DisplayName("base64 with escaped slashes decodes to the same bytes, and an empty data URI is no image")
  void escapesAndEmpty() {
    String escaped = b64(LARGE).replace("/", "\\/");
    Object content = content("\"data:image/png;base64," + escaped + "\"");
    assertThat(((ImageData) ((List<?>) content).get(0)).bytes()).isEqualTo(LARGE);

    assertThat(content("\"x data:image/png;base64,) y\"")).isEqualTo(List.of("x ", ") y"));
  }

  @Test
  @DisplayName("a content value that is not a string is read as JSON")
  void notAString() {
    assertThat(content("[{\"type\":\"text\",\"text\":\"hi\"}]")).isEqualTo(List.of(Map.of("type", "text", "text", "hi")));
  }
}
