package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.ImageData;
import io.github.imageedits.ImageSource;
import io.github.imageedits.spi.JsonTree;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory does not grow with image size, measured in this JVM with HotSpot's per-thread allocation
 * counter: OkHttp writes an HTTP/1.1 request body and the transport reads the reply on the calling
 * thread, so any array made to hold a whole image would show up there. (The -Xmx64m proof with 16
 * such files belongs to the facade's tests.)
 */
@DisplayName("Memory stays flat")
class MemoryTest {
  @TempDir Path dir;
  private MockWebServer server;
  private RetrofitTransport transport;
  private com.sun.management.ThreadMXBean threads;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setBodyLimit(1024); // the server keeps only the first KiB of each request body
    server.start();
    transport = RetrofitTransport.builder().spillDirectory(dir.resolve("spill")).build();
    threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    threads.setThreadAllocatedMemoryEnabled(true);
    // Warm up class loading and the connection so that they do not count.
    server.enqueue(new MockResponse.Builder().body("{\"data\":[{\"b64_json\":\"iVBORw0KGgo=\"}]}").build());
    transport.newCall(WireRequest.builder().method("POST").url(server.url("/warm").uri()).body(new WireRequest.Json(Map.of())).build()).execute();
  }

  @AfterEach
  void stop() {
    transport.close();
    server.close();
  }

  @Test
  @DisplayName("sending a 50 MB file allocates well under 4 MB on the calling thread")
  void upload() throws Exception {
    long size = 50L << 20;
    Path file = dir.resolve("big.png");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
    server.enqueue(new MockResponse.Builder().body("{\"created\":1}").build());
    WireRequest request = WireRequest.builder().method("POST").url(server.url("/v1/images/edits").uri()).body(new WireRequest.Multipart(List.of(
            new WireRequest.TextPart("model", "gpt-image-1"),
            new WireRequest.FilePart("image", "big.png", "image/png", ImageSource.file(file), size)))).build();

    long before = threads.getCurrentThreadAllocatedBytes();
    assertThat(transport.newCall(request).execute().status()).isEqualTo(200);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    server.takeRequest(5, TimeUnit.SECONDS); // the warm-up
    RecordedRequest received = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(received.getBodySize()).isGreaterThan(size);
    assertThat(allocated).isLessThan(4L << 20); // measured: about 0.3 MB
  }

  @Test
  @DisplayName("a b64_json image that decodes to 30 MB streams to a file, allocating well under 4 MB")
  void download() throws Exception {
    byte[] unit = new byte[3 * 4096]; // a multiple of 3: each copy encodes to the same text
    for (int i = 0; i < unit.length; i++) unit[i] = (byte) (i * 31 + 7);
    byte[] unitText = Base64.getEncoder().encode(unit);
    int copies = (30 << 20) / unit.length;
    byte[] head = "{\"created\":1713833628,\"data\":[{\"b64_json\":\"".getBytes(StandardCharsets.US_ASCII);
    byte[] tail = "\",\"revised_prompt\":\"p\"}]}".getBytes(StandardCharsets.US_ASCII);
    long length = head.length + (long) copies * unitText.length + tail.length;
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body(new MockResponseBody() {
          @Override
          public long getContentLength() {
            return length;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            sink.write(head);
            for (int i = 0; i < copies; i++) {
              sink.write(unitText);
              sink.emit();
            }
            sink.write(tail);
          }
        }).build());

    long before = threads.getCurrentThreadAllocatedBytes();
    WireReply reply = transport.newCall(WireRequest.builder().method("POST").url(server.url("/v1/images/edits").uri()).body(new WireRequest.Json(Map.of("model", "gpt-image-1"))).build()).execute();
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    Object item = JsonTree.list(reply.json(), "data").get(0);
    assertThat(JsonTree.string(item, "revised_prompt")).isEqualTo("p");
    ImageData image = (ImageData) JsonTree.get(item, "b64_json");
    assertThat(image.size()).isEqualTo((long) copies * unit.length);
    try (InputStream in = image.open()) {
      byte[] read = new byte[unit.length];
      for (int i = 0; i < copies; i++) {
        assertThat(in.readNBytes(read, 0, read.length)).isEqualTo(unit.length);
        if (!Arrays.equals(read, unit)) throw new AssertionError("decoded bytes differ in copy " + i);
      }
      assertThat(in.read()).isEqualTo(-1);
    }
    // Measured: about 2.3 MB, the same for 30 and 60 MB images; nearly all of it is the 1 MiB
    // in-memory stage (a growing ByteArrayOutputStream) used before the image spills to a file.
    assertThat(allocated).isLessThan(4L << 20);
  }
}
