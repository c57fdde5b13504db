package io.github.imageedits.client;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.Locale;

/**
 * The proxy the built-in transport goes through: one proxy, a selector that chooses per URL, or
 * neither (the JVM's proxy settings).
 */
record ProxyChoice(Proxy proxy, ProxySelector selector) {
  static final ProxyChoice JVM_DEFAULT = new ProxyChoice(null, null);

  boolean isSet() {
    return proxy != null || selector != null;
  }

  /**
   * A proxy written as a URL, the way curl and the {@code HTTPS_PROXY} convention write it:
   * {@code http://host:port} (port 80 when absent; https is tunnelled through it with CONNECT) or
   * {@code socks5://host:port} (port 1080 when absent). A bare {@code host:port} is read as http.
   */
  static Proxy parse(String url) {
    String text = url.strip();
    if (!text.contains("://")) text = "http://" + text;
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("proxy is not a URL: " + url + " (write http://host:port)");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("proxy has no host: " + url + " (write http://host:port)");
    }
    if (uri.getUserInfo() != null) {
      // Proxy credentials would need an authenticator the built-in transport does not set up.
      throw new IllegalArgumentException("proxy URLs with a user name or password are not supported;"
          + " give a transport whose OkHttpClient has a proxyAuthenticator");
    }
    Proxy.Type type = switch (scheme) {
      case "http" -> Proxy.Type.HTTP;
      case "socks", "socks5", "socks5h" -> Proxy.Type.SOCKS;
      default -> throw new IllegalArgumentException("proxy scheme '" + scheme + "' is not supported: "
          + url + " (use http://host:port or socks5://host:port)");
    };
    int port = uri.getPort() != -1 ? uri.getPort() : type == Proxy.Type.HTTP ? 80 : 1080;
    // Unresolved: the name is looked up when the proxy is used, not while the client is built.
    return new Proxy(type, InetSocketAddress.createUnresolved(uri.getHost(), port));
  }
}
