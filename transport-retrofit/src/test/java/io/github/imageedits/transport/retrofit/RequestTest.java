package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonReader;
import io.github.imageedits.ImageSource;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.WireRequest;
import io.github.imageedits.spi.WireRequest.FilePart;
import io.github.imageedits.spi.WireRequest.Part;
import io.github.imageedits.spi.WireRequest.TextPart;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okio.Buffer;
import okio.Okio;
import okio.Sink;
import okio.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Requests go on the wire")
class RequestTest {
  private static final String OK = "{\"created\":1713833628,\"data\":[{\"url\":\"https://cdn.example/r.png\"}]}";

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

  private RecordedRequest send(WireRequest.Body body) throws InterruptedException {
    return send(body, headers());
  }

  private RecordedRequest send(WireRequest.Body body, Map<String, String> headers) throws InterruptedException {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(OK).build());
    WireRequest request = WireRequest.builder().method("POST").url(server.url("/v1/images/edits").uri()).headers(headers).body(body).build();
    assertThat(transport.newCall(request).execute().status()).isEqualTo(200);
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  private static Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer test-token");
    headers.put("Accept", "application/json");
    return headers;
  }

  private static FilePart file(String name, Path path, String type) throws IOException {
    return new FilePart(name, path.getFileName().toString(), type, ImageSource.file(path), Files.size(path));
  }

  @Nested
  @DisplayName("as multipart/form-data")
  class Multipart {
    @Test
    @DisplayName("one image goes as part 'image' with its filename, image/png and its exact bytes")
    void oneImage() throws Exception {
      byte[] png = TestFiles.png(64, false);
      Path photo = TestFiles.write(dir, "photo.png", png);
      List<Part> parts = List.of(
          new TextPart("model", "gpt-image-1"),
          new TextPart("prompt", "Make the sky blue"),
          file("image", photo, "image/png"));

      RecordedRequest request = send(new WireRequest.Multipart(parts));

      assertThat(request.getMethod()).isEqualTo("POST");
      assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/images/edits");
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer test-token");
      assertThat(request.getHeaders().get("Content-Type")).startsWith("multipart/form-data; boundary=");
      // The length is known up front: no chunked transfer.
      assertThat(request.getHeaders().get("Transfer-Encoding")).isNull();
      assertThat(request.getHeaders().get("Content-Length")).isEqualTo(Long.toString(request.getBodySize()));

      MultipartParts received = MultipartParts.of(request);
      assertThat(received.names()).containsExactly("model", "prompt", "image");
      MultipartParts.Part image = received.named("image").get(0);
      assertThat(image.filename()).isEqualTo("photo.png");
      assertThat(image.contentType()).isEqualTo("image/png");
      assertThat(image.body()).isEqualTo(png);
      assertThat(received.named("model").get(0).text()).isEqualTo("gpt-image-1");
      assertThat(received.named("model").get(0).filename()).isNull();
    }

    @Test
    @DisplayName("three images go as repeated 'image[]' parts, each with its filename and real content type")
    void threeImages() throws Exception {
      byte[] png = TestFiles.png(32, false);
      byte[] jpeg = TestFiles.jpeg(48);
      byte[] webp = TestFiles.webp();
      Path a = TestFiles.write(dir, "a.png", png);
      Path b = TestFiles.write(dir, "b.jpg", jpeg);
      List<Part> parts = List.of(
          new TextPart("model", "gpt-image-1"),
          new TextPart("prompt", "Combine these into a gift basket"),
          file("image[]", a, "image/png"),
          file("image[]", b, "image/jpeg"),
          new FilePart("image[]", "c.webp", "image/webp", ImageSource.bytes("c.webp", webp), webp.length));

      MultipartParts received = MultipartParts.of(send(new WireRequest.Multipart(parts)));

      List<MultipartParts.Part> images = received.named("image[]");
      assertThat(images).extracting(MultipartParts.Part::filename).containsExactly("a.png", "b.jpg", "c.webp");
      assertThat(images).extracting(MultipartParts.Part::contentType)
          .containsExactly("image/png", "image/jpeg", "image/webp");
      assertThat(images.get(0).body()).isEqualTo(png);
      assertThat(images.get(1).body()).isEqualTo(jpeg);
      assertThat(images.get(2).body()).isEqualTo(webp);
      assertThat(received.named("image")).isEmpty();
    }

    @Test
    @DisplayName("sends exactly the text fields it is given, in order, as UTF-8, and the mask as part 'mask'")
    void textFieldsAndMask() throws Exception {
      Path photo = TestFiles.write(dir, "photo.png", TestFiles.png(16, false));
      byte[] maskBytes = TestFiles.png(16, false);
      Path mask = TestFiles.write(dir, "mask.png", maskBytes);
      List<Part> parts = List.of(
          new TextPart("model", "gpt-image-1"),
          new TextPart("prompt", "Ciel bleu — soleil ☀, 空"),
          new TextPart("size", "1024x1024"),
          file("image", photo, "image/png"),
          file("mask", mask, "image/png"));

      MultipartParts received = MultipartParts.of(send(new WireRequest.Multipart(parts)));

      assertThat(received.names()).containsExactly("model", "prompt", "size", "image", "mask");
      assertThat(received.named("prompt").get(0).text()).isEqualTo("Ciel bleu — soleil ☀, 空");
      MultipartParts.Part maskPart = received.named("mask").get(0);
      assertThat(maskPart.filename()).isEqualTo("mask.png");
      assertThat(maskPart.contentType()).isEqualTo("image/png");
      assertThat(maskPart.body()).isEqualTo(maskBytes);
    }

    @Test
    @DisplayName("keeps the headers in the order given")
    void headerOrder() throws Exception {
      Path photo = TestFiles.write(dir, "photo.png", TestFiles.png(8, false));
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("X-First", "1");
      headers.put("Authorization", "Bearer t");
      headers.put("X-Last", "3");

      RecordedRequest request = send(new WireRequest.Multipart(List.of(file("image", photo, "image/png"))), headers);

      Headers received = request.getHeaders();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < received.size(); i++) names.add(received.name(i));
      assertThat(names).containsSubsequence("X-First", "Authorization", "X-Last");
    }

    @Test
    @DisplayName("a file deleted before sending fails the call with a TransportException naming the request")
    void missingFile() throws Exception {
      Path photo = TestFiles.write(dir, "gone.png", TestFiles.png(8, false));
      WireRequest request = WireRequest.builder().method("POST").url(server.url("/v1/images/edits").uri()).headers(headers()).body(new WireRequest.Multipart(List.of(file("image", photo, "image/png")))).build();
      Files.delete(photo);

      assertThatThrownBy(() -> transport.newCall(request).execute())
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("POST http://")
          .hasMessageContaining("gone.png");
      assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("a multipart body without parts is refused before sending")
    void noParts() {
      WireRequest request = WireRequest.builder().method("POST").url(server.url("/x").uri()).headers(headers()).body(new WireRequest.Multipart(List.of())).build();
      assertThatThrownBy(() -> transport.newCall(request)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  @DisplayName("file parts stream")
  class Streaming {
    /** A sink that records how much it is handed at once. */
    final class RecordingSink implements Sink {
      long total;
      long largestWrite;

      @Override
      public void write(Buffer source, long byteCount) throws IOException {
        total += byteCount;
        largestWrite = Math.max(largestWrite, byteCount);
        source.skip(byteCount);
      }

      @Override
      public void flush() {}

      @Override
      public Timeout timeout() {
        return Timeout.NONE;
      }

      @Override
      public void close() {}
    }

    @Test
    @DisplayName("a 3 MB file reaches the socket in steps of at most 64 KiB, never whole")
    void smallSteps() throws Exception {
      Path big = dir.resolve("big.png");
      try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
        f.setLength(3L << 20);
      }
      ImagePartBody body = new ImagePartBody(file("image", big, "image/png"));
      RecordingSink sink = new RecordingSink();
      try (var buffered = Okio.buffer(sink)) {
        body.writeTo(buffered);
      }
      assertThat(body.contentLength()).isEqualTo(3L << 20);
      assertThat(sink.total).isEqualTo(3L << 20);
      assertThat(sink.largestWrite).isLessThanOrEqualTo(ImagePartBody.STEP + 8192);
    }

    @Test
    @DisplayName("a file that shrinks after its length was announced fails instead of sending a corrupt form")
    void shrinkingFile() throws Exception {
      Path photo = TestFiles.write(dir, "photo.png", new byte[100_000]);
      ImagePartBody body = new ImagePartBody(file("image", photo, "image/png"));
      assertThat(body.contentLength()).isEqualTo(100_000);
      Files.write(photo, new byte[10]);
      assertThatThrownBy(() -> body.writeTo(Okio.buffer(new RecordingSink())))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("became shorter");
    }
  }

  @Nested
  @DisplayName("as JSON")
  class Json {
    @Test
    @DisplayName("one image URL goes as \"image\": \"url\" in a UTF-8 application/json body")
    void oneUrl() throws Exception {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("model", "gpt-image-2");
      fields.put("prompt", "Dark mode, ☾");
      fields.put("image", "https://cdn.example/a.png");
      fields.put("n", 1);

      RecordedRequest request = send(new WireRequest.Json(fields));

      assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
      assertThat(request.getBody().string(StandardCharsets.UTF_8)).isEqualTo(
          "{\"model\":\"gpt-image-2\",\"prompt\":\"Dark mode, ☾\",\"image\":\"https://cdn.example/a.png\",\"n\":1}");
    }

    @Test
    @DisplayName("several image URLs go as a JSON array, nested values and booleans included")
    void urlArray() throws Exception {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("model", "gpt-image-2");
      fields.put("image", List.of("https://cdn.example/1.png", "https://cdn.example/2.png"));
      fields.put("stream", false);
      fields.put("extra", Map.of("quality", "high"));

      RecordedRequest request = send(new WireRequest.Json(fields));

      Object parsed = JsonReader.of(new Buffer().write(request.getBody())).readJsonValue();
      assertThat(parsed).isEqualTo(Map.of(
          "model", "gpt-image-2",
          "image", List.of("https://cdn.example/1.png", "https://cdn.example/2.png"),
          "stream", false,
          "extra", Map.of("quality", "high")));
    }

    @Test
    @DisplayName("a value of an unsupported type is refused before sending")
    void unsupportedType() {
      Map<String, Object> fields = Map.of("when", new java.util.Date());
      WireRequest request = WireRequest.builder().method("POST").url(server.url("/x").uri()).headers(headers()).body(new WireRequest.Json(fields)).build();
      assertThatThrownBy(() -> transport.newCall(request))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("java.util.Date");
    }
  }
}
