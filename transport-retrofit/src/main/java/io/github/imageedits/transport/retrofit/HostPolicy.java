package io.github.imageedits.transport.retrofit;

import io.github.imageedits.TransportException;
import io.github.imageedits.spi.ProviderContext;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Which URLs the transport sends to: https anywhere, plain http only to this machine. A bearer token
 * sent over plain http can be read by anyone on the path; a loopback emulator or MockWebServer is the
 * one place where http is harmless.
 *
 * <p>The check never resolves a name: a DNS lookup is already network I/O and could itself leak
 * the host being contacted. Only {@code localhost} and loopback IP literals count as loopback.
 */
final class HostPolicy {
  private HostPolicy() {}

  /** {@code uri} as an OkHttp URL, or a {@link TransportException} before any I/O. */
  static HttpUrl check(String method, URI uri) {
    HttpUrl url = HttpUrl.parse(uri.toString());
    if (url == null) {
      throw new TransportException("Refusing " + method + " to '" + uri.getScheme() + "://"
          + uri.getHost() + "': only http and https URLs are supported", null, false);
    }
    if (!url.isHttps() && !isLoopback(url.host())) {
      throw new TransportException("Refusing " + method + " " + Redaction.url(url)
          + ": plain http is only allowed to a loopback address (localhost, 127.0.0.0/8, ::1);"
          + " use https, which keeps the API key off the wire in clear text", null, false);
    }
    return url;
  }

  /**
   * Refuses a plain-http request (only ever to loopback, see {@link #check}) that {@code client}
   * would send through a proxy that is not on this machine: the proxy would read the API key in
   * clear text, and "localhost" at the proxy is another machine anyway. An https request through
   * an HTTP proxy is tunnelled (CONNECT) and encrypted end to end, so it may use any proxy.
   * {@code uri} is {@code url} as the caller gave it, for the selector (which needs only its scheme,
   * host and port), so that no second {@link URI} is parsed per call.
   */
  static void checkProxy(String method, HttpUrl url, URI uri, OkHttpClient client) {
    if (url.isHttps()) return;
    List<Proxy> proxies;
    if (client.proxy() != null) {
      proxies = List.of(client.proxy());
    } else {
      try {
        proxies = client.proxySelector().select(uri);
      } catch (RuntimeException e) {
        return; // OkHttp reports a selector that fails when it connects
      }
    }
    for (Proxy proxy : proxies == null ? List.<Proxy>of() : proxies) {
      if (proxy.type() == Proxy.Type.DIRECT) continue;
      String host = proxy.address() instanceof InetSocketAddress a ? a.getHostString() : null;
      if (host != null && isLoopback(host)) continue;
      String where = proxy.address() instanceof InetSocketAddress a ? a.getHostString() + ":" + a.getPort()
          : String.valueOf(proxy.address());
      throw new TransportException("Refusing " + method + " " + Redaction.url(url) + " through the proxy "
          + where + ": plain http through a proxy that is not on this machine would show it the API key"
          + " in clear text; use https (tunnelled through the proxy, encrypted end to end) or no proxy"
          + " for this loopback address", null, false);
    }
  }

  /** True for {@code localhost}, 127.0.0.0/8 and ::1, decided without DNS (one rule for the whole library). */
  static boolean isLoopback(String host) {
    return ProviderContext.isLoopback(host);
  }
}
