package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageSource;
import io.github.imageedits.TransportException;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The builder's proxy reaches the transport it builds: MockWebServer on loopback plays the proxy
 * (it records the absolute-form target a client sends to an HTTP proxy); the API's address is a
 * loopback port where nothing listens, so only the proxy can answer.
 */
@DisplayName("ImageEdits.builder().proxy(…)")
class BuilderProxyTest {
  /** Nothing listens here: a request that arrives anyway went through the proxy. */
  private static final String API = "http://localhost:1";

  private final MockWebServer proxy = new MockWebServer();
  private EditRequest request;

  @BeforeEach
  void start() throws IOException {
    proxy.start();
    byte[] png = BorrowedTransportTest.png();
    request = EditRequest.builder().model("plain-1").prompt("p").image(ImageSource.bytes("in.png", png)).build();
    proxy.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"created\":1,\"data\":[{\"b64_json\":\""
            + Base64.getEncoder().encodeToString(png) + "\"}]}").build());
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  private ImageEdits.Builder builder() {
    return ImageEdits.builder().provider(new BorrowedTransportTest.Plain()).apiKey("k").baseUrl(API);
  }

  private void editsThroughTheProxy(ImageEdits.Builder builder) throws InterruptedException {
    try (ImageEditClient client = builder.build()) {
      assertThat(client.edit(request).images()).hasSize(1);
    }
    RecordedRequest received = proxy.takeRequest(5, TimeUnit.SECONDS);
    assertThat(received).as("a request reached the proxy").isNotNull();
    assertThat(received.getTarget()).isEqualTo(API + "/v1/images/edits");
  }

  @Test
  @DisplayName("as a URL, the way HTTPS_PROXY writes it")
  void url() throws Exception {
    editsThroughTheProxy(builder().proxy("http://127.0.0.1:" + proxy.getPort()));
  }

  @Test
  @DisplayName("as a java.net.Proxy")
  void proxy() throws Exception {
    editsThroughTheProxy(builder().proxy(proxy.getProxyAddress()));
  }

  @Test
  @DisplayName("as a ProxySelector")
  void selector() throws Exception {
    editsThroughTheProxy(builder().proxySelector(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.getPort()))));
  }

  @Test
  @DisplayName("a proxy that cannot be reached is named as the proxy")
  void unreachable() throws IOException {
    int port;
    try (MockWebServer closed = new MockWebServer()) {
      closed.start();
      port = closed.getPort();
    }
    try (ImageEditClient client = builder().proxy("http://127.0.0.1:" + port).build()) {
      assertThatThrownBy(() -> client.edit(request)).isInstanceOf(TransportException.class)
          .hasMessageContaining("could not reach the proxy 127.0.0.1:" + port);
    }
  }

  @Test
  @DisplayName("a URL that is not an http or socks proxy is refused, saying how to write one")
  void badUrls() {
    assertThatThrownBy(() -> builder().proxy("ftp://proxy.internal:21"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ftp' is not supported")
        .hasMessageContaining("http://host:port");
    assertThatThrownBy(() -> builder().proxy("http://user:secret@proxy.internal:3128"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
    assertThat(ProxyChoice.parse("proxy.internal").address())
        .isEqualTo(InetSocketAddress.createUnresolved("proxy.internal", 80));
    assertThat(ProxyChoice.parse("socks5://proxy.internal").type()).isEqualTo(Proxy.Type.SOCKS);
  }

  @Test
  @DisplayName("is refused with a borrowed transport, which keeps its own")
  void notWithABorrowedTransport() {
    try (RetrofitTransport transport = RetrofitTransport.create()) {
      assertThatThrownBy(() -> builder().transport(transport).proxy(proxy.getProxyAddress()).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("set the proxy on that transport");
    }
  }

  @Test
  @DisplayName("a missing key says which provider wants it and how to give it, at apiKey(null) and at build()")
  void missingKey() {
    ImageEdits.Builder named = ImageEdits.builder().provider(new BorrowedTransportTest.Plain());
    assertThatThrownBy(() -> named.apiKey((String) null)).isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("apiKey == null: no API key for plain")
        .hasMessageContaining("apiKey(System.getenv(");
    assertThatThrownBy(() -> named.baseUrl(API).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no API key for plain: call apiKey(key)");
  }
}
