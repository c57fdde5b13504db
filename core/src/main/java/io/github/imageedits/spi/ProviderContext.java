package io.github.imageedits.spi;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.ApiKey;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where and as whom an adapter talks to its provider.
 *
 * <p>The base URL must be absolute http(s); plain http is refused unless the host is a loopback
 * address, so an API key never crosses a network unencrypted.
 *
 * @param baseUrl the API root, for example {@code https://api.acedata.cloud}; the adapter appends its paths
 * @param apiKey the credential
 */
public record ProviderContext(URI baseUrl, ApiKey apiKey) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  public ProviderContext {
    requireNonNull(baseUrl, "baseUrl == null");
    requireNonNull(apiKey, "apiKey == null");
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (baseUrl.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException("base URL must be an absolute http(s) URL: " + baseUrl);
    }
    if (scheme.equals("http") && !isLoopback(baseUrl.getHost())) {
      throw new IllegalArgumentException("plain http is refused for " + baseUrl.getHost()
          + ": the API key would cross the network unencrypted; use https, or a loopback address");
    }
  }

  /**
   * {@code baseUrl} joined with {@code path}, with exactly one slash between them. A base URL that
   * already ends with the first segments of the path (the SDK-style roots providers document:
   * {@code https://api.acedata.cloud/openai} for {@code /openai/images/edits}, an OpenAI-style
   * {@code …/v1} for {@code /v1/images/edits}) is not given them twice.
   */
  public URI resolve(String path) {
    String base = baseUrl.toString();
    while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
    String tail = path.startsWith("/") ? path : "/" + path;
    String basePath = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
    while (basePath.endsWith("/")) basePath = basePath.substring(0, basePath.length() - 1);
    return URI.create(base + tail.substring(overlap(basePath, tail)));
  }

  /**
   * The length of the longest run of whole segments that ends {@code basePath} and starts
   * {@code path} ({@code /openai} for {@code /gw/openai} and {@code /openai/images/edits}); 0 when none.
   */
  private static int overlap(String basePath, String path) {
    for (int start = 0; start < basePath.length(); start++) {
      if (basePath.charAt(start) != '/') continue;
      String suffix = basePath.substring(start);
      if (path.equals(suffix) || path.startsWith(suffix + "/")) return suffix.length();
    }
    return 0;
  }

  /**
   * True for {@code localhost} and loopback IP literals (127.0.0.0/8, ::1). Judged from the text
   * alone: a host name is never resolved, so this costs no DNS lookup.
   */
  public static boolean isLoopback(String host) {
    requireNonNull(host, "host == null");
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    if (h.equals("localhost") || h.equals("localhost.")) return true;
    if (IPV4.matcher(h).matches()) {
      for (String part : h.split("\\.")) if (Integer.parseInt(part) > 255) return false;
      return h.startsWith("127.");
    }
    if (h.indexOf(':') >= 0 && h.matches("[0-9a-f:.]+")) {
      try {
        return InetAddress.getByName(h).isLoopbackAddress(); // an IPv6 literal: parsed, not looked up
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }
}
