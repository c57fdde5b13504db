package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ApiKey;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditException;
import io.github.imageedits.RetryEvent;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.Timeouts;
import io.github.imageedits.acedata.AceData;
import io.github.imageedits.chainhub.ChainHub;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireRequest;
import io.github.imageedits.testkit.TestImages;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A canary key through every path a key could leak by: the HTTP log with everything logged, every
 * log record of OkHttp and of this library at any level, the message and stack trace of every
 * failure (with causes and suppressed), and the {@code toString()} of every value and client that
 * holds or carries the key. Both providers, success and failure paths.
 */
@DisplayName("The API key never shows")
class CanaryKeyTest {
  static final String CANARY = "sk-canary-7f3Kq9ZpX2-not-a-real-key";

  @TempDir Path dir;
  private final MockWebServer server = new MockWebServer();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      // The server side of the test is not the library: MockWebServer may log what it received.
      if (record.getLoggerName() != null && record.getLoggerName().startsWith("mockwebserver3")) return;
      seen.add(record.getLoggerName() + " " + record.getLevel() + " " + record.getMessage());
      if (record.getThrown() != null) seen.add(stackTrace(record.getThrown()));
      if (record.getParameters() != null) for (Object p : record.getParameters()) seen.add(String.valueOf(p));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final List<Level> levels = new ArrayList<>();
  private static final String[] LOGGERS = {"", "okhttp3", "io.github.imageedits"};

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
    for (String name : LOGGERS) {
      Logger logger = Logger.getLogger(name);
      levels.add(logger.getLevel());
      logger.setLevel(Level.ALL);
    }
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void stop() {
    Logger.getLogger("").removeHandler(capture);
    for (int i = 0; i < LOGGERS.length; i++) Logger.getLogger(LOGGERS[i]).setLevel(levels.get(i));
    server.close();
  }

  private ImageEditClient client(String provider) {
    RetrofitTransport transport = RetrofitTransport.builder().logger(seen::add).build();
    seen.add(transport.toString());
    return ImageEdits.builder().provider(provider).apiKey(CANARY)
        .baseUrl("http://127.0.0.1:" + server.getPort()).transport(transport)
        .retryPolicy(RetryPolicy.builder().initialDelay(Duration.ofMillis(1)).build())
        .retryListener(e -> seen.add(e.toString()))
        .build();
  }

  private EditRequest request() {
    return EditRequest.builder().model("gpt-image-1").prompt("Paint the roof blue")
        .image(TestImages.png(dir, "house.png", 32, 32))
        .timeouts(Timeouts.builder().read(Duration.ofMillis(500)).build()).build();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {AceData.NAME, ChainHub.NAME})
  @DisplayName("in the HTTP log, other logs, messages and toString, on success and on every failure")
  void everywhere(String provider) {
    String ok = provider.equals(AceData.NAME) ? ReliabilityTest.OK
        : "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"![x](https://cdn.example.com/x.png)\"}}]}";
    server.enqueue(json(200, ok));
    server.enqueue(json(401, "{\"success\":false,\"error\":{\"code\":\"invalid_token\",\"message\":\"Invalid token\"}}"));
    server.enqueue(json(503, "{\"error\":{\"message\":\"busy\"}}").newBuilder().setHeader("Retry-After", "0").build());
    server.enqueue(new MockResponse.Builder().code(500).addHeader("Content-Type", "text/html")
        .body("<html><body>Internal Server Error</body></html>").build());
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    server.enqueue(json(200, ok.substring(0, ok.length() / 2)));
    server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", "http://localhost:1/steal").build());

    List<Object> outcomes = new ArrayList<>();
    try (ImageEditClient client = client(provider)) {
      seen.add(client.toString());
      EditResult result = client.edit(request());
      outcomes.add(result);
      for (int i = 0; i < 6; i++) outcomes.add(catchThrowable(() -> client.edit(request())));
    }

    assertThat(outcomes).hasSize(7);
    assertThat(outcomes.subList(1, 7)).allSatisfy(o -> assertThat(o).isInstanceOf(ImageEditException.class));
    for (Object outcome : outcomes) {
      seen.add(outcome.toString());
      if (outcome instanceof Throwable t) seen.add(stackTrace(t));
    }
    assertThat(seen).as("the HTTP log has lines").anyMatch(l -> l.startsWith("--> POST"));
    assertThat(seen).as("the Authorization header is logged, masked").anyMatch(l -> l.contains("Authorization: ██"));
    assertThat(seen).as("a retry was logged").anyMatch(l -> l.contains("retrying in"));
    assertNoCanary(seen);
  }

  @Test
  @DisplayName("in the toString of any value or client that holds or carries it")
  void toStrings() {
    ProviderAdapter adapter = new AceData();
    ProviderContext context = new ProviderContext(URI.create("https://api.acedata.cloud"), ApiKey.of(CANARY));
    EditRequest request = request();
    PreparedEdit edit = Preparation.prepare(request, adapter.capabilities());
    WireRequest wire = adapter.toWire(edit, context).toBuilder().timeouts(request.timeouts()).build();
    assertThat(wire.headers().get("Authorization")).as("the key is on the wire").isEqualTo("Bearer " + CANARY);
    List<String> strings = new ArrayList<>();
    try (RetrofitTransport transport = RetrofitTransport.create();
         ImageEditClient adapterClient = ImageEdits.builder().provider(adapter).apiKey(CANARY).build();
         ImageEditClient facade = ImageEdits.builder().provider(ChainHub.NAME).apiKey(CANARY).build()) {
      Transport.Call call = transport.newCall(wire);
      strings.addAll(List.of(ApiKey.of(CANARY).toString(), context.toString(), request.toString(),
          edit.toString(), wire.toString(), wire.body().toString(), call.toString(), transport.toString(),
          adapterClient.toString(), facade.toString(), ImageEdits.builder().apiKey(CANARY).toString(),
          RetryPolicy.defaults().toString(), request.timeouts().toString(),
          new RetryEvent("acedata", 1, Duration.ZERO, null,
              new io.github.imageedits.TransportException("x", null)).toString()));
      call.cancel();
    }
    assertNoCanary(strings);
  }

  @Test
  @DisplayName("when a plain-http URL to another host is refused, before anything is sent")
  void plainHttpRefused() {
    assertThatThrownBy(() -> ImageEdits.builder().provider(AceData.NAME).apiKey(CANARY)
        .baseUrl("http://api.acedata.cloud").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain http")
        .satisfies(e -> assertNoCanary(List.of(stackTrace(e))));
  }

  @Test
  @DisplayName("and is taken only from explicit configuration: no key, no client")
  void onlyExplicitKeys() {
    assertThatThrownBy(() -> ImageEdits.builder().provider(AceData.NAME).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no API key");
    assertThatThrownBy(() -> ImageEdits.builder().provider(ChainHub.NAME).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no API key");
  }

  static void assertNoCanary(List<String> texts) {
    assertThat(texts).isNotEmpty();
    for (String text : texts) {
      assertThat(text).as("text that must not show the key").doesNotContain(CANARY)
          // A key cut short or its distinctive middle is a leak too.
          .doesNotContain(CANARY.substring(3, 20));
    }
  }

  static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
