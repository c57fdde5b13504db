package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.ImageData;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.JsonTree;
import io.github.imageedits.spi.WireEvent;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-sent events are read one event at a time, their b64_json decoded as it arrives, within
 * bounds, and the response is closed on every path. "Closed" is observed through OkHttp's own
 * event listener: every call must end ({@code callEnd}) or fail ({@code callFailed}).
 */
@DisplayName("Event streams")
class EventStreamTest {
  private static final byte[] PARTIAL_0 = TestFiles.png(16, false);
  private static final byte[] PARTIAL_1 = TestFiles.png(32, false);
  private static final byte[] FINAL = TestFiles.png(256, true); // ~260 KB: past the spill threshold

  @TempDir Path spillDir;
  private MockWebServer server;
  private RetrofitTransport transport;
  private final List<String> ends = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    OkHttpClient base = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void callEnd(Call call) {
        ends.add("callEnd");
      }

      @Override
      public void callFailed(Call call, IOException e) {
        ends.add("callFailed");
      }
    }).build();
    transport = RetrofitTransport.builder().client(base).spillDirectory(spillDir)
        .spillThreshold(64 * 1024).build();
  }

  @AfterEach
  void stop() {
    transport.close();
    server.close();
  }

  static String partial(int index, byte[] png) {
    return "event: image_edit.partial_image\n"
        + "data: {\"type\":\"image_edit.partial_image\",\"b64_json\":\"" + b64(png) + "\","
        + "\"partial_image_index\":" + index + ",\"size\":\"1024x1024\",\"quality\":\"high\","
        + "\"background\":\"opaque\",\"output_format\":\"png\",\"created_at\":1750000000}\n\n";
  }

  static String completed(byte[] png) {
    return "event: image_edit.completed\n"
        + "data: {\"type\":\"image_edit.completed\",\"b64_json\":\"" + b64(png) + "\","
        + "\"size\":\"1024x1024\",\"quality\":\"high\",\"background\":\"opaque\",\"output_format\":\"png\","
        + "\"created_at\":1750000001,\"usage\":{\"input_tokens\":50,\"output_tokens\":4160,"
        + "\"total_tokens\":4210,\"input_tokens_details\":{\"text_tokens\":10,\"image_tokens\":40}}}\n\n";
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static MockResponse.Builder sse(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream; charset=utf-8").body(body);
  }

  private WireRequest request() {
    return WireRequest.builder().method("POST").url(server.url("/v1/images/edits").uri()).headers(Map.of("Authorization", "Bearer test", "Accept", "text/event-stream")).body(new WireRequest.Multipart(List.of(new WireRequest.TextPart("stream", "true")))).build();
  }

  /** Reads the stream, keeping each event and a copy of its image bytes (events are released after). */
  private record Seen(WireEvent event, byte[] image) {}

  private WireReply read(List<Seen> seen) {
    return transport.newCall(request()).execute(event -> {
      Object b64 = JsonTree.get(event.data().json(), "b64_json");
      byte[] image = b64 instanceof ImageData d ? d.bytes() : null;
      seen.add(new Seen(event, image));
      if (b64 instanceof ImageData d) d.release();
      return true;
    });
  }

  private List<Path> spilled() throws IOException {
    try (Stream<Path> files = Files.list(spillDir)) {
      return files.toList();
    }
  }

  @Test
  @DisplayName("two partial images and a completed event arrive in order, each image decoded with its bytes")
  void twoPartialsAndCompleted() throws Exception {
    server.enqueue(sse(partial(0, PARTIAL_0) + partial(1, PARTIAL_1) + completed(FINAL)).build());
    List<Seen> seen = new ArrayList<>();

    WireReply head = read(seen);

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.json()).isNull();
    assertThat(head.text()).isNull();
    assertThat(seen).extracting(s -> s.event().type())
        .containsExactly("image_edit.partial_image", "image_edit.partial_image", "image_edit.completed");
    assertThat(seen.get(0).image()).isEqualTo(PARTIAL_0);
    assertThat(seen.get(1).image()).isEqualTo(PARTIAL_1);
    assertThat(seen.get(2).image()).isEqualTo(FINAL);
    assertThat(JsonTree.number(seen.get(1).event().data().json(), "partial_image_index")).isEqualTo(1.0);
    assertThat(JsonTree.string(JsonTree.object(seen.get(2).event().data().json(), "usage"), "total_tokens"))
        .isEqualTo("4210");
    assertThat(seen.get(2).event().data().status()).isEqualTo(200);
    assertThat(spilled()).as("the large final image went to a file, which release() deleted").isEmpty();
    assertThat(ends).containsExactly("callEnd");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getHeaders().get("Accept")).isEqualTo("text/event-stream");
  }

  @Test
  @DisplayName("a handler that returns false stops the read, and the response is closed")
  void stopEarly() {
    server.enqueue(sse(partial(0, PARTIAL_0) + partial(1, PARTIAL_1) + completed(FINAL)).build());
    List<String> types = new ArrayList<>();

    transport.newCall(request()).execute(event -> {
      types.add(event.type());
      ((ImageData) JsonTree.get(event.data().json(), "b64_json")).release();
      return false;
    });

    assertThat(types).containsExactly("image_edit.partial_image");
    assertThat(ends).hasSize(1);
  }

  @Test
  @DisplayName("CRLF lines, comments, ids, several data lines and an event without data follow the SSE format")
  void framing() {
    String body = ": keep-alive\r\n\r\n"
        + "id: 7\r\nevent: note\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n"
        + "event: ping\r\n\r\n"
        + "retry: 100\nunknown: x\ndata\n\n"
        + "data: [DONE]\n\n";
    server.enqueue(sse(body).build());
    List<Seen> seen = new ArrayList<>();

    read(seen);

    assertThat(seen).hasSize(3);
    WireEvent note = seen.get(0).event();
    assertThat(note.type()).isEqualTo("note");
    assertThat(note.id()).isEqualTo("7");
    assertThat(note.data().json()).isEqualTo(Map.of("a", 1.0));
    assertThat(seen.get(1).event().type()).isNull();
    assertThat(seen.get(1).event().data().text()).isEmpty();
    assertThat(seen.get(2).event().data().text()).isEqualTo("[DONE]");
    assertThat(seen.get(2).event().data().json()).isNull();
  }

  @Test
  @DisplayName("a reply that is not an event stream is read as a reply, and the handler is not called")
  void notAnEventStream() {
    server.enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
        .body("{\"error\":{\"code\":\"bad_request\",\"message\":\"stream is not supported\"}}").build());
    List<Seen> seen = new ArrayList<>();

    WireReply reply = read(seen);

    assertThat(seen).isEmpty();
    assertThat(reply.status()).isEqualTo(400);
    assertThat(JsonTree.string(JsonTree.object(reply.json(), "error"), "code")).isEqualTo("bad_request");
  }

  @Nested
  @DisplayName("fail with a TransportException, the response closed,")
  class Failures {

    @Test
    @DisplayName("when the stream is cut inside an event, after the events before it were delivered")
    void cutMidWay() throws IOException {
      // MockWebServer writes half of the body, then closes the socket: half-way through the final
      // image, which is most of the body.
      server.enqueue(sse(partial(0, PARTIAL_0) + completed(FINAL))
          .onResponseBody(new SocketEffect.CloseSocket())
          .build());
      List<Seen> seen = new ArrayList<>();

      assertThatThrownBy(() -> read(seen))
          .isInstanceOf(TransportException.class)
          .isNotInstanceOf(EditTimeoutException.class)
          .hasMessageStartingWith("POST http://");
      assertThat(seen).extracting(s -> s.event().type()).containsExactly("image_edit.partial_image");
      assertThat(spilled()).as("the half-decoded final image's file is gone").isEmpty();
      assertThat(ends).containsExactly("callFailed");
    }

    @Test
    @DisplayName("when the connection ends inside an event")
    void endsInsideEvent() {
      server.enqueue(sse(partial(0, PARTIAL_0) + "event: image_edit.completed\ndata: {\"b64_json\":\"iVBO")
          .build());
      List<Seen> seen = new ArrayList<>();

      assertThatThrownBy(() -> read(seen))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("ended inside an event");
      assertThat(seen).hasSize(1);
      assertThat(ends).hasSize(1);
    }

    @Test
    @DisplayName("when a field line is longer than the line limit")
    void longLine() {
      server.enqueue(sse("event: " + "x".repeat(EventStreamReader.MAX_FIELD_LINE + 10) + "\ndata: {}\n\n").build());

      assertThatThrownBy(() -> read(new ArrayList<>()))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("longer than " + EventStreamReader.MAX_FIELD_LINE);
      assertThat(ends).hasSize(1);
    }

    @Test
    @DisplayName("when the data outside images passes maxJsonSize")
    void tooMuchData() {
      try (RetrofitTransport small = RetrofitTransport.builder().maxJsonSize(4096).build()) {
        server.enqueue(sse(("data: {\"note\":\"" + "n".repeat(1000) + "\"}\n\n").repeat(10)).build());
        List<String> types = new ArrayList<>();

        assertThatThrownBy(() -> small.newCall(request()).execute(e -> types.add("event")))
            .isInstanceOf(TransportException.class)
            .hasMessageContaining("maxJsonSize");
        assertThat(types).hasSizeLessThan(5);
      }
    }

    @Test
    @DisplayName("when an event's data is malformed JSON")
    void malformed() {
      server.enqueue(sse("data: {\"b64_json\":\"iVBORw0KGgo=\",}\n\n").build());

      assertThatThrownBy(() -> read(new ArrayList<>()))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("not valid JSON");
      assertThat(ends).hasSize(1);
    }

    @Test
    @DisplayName("and an exception from the handler reaches the caller unchanged")
    void handlerThrows() throws IOException {
      server.enqueue(sse(partial(0, PARTIAL_0) + completed(FINAL)).build());
      IllegalStateException stop = new IllegalStateException("the listener stops");

      assertThatThrownBy(() -> transport.newCall(request()).execute(event -> {
        ((ImageData) JsonTree.get(event.data().json(), "b64_json")).release();
        throw stop;
      })).isSameAs(stop);
      assertThat(ends).hasSize(1);
      assertThat(spilled()).isEmpty();
    }
  }

  @Test
  @DisplayName("events written by a server one at a time are handed over before the stream ends")
  void incremental() {
    String first = partial(0, PARTIAL_0);
    String rest = partial(1, PARTIAL_1) + completed(FINAL);
    java.util.concurrent.CountDownLatch firstSeen = new java.util.concurrent.CountDownLatch(1);
    server.enqueue(sse("").body(new MockResponseBody() {
      @Override
      public long getContentLength() {
        return first.length() + rest.length(); // the SSE text is ASCII
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.writeUtf8(first);
        sink.flush();
        try {
          // The rest is written only once the client has handed over the first event.
          if (!firstSeen.await(10, java.util.concurrent.TimeUnit.SECONDS)) throw new IOException("never seen");
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        sink.writeUtf8(rest);
      }
    }).build());
    List<String> types = new ArrayList<>();

    transport.newCall(request()).execute(event -> {
      types.add(event.type());
      ((ImageData) JsonTree.get(event.data().json(), "b64_json")).release();
      firstSeen.countDown();
      return true;
    });

    assertThat(types).hasSize(3);
  }
}
