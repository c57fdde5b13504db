package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.squareup.moshi.Moshi;
import io.github.imageedits.ImageSource;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.WireRequest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JSON body with {@link WireRequest.Base64Value} images: each image is base64-encoded while it
 * streams from its source, the body has an exact Content-Length, and the server receives JSON whose
 * strings decode to the image's bytes.
 */
@DisplayName("A JSON body with base64 image values")
class Base64JsonValueTest {
  @TempDir Path dir;
  private MockWebServer server;
  private RetrofitTransport transport;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    transport = RetrofitTransport.create();
  }

  @AfterEach
  void stop() {
    transport.close();
    server.close();
  }

  private WireRequest request(Map<String, Object> fields) {
    return WireRequest.builder().method("POST").url(server.url("/v1beta/models/m:generateContent").uri())
        .body(new WireRequest.Json(fields)).build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(RecordedRequest received) throws IOException {
    return (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class)
        .fromJson(received.getBody().utf8());
  }

  @Test
  @DisplayName("encodes files and arrays of every length mod 3 inside nested objects and arrays, with an exact Content-Length")
  @SuppressWarnings("unchecked")
  void encodesInPlace() throws Exception {
    byte[] png = TestFiles.png(40, true);
    Path file = TestFiles.write(dir, "photo.png", png);
    byte[] two = {1, 2};
    byte[] chunkPlusOne = new byte[StreamingJsonBody.CHUNK + 1];
    for (int i = 0; i < chunkPlusOne.length; i++) chunkPlusOne[i] = (byte) (i * 13);
    List<Object> parts = List.of(
        Map.of("text", "Put a scarf on the cat – «très chic»"),
        Map.of("inlineData", Map.of("mimeType", "image/png", "data", new WireRequest.Base64Value(ImageSource.file(file)))),
        Map.of("inlineData", Map.of("mimeType", "image/png", "data", new WireRequest.Base64Value(ImageSource.bytes("two", two)))),
        Map.of("inlineData", Map.of("mimeType", "image/png", "data", new WireRequest.Base64Value(ImageSource.bytes("big", chunkPlusOne)))),
        Map.of("inlineData", Map.of("mimeType", "image/png", "data", new WireRequest.Base64Value(ImageSource.bytes("none", new byte[0])))));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("contents", List.of(Map.of("parts", parts)));
    fields.put("generationConfig", Map.of("n", 1, "flag", true));
    server.enqueue(new MockResponse.Builder().body("{}").build());

    assertThat(transport.newCall(request(fields)).execute().status()).isEqualTo(200);

    RecordedRequest received = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(received.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(received.getHeaders().get("Content-Length")).isEqualTo(Long.toString(received.getBodySize()));
    assertThat(received.getHeaders().get("Transfer-Encoding")).isNull();
    Map<String, Object> json = parse(received);
    List<Object> sent = (List<Object>) ((Map<String, Object>) ((List<Object>) json.get("contents")).get(0)).get("parts");
    assertThat(((Map<String, Object>) sent.get(0)).get("text")).isEqualTo("Put a scarf on the cat – «très chic»");
    byte[][] expected = {png, two, chunkPlusOne, new byte[0]};
    for (int i = 0; i < expected.length; i++) {
      Map<String, Object> inline = (Map<String, Object>) ((Map<String, Object>) sent.get(i + 1)).get("inlineData");
      assertThat(inline.get("mimeType")).isEqualTo("image/png");
      assertThat(Base64.getDecoder().decode((String) inline.get("data"))).as("image %d", i).isEqualTo(expected[i]);
    }
    assertThat(json.get("generationConfig")).isEqualTo(Map.of("n", 1.0, "flag", true));
  }

  @Test
  @DisplayName("writes a data URI's prefix before the streamed base64, in an array, with an exact Content-Length")
  @SuppressWarnings("unchecked")
  void dataUris() throws Exception {
    byte[] png = TestFiles.png(40, true);
    Path file = TestFiles.write(dir, "photo.png", png);
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2};
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("prompt", "a scarf");
    fields.put("image_urls", List.of(WireRequest.Base64Value.dataUri(ImageSource.file(file), "image/png"),
        "https://example.com/a.png", WireRequest.Base64Value.dataUri(ImageSource.bytes("j", jpeg), "image/jpeg")));
    server.enqueue(new MockResponse.Builder().body("{}").build());

    assertThat(transport.newCall(request(fields)).execute().status()).isEqualTo(200);

    RecordedRequest received = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(received.getHeaders().get("Content-Length")).isEqualTo(Long.toString(received.getBodySize()));
    assertThat((List<Object>) parse(received).get("image_urls")).containsExactly(
        "data:image/png;base64," + Base64.getEncoder().encodeToString(png), "https://example.com/a.png",
        "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg));
  }

  @Test
  @DisplayName("refuses a prefix that would need JSON escaping")
  void prefixNeedsNoEscaping() {
    for (String prefix : List.of("a\"b", "back\\slash", "new\nline", "caf\u00e9")) {
      assertThat(catchThrowable(() -> new WireRequest.Base64Value(ImageSource.bytes("x", new byte[1]), prefix)))
          .as(prefix).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  @DisplayName("fails the call, sending no partial body as complete, when the file shrinks after its length was taken")
  void fileThatShrinks() throws Exception {
    Path file = TestFiles.write(dir, "photo.png", TestFiles.png(64, true));
    StreamingJsonBody body = new StreamingJsonBody(Map.of("data", new WireRequest.Base64Value(ImageSource.file(file))));
    long length = body.contentLength();
    Files.write(file, new byte[10]);
    Throwable thrown = catchThrowable(() -> body.writeTo(new Buffer()));
    assertThat(thrown).isInstanceOf(IOException.class).hasMessageContaining("became shorter");
    assertThat(length).isGreaterThan(10);
  }

  @Test
  @DisplayName("reports upload progress against the exact length, ending at the whole body")
  void progress() throws Exception {
    byte[] image = new byte[300_001];
    server.enqueue(new MockResponse.Builder().body("{}").build());
    List<long[]> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    transport.newCall(request(Map.of("data", new WireRequest.Base64Value(ImageSource.bytes("x", image)))),
        new io.github.imageedits.ProgressListener() {
          @Override
          public void uploaded(long sent, long total) {
            heard.add(new long[] {sent, total});
          }
        }).execute();
    long length = server.takeRequest(5, TimeUnit.SECONDS).getBodySize();
    assertThat(length).isEqualTo("{\"data\":\"\"}".length() + 400_004);
    assertThat(heard).isNotEmpty();
    assertThat(heard.get(0)).containsExactly(0, length);
    assertThat(heard.get(heard.size() - 1)).containsExactly(length, length);
  }

  @Test
  @DisplayName("refuses a URL image as a base64 value")
  void refusesUrls() {
    assertThat(catchThrowable(() -> new WireRequest.Base64Value(ImageSource.url("https://example.com/a.png"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("reports a refused connection as a transport failure, the image never read")
  void brokenConnection() throws Exception {
    int port = LoopbackServer.closedPort();
    Path file = TestFiles.write(dir, "photo.png", TestFiles.png(64, true));
    WireRequest request = WireRequest.builder().method("POST")
        .url(java.net.URI.create("http://127.0.0.1:" + port + "/x"))
        .body(new WireRequest.Json(Map.of("data", new WireRequest.Base64Value(ImageSource.file(file))))).build();
    assertThat(catchThrowable(() -> transport.newCall(request).execute())).isInstanceOf(TransportException.class);
  }

  @Test
  @DisplayName("sending a 50 MB file as base64 in JSON allocates well under 4 MB on the calling thread")
  void memoryStaysFlat() throws Exception {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    threads.setThreadAllocatedMemoryEnabled(true);
    server.setBodyLimit(1024);
    // Warm up class loading and the connection so that they do not count.
    server.enqueue(new MockResponse.Builder().body("{}").build());
    transport.newCall(request(Map.of("data", new WireRequest.Base64Value(ImageSource.bytes("warm", new byte[100]))))).execute();
    long size = 50L << 20;
    Path file = dir.resolve("big.png");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
    server.enqueue(new MockResponse.Builder().body("{}").build());
    // In order (Map.of's order changes from run to run): the server keeps only the body's head.
    Map<String, Object> inline = new LinkedHashMap<>();
    inline.put("mimeType", "image/png");
    inline.put("data", new WireRequest.Base64Value(ImageSource.file(file)));
    WireRequest request = request(Map.of("contents", List.of(Map.of("parts", List.of(
        Map.of("inlineData", inline))))));

    long before = threads.getCurrentThreadAllocatedBytes();
    assertThat(transport.newCall(request).execute().status()).isEqualTo(200);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    server.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest received = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(received.getBodySize()).isGreaterThan(size / 3 * 4);
    assertThat(new String(received.getBody().toByteArray(), StandardCharsets.US_ASCII))
        .startsWith("{\"contents\":[{\"parts\":[{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"AAAA");
    assertThat(allocated).isLessThan(4L << 20);
  }
}
