package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.ImageSource;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.SocketFactory;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The key stays safe")
class SecurityTest {
  /** A key that must never show up anywhere but in the Authorization header on the wire. */
  private static final String CANARY = "sk-canary-7f3a9c1e5b2d4068";

  @TempDir Path dir;
  private MockWebServer server;
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + CANARY);
    headers.put("X-Api-Key", CANARY);
    headers.put("api-key", CANARY); // Azure OpenAI's key header
    headers.put("Accept", "application/json");
    return headers;
  }

  private static WireRequest request(URI url) {
    return WireRequest.builder().method("POST").url(url).headers(headers()).body(new WireRequest.Json(Map.of("model", "gpt-image-2"))).build();
  }

  /** Records every sign of network activity a call could cause. */
  static final class NetworkSpy extends EventListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void callStart(Call call) {
      events.add("callStart");
    }

    @Override
    public void dnsStart(Call call, String domainName) {
      events.add("dns " + domainName);
    }

    @Override
    public void connectStart(Call call, java.net.InetSocketAddress address, java.net.Proxy proxy) {
      events.add("connect " + address);
    }

    OkHttpClient client() {
      return new OkHttpClient.Builder()
          .eventListener(this)
          .dns(hostname -> {
            events.add("lookup " + hostname);
            throw new java.net.UnknownHostException("no lookups in this test");
          })
          .socketFactory(new SocketFactory() {
            @Override
            public Socket createSocket() {
              events.add("socket");
              return new Socket();
            }

            @Override
            public Socket createSocket(String host, int port) {
              throw new AssertionError("socket to " + host);
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) {
              throw new AssertionError("socket to " + host);
            }

            @Override
            public Socket createSocket(InetAddress host, int port) {
              throw new AssertionError("socket to " + host);
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) {
              throw new AssertionError("socket to " + host);
            }
          })
          .build();
    }
  }

  @Nested
  @DisplayName("plain http")
  class PlainHttp {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "http://203.0.113.1/openai/images/edits",
        "http://api.acedata.example/openai/images/edits",
        "http://localhost.example.com/v1/images/edits",
        "http://127.0.0.1.nip.example/v1/images/edits"})
    @DisplayName("to a host that is not loopback is refused before any DNS lookup or connection")
    void refused(String url) {
      NetworkSpy spy = new NetworkSpy();
      try (RetrofitTransport transport = RetrofitTransport.builder().client(spy.client()).build()) {
        assertThatThrownBy(() -> transport.newCall(request(URI.create(url))).execute())
            .isInstanceOf(TransportException.class)
            .hasMessageContaining("plain http")
            .hasMessageContaining(URI.create(url).getHost())
            .hasMessageNotContaining(CANARY);
      }
      assertThat(spy.events).isEmpty();
    }

    @Test
    @DisplayName("https to the same host is accepted (and nothing is sent before execute)")
    void httpsAccepted() {
      NetworkSpy spy = new NetworkSpy();
      try (RetrofitTransport transport = RetrofitTransport.builder().client(spy.client()).build()) {
        assertThat(transport.newCall(request(URI.create("https://203.0.113.1/openai/images/edits")))).isNotNull();
      }
      assertThat(spy.events).isEmpty();
    }

    @Test
    @DisplayName("a scheme other than http(s) is refused")
    void otherScheme() {
      try (RetrofitTransport transport = RetrofitTransport.create()) {
        assertThatThrownBy(() -> transport.newCall(request(URI.create("ftp://203.0.113.1/x"))))
            .isInstanceOf(TransportException.class)
            .hasMessageContaining("only http and https");
      }
    }

    @Test
    @DisplayName("to 127.0.0.1 and localhost is allowed")
    void loopbackAllowed() {
      try (RetrofitTransport transport = RetrofitTransport.create()) {
        for (String host : List.of("127.0.0.1", "localhost")) {
          server.enqueue(new MockResponse.Builder().body("{}").build());
          URI url = URI.create("http://" + host + ":" + server.getPort() + "/v1/images/edits");
          assertThat(transport.newCall(request(url)).execute().status()).isEqualTo(200);
        }
      }
    }

    @Test
    @DisplayName("loopback is judged from the literal: localhost, 127.0.0.0/8 and ::1 only")
    void loopbackLiterals() {
      assertThat(List.of("localhost", "LOCALHOST", "127.0.0.1", "127.8.9.10", "::1", "[::1]", "0:0:0:0:0:0:0:1",
          "::ffff:127.0.0.1")).allMatch(HostPolicy::isLoopback);
      assertThat(List.of("203.0.113.1", "128.0.0.1", "0.0.0.0", "::2", "::", "localhost.example.com",
          "127.0.0.1.example.com", "127.0.0.256", "10.0.0.1", "example.com")).noneMatch(HostPolicy::isLoopback);
    }
  }

  @Nested
  @DisplayName("redirects")
  class Redirects {
    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    @DisplayName("are returned as replies, never followed: the other host receives nothing")
    void notFollowed(int code) throws Exception {
      try (MockWebServer other = new MockWebServer(); RetrofitTransport transport = RetrofitTransport.create()) {
        other.start();
        other.enqueue(new MockResponse.Builder().body("{}").build());
        server.enqueue(new MockResponse.Builder().code(code)
            .addHeader("Location", other.url("/steal").toString()).build());

        WireReply reply = transport.newCall(request(server.url("/openai/images/edits").uri())).execute();

        assertThat(reply.status()).isEqualTo(code);
        assertThat(reply.header("location")).isEqualTo(other.url("/steal").toString());
        assertThat(reply.json()).isNull();
        assertThat(other.getRequestCount()).isZero();
        RecordedRequest first = server.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer " + CANARY);
      }
    }
  }

  @Nested
  @DisplayName("the canary key")
  class Canary {
    private List<Throwable> chain(Throwable t) {
      List<Throwable> all = new ArrayList<>();
      for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) all.add(c);
      return all;
    }

    private void assertClean(Throwable failure) {
      for (Throwable t : chain(failure)) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(CANARY);
        assertThat(t.toString()).doesNotContain(CANARY);
      }
    }

    @Test
    @DisplayName("is masked in the HTTP log, which still shows method, URL, status and durations")
    void logged() throws IOException {
      Path photo = Files.write(dir.resolve("photo.png"), TestFiles.png(16, false));
      server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
          .addHeader("Set-Cookie", "session=" + CANARY).body("{\"created\":1}").build());
      WireRequest upload = WireRequest.builder().method("POST").url(server.url("/v1/images/edits?key=" + CANARY).uri()).headers(headers()).body(new WireRequest.Multipart(List.of(new WireRequest.FilePart("image", "photo.png", "image/png",
              ImageSource.file(photo), Files.size(photo))))).build();

      try (RetrofitTransport transport = RetrofitTransport.builder().logger(log::add).build()) {
        assertThat(transport.newCall(upload).execute().status()).isEqualTo(200);
      }

      assertThat(log).noneMatch(line -> line.contains(CANARY));
      assertThat(log).anyMatch(line -> line.startsWith("--> POST http://") && line.contains("/v1/images/edits?…")
          && line.contains("multipart/form-data") && line.contains(" bytes"));
      assertThat(log).contains("    Authorization: ██", "    X-Api-Key: ██", "    api-key: ██",
          "    Accept: application/json");
      assertThat(log).anyMatch(line -> line.startsWith("<-- 200 POST") && line.contains("ms to headers"));
      assertThat(log).anyMatch(line -> line.startsWith("<-- END 200") && line.contains("json") && line.contains("ms in total"));
    }

    @Test
    @DisplayName("is absent from exception messages and the log when the connection breaks")
    void brokenConnection() {
      server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
      try (RetrofitTransport transport = RetrofitTransport.builder().logger(log::add).build()) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
            () -> transport.newCall(request(server.url("/x?api_key=" + CANARY).uri())).execute());
        assertThat(failure).isInstanceOf(TransportException.class);
        assertClean(failure);
      }
      assertThat(log).anyMatch(line -> line.startsWith("<-- FAILED POST"));
      assertThat(log).noneMatch(line -> line.contains(CANARY));
    }

    @Test
    @DisplayName("is absent from the timeout message")
    void timeout() {
      server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
      try (RetrofitTransport transport = RetrofitTransport.builder()
          .logger(log::add).readTimeout(Duration.ofMillis(200)).build()) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
            () -> transport.newCall(request(server.url("/x").uri())).execute());
        assertThat(failure).isInstanceOf(io.github.imageedits.EditTimeoutException.class);
        assertClean(failure);
      }
      assertThat(log).noneMatch(line -> line.contains(CANARY));
    }

    @Test
    @DisplayName("is absent from the message when a header cannot be sent")
    void badHeader() {
      Map<String, String> headers = Map.of("Authorization", "Bearer " + CANARY + "\r\nX-Injected: 1");
      WireRequest request = WireRequest.builder().method("POST").url(server.url("/x").uri()).headers(headers).body(new WireRequest.Json(Map.of())).build();
      try (RetrofitTransport transport = RetrofitTransport.create()) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> transport.newCall(request));
        assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Authorization");
        assertClean(failure);
      }
      assertThat(server.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("is absent from the transport's and the request's toString")
    void toStrings() {
      try (RetrofitTransport transport = RetrofitTransport.create()) {
        assertThat(transport.toString()).doesNotContain(CANARY)
            .contains("connect 10 s", "write 120 s", "read 300 s", "call 600 s");
        assertThat(transport.newCall(request(server.url("/x").uri())).toString()).doesNotContain(CANARY);
      }
    }
  }
}
