package io.github.imageedits.transport.retrofit;

import io.github.imageedits.TransportException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
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
          + uri.getHost() + "': only http and https URLs are supported", null);
    }
    if (!url.isHttps() && !isLoopback(url.host())) {
      throw new TransportException("Refusing " + method + " " + Redaction.url(url)
          + ": plain http is only allowed to a loopback address (localhost, 127.0.0.0/8, ::1);"
          + " use https, which keeps the API key off the wire in clear text", null);
    }
    return url;
  }

  /** True for {@code localhost}, 127.0.0.0/8 and ::1 (and IPv4-mapped forms), decided without DNS. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    if (h.equals("localhost") || h.equals("localhost.")) return true;
    if (isIpv4Literal(h)) return h.startsWith("127.");
    if (h.indexOf(':') >= 0 && h.matches("[0-9a-f:.]+")) {
      try {
        // An IPv6 literal: getByName parses it without a lookup (it contains ':', so it is no name).
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  private static boolean isIpv4Literal(String h) {
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4) return false;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) return false;
      if (Integer.parseInt(part) > 255) return false;
    }
    return true;
  }
}
