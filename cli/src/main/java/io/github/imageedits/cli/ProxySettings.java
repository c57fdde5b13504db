package io.github.imageedits.cli;

import io.github.imageedits.spi.ProviderContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy the tool goes through, the way curl users expect: {@code --proxy URL}, else
 * {@code HTTPS_PROXY}/{@code https_proxy} for https targets and {@code HTTP_PROXY}/{@code http_proxy}
 * for http ones, else {@code ALL_PROXY}/{@code all_proxy}; hosts listed in {@code NO_PROXY}/{@code
 * no_proxy} (also with {@code --proxy}, as in curl) and loopback targets go direct.
 */
final class ProxySettings extends ProxySelector {
  private static final List<Proxy> DIRECT = List.of(Proxy.NO_PROXY);

  private final String flag;
  private final Map<String, String> env;
  private final List<String> noProxy;

  private ProxySettings(String flag, Map<String, String> env) {
    this.flag = flag;
    this.env = env;
    this.noProxy = new ArrayList<>();
    String list = variable(env, "NO_PROXY");
    if (list != null) {
      for (String entry : list.split(",")) {
        String host = hostOf(entry.strip().toLowerCase(Locale.ROOT));
        if (!host.isEmpty()) noProxy.add(host);
      }
    }
  }

  /**
   * The selector for {@code --proxy} ({@code flag}, or null) and {@code env}, or null when neither
   * names a proxy (then the JVM's own settings apply, as before). A malformed proxy URL is an
   * {@link IllegalArgumentException} naming where it came from.
   */
  static ProxySettings of(String flag, Map<String, String> env) {
    ProxySettings settings = new ProxySettings(flag, env);
    boolean any = flag != null || variable(env, "HTTPS_PROXY") != null
        || variable(env, "HTTP_PROXY") != null || variable(env, "ALL_PROXY") != null;
    if (!any) return null;
    // Checked now, not at the first call: a bad value is a usage error before anything is sent.
    settings.proxyFor("https");
    settings.proxyFor("http");
    return settings;
  }

  @Override
  public List<Proxy> select(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty() || ProviderContext.isLoopback(host) || bypassed(host)) return DIRECT;
    Proxy proxy = proxyFor(uri.getScheme() == null ? "https" : uri.getScheme().toLowerCase(Locale.ROOT));
    return proxy == null ? DIRECT : List.of(proxy);
  }

  @Override
  public void connectFailed(URI uri, SocketAddress address, IOException failure) {
    // Nothing to learn: the transport names the proxy in its own failure.
  }

  /** The proxy for a scheme, or null for direct. */
  Proxy proxyFor(String scheme) {
    if (flag != null) return parse(flag, "--proxy");
    String name = scheme.equals("http") ? "HTTP_PROXY" : "HTTPS_PROXY";
    String value = variable(env, name);
    if (value == null) {
      name = "ALL_PROXY";
      value = variable(env, name);
    }
    return value == null ? null : parse(value, name);
  }

  /** curl's NO_PROXY: {@code *} for all, else a host and its subdomains ({@code .example.com} alike). */
  private boolean bypassed(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    for (String entry : noProxy) {
      if (entry.equals("*")) return true;
      String domain = entry.startsWith(".") ? entry.substring(1) : entry;
      if (h.equals(domain) || h.endsWith("." + domain)) return true;
    }
    return false;
  }

  /** {@code host}, {@code host:port} or {@code [v6]:port} without the port. */
  private static String hostOf(String entry) {
    if (entry.startsWith("[")) {
      int end = entry.indexOf(']');
      return end < 0 ? entry : entry.substring(1, end);
    }
    int colon = entry.indexOf(':');
    return colon >= 0 && entry.indexOf(':', colon + 1) < 0 ? entry.substring(0, colon) : entry;
  }

  /** The upper-case variable, else the lower-case one; blank counts as unset. */
  private static String variable(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) value = env.get(name.toLowerCase(Locale.ROOT));
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static Proxy parse(String url, String source) {
    String text = url.contains("://") ? url : "http://" + url;
    URI uri;
    try {
      uri = URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " is not a proxy URL: " + url + " (write http://host:port)");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    Proxy.Type type = switch (scheme) {
      case "http" -> Proxy.Type.HTTP;
      case "socks", "socks5", "socks5h" -> Proxy.Type.SOCKS;
      default -> throw new IllegalArgumentException(source + " uses '" + scheme + "', which is not supported: "
          + url + " (write http://host:port or socks5://host:port)");
    };
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(source + " has no host: " + url + " (write http://host:port)");
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException(source + ": proxies with a user name or password are not supported");
    }
    int port = uri.getPort() != -1 ? uri.getPort() : type == Proxy.Type.HTTP ? 80 : 1080;
    return new Proxy(type, InetSocketAddress.createUnresolved(uri.getHost(), port));
  }
}
