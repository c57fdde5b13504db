package io.github.imageedits.transport.retrofit;

import io.github.imageedits.TransportException;
import io.github.imageedits.spi.ProviderContext;
import java.net.URI;
import okhttp3.HttpUrl;

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

  /** True for {@code localhost}, 127.0.0.0/8 and ::1, decided without DNS (one rule for the whole library). */
  static boolean isLoopback(String host) {
    return ProviderContext.isLoopback(host);
  }
}
