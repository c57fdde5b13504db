package io.github.imageedits.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The proxy conventions curl users expect, read from an injected environment (the real one is left alone). */
@DisplayName("--proxy and the proxy environment variables")
class ProxySettingsTest {
  static final URI API = URI.create("https://api.acedata.cloud/openai/images/edits");

  static Proxy http(String host, int port) {
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
  }

  static List<Proxy> select(String flag, Map<String, String> env, URI uri) {
    return ProxySettings.of(flag, env).select(uri);
  }

  @Test
  @DisplayName("no flag and no variables: null, so the JVM's own settings apply as before")
  void nothing() {
    assertThat(ProxySettings.of(null, Map.of("NO_PROXY", "example.com"))).isNull();
  }

  @Test
  @DisplayName("HTTPS_PROXY or https_proxy for https; HTTP_PROXY or http_proxy for http; ALL_PROXY for either")
  void variables() {
    assertThat(select(null, Map.of("HTTPS_PROXY", "http://proxy.internal:3128"), API))
        .containsExactly(http("proxy.internal", 3128));
    assertThat(select(null, Map.of("https_proxy", "proxy.internal:8080"), API))
        .containsExactly(http("proxy.internal", 8080));
    assertThat(select(null, Map.of("HTTP_PROXY", "http://plain.internal:3128"), URI.create("http://gw.example/x")))
        .containsExactly(http("plain.internal", 3128));
    assertThat(select(null, Map.of("HTTP_PROXY", "http://plain.internal:3128"), API))
        .as("HTTP_PROXY is not for https").containsExactly(Proxy.NO_PROXY);
    assertThat(select(null, Map.of("ALL_PROXY", "socks5://socks.internal"), API))
        .containsExactly(new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved("socks.internal", 1080)));
  }

  @Test
  @DisplayName("--proxy wins over the variables")
  void flagWins() {
    assertThat(select("http://flag.internal:1", Map.of("HTTPS_PROXY", "http://env.internal:2"), API))
        .containsExactly(http("flag.internal", 1));
  }

  @Test
  @DisplayName("NO_PROXY hosts go direct: exact, subdomains, a leading dot, a port, *; also with --proxy")
  void noProxy() {
    Map<String, String> env = Map.of("HTTPS_PROXY", "http://proxy.internal:3128",
        "NO_PROXY", " internal.example , .acedata.cloud,gw.example:8443");
    assertThat(select(null, env, API)).containsExactly(Proxy.NO_PROXY);
    assertThat(select(null, env, URI.create("https://internal.example/x"))).containsExactly(Proxy.NO_PROXY);
    assertThat(select(null, env, URI.create("https://a.internal.example/x"))).containsExactly(Proxy.NO_PROXY);
    assertThat(select(null, env, URI.create("https://gw.example/x"))).containsExactly(Proxy.NO_PROXY);
    assertThat(select(null, env, URI.create("https://notinternal.example/x")))
        .containsExactly(http("proxy.internal", 3128));
    assertThat(select("http://flag.internal:1", env, API)).containsExactly(Proxy.NO_PROXY);
    assertThat(select(null, Map.of("HTTPS_PROXY", "p:1", "no_proxy", "*"), API)).containsExactly(Proxy.NO_PROXY);
  }

  @Test
  @DisplayName("loopback targets go direct by default")
  void loopback() {
    Map<String, String> env = Map.of("HTTPS_PROXY", "http://proxy.internal:3128", "HTTP_PROXY", "http://proxy.internal:3128");
    for (String target : new String[] {"http://localhost:8080/x", "http://127.0.0.1:8080/x", "http://[::1]:8080/x"}) {
      assertThat(select(null, env, URI.create(target))).as(target).containsExactly(Proxy.NO_PROXY);
    }
  }

  @Test
  @DisplayName("a bad value names where it came from")
  void badValues() {
    assertThatThrownBy(() -> ProxySettings.of("ftp://p:21", Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--proxy uses 'ftp'");
    assertThatThrownBy(() -> ProxySettings.of(null, Map.of("HTTPS_PROXY", "http://u:secret@p:1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("HTTPS_PROXY")
        .hasMessageNotContaining("secret");
  }
}
