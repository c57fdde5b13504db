package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.imageedits.TransportException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

/** The builder's proxy, with a MockWebServer on loopback as the proxy; nothing leaves loopback. */
@DisplayName("Through a proxy")
class ProxyTest {
  /** A documentation address (RFC 5737): never contacted, the proxy answers for it. */
  private static final URI REMOTE_HTTPS = URI.create("https://203.0.113.1/openai/images/edits");
  private static final Proxy REMOTE_PROXY = new Proxy(Proxy.Type.HTTP,
      InetSocketAddress.createUnresolved("203.0.113.9", 3128));

  @RegisterExtension final LoopbackServer proxy = new LoopbackServer();

  @Test
  @DisplayName("a plain-http request to loopback goes through a proxy on loopback")
  void plainHttpViaLoopbackProxy() throws Exception {
    proxy.enqueue(new MockResponse.Builder().body("{\"created\":1}").build());
    URI target = URI.create("http://localhost:1/v1/images/edits"); // nothing listens there
    try (RetrofitTransport transport = RetrofitTransport.builder().proxy(proxy.proxyAddress()).build()) {
      assertThat(transport.newCall(Requests.post(target)).execute().status()).isEqualTo(200);
    }
    RecordedRequest received = proxy.take();
    assertThat(received.getTarget()).isEqualTo("http://localhost:1/v1/images/edits");
  }

  @Test
  @DisplayName("https goes through an HTTP proxy as a CONNECT tunnel: the proxy never sees the key")
  void httpsTunnels() throws Exception {
    proxy.enqueue(new MockResponse.Builder().code(403).build()); // the proxy refuses the tunnel
    try (RetrofitTransport transport = RetrofitTransport.builder().proxy(proxy.proxyAddress()).build()) {
      TransportException failure = catchThrowableOfType(TransportException.class,
          () -> transport.newCall(Requests.post(REMOTE_HTTPS)).execute());
      assertThat(failure).hasMessageContaining("CONNECT").hasMessageNotContaining("could not reach");
      assertThat(failure.requestMayHaveBeenProcessed()).isFalse();
    }
    RecordedRequest connect = proxy.take();
    assertThat(connect.getMethod()).isEqualTo("CONNECT");
    assertThat(connect.getTarget()).isEqualTo("203.0.113.1:443");
    assertThat(connect.getHeaders().toString()).doesNotContain(Requests.KEY);
    assertThat(connect.getHeaders().get("Authorization")).isNull();
  }

  @Test
  @DisplayName("a proxy that cannot be reached is named as the proxy in the failure (https, http, downloads)")
  void unreachable() throws Exception {
    int port = LoopbackServer.closedPort();
    Proxy dead = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", port));
    try (RetrofitTransport transport = RetrofitTransport.builder().proxy(dead).build()) {
      for (URI target : new URI[] {REMOTE_HTTPS, URI.create("http://localhost:1/v1/images/edits")}) {
        TransportException failure = catchThrowableOfType(TransportException.class,
            () -> transport.newCall(Requests.post(target)).execute());
        assertThat(failure)
            .hasMessageStartingWith("POST " + target)
            .hasMessageContaining("could not reach the proxy 127.0.0.1:" + port)
            .hasMessageNotContaining(Requests.KEY);
        assertThat(failure.requestMayHaveBeenProcessed()).isFalse();
      }
      assertThatThrownBy(() -> transport.download(URI.create("https://203.0.113.1/r.png"), 1024))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("could not reach the proxy 127.0.0.1:" + port);
    }
  }

  @Test
  @DisplayName("plain http through a proxy that is not on loopback is refused before any connection")
  void plainHttpViaRemoteProxyRefused() {
    URI target = URI.create("http://127.0.0.1:8080/v1/images/edits");
    SecurityTest.NetworkSpy spy = new SecurityTest.NetworkSpy();
    try (RetrofitTransport transport = RetrofitTransport.builder().client(spy.client()).proxy(REMOTE_PROXY).build()) {
      assertThatThrownBy(() -> transport.newCall(Requests.post(target)))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("through the proxy 203.0.113.9:3128")
          .hasMessageContaining("clear text")
          .hasMessageNotContaining(Requests.KEY);
      // https through the same proxy is fine: it is tunnelled.
      assertThat(transport.newCall(Requests.post(REMOTE_HTTPS))).isNotNull();
    }
    assertThat(spy.events).isEmpty();
  }

  @Test
  @DisplayName("the same holds for a proxy a ProxySelector or the caller's client chooses")
  void selectorAndClientProxy() {
    URI target = URI.create("http://localhost:8080/v1/images/edits");
    try (RetrofitTransport selected = RetrofitTransport.builder()
        .proxySelector(ProxySelector.of(new InetSocketAddress("203.0.113.9", 3128))).build();
        RetrofitTransport callers = RetrofitTransport.builder()
            .client(new OkHttpClient.Builder().proxy(REMOTE_PROXY).build()).build()) {
      assertThatThrownBy(() -> selected.newCall(Requests.post(target)))
          .isInstanceOf(TransportException.class).hasMessageContaining("proxy 203.0.113.9:3128");
      assertThatThrownBy(() -> callers.newCall(Requests.post(target)))
          .isInstanceOf(TransportException.class).hasMessageContaining("proxy 203.0.113.9:3128");
    }
  }

  @Test
  @DisplayName("the builder refuses a null proxy or selector")
  void nulls() {
    RetrofitTransport.Builder builder = RetrofitTransport.builder();
    assertThatThrownBy(() -> builder.proxy(null)).isInstanceOf(NullPointerException.class).hasMessage("proxy == null");
    assertThatThrownBy(() -> builder.proxySelector(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("selector == null");
  }
}
