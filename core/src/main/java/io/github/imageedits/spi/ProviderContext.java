package io.github.imageedits.spi;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.ApiKey;
import java.net.URI;

/**
 * Where and as whom an adapter talks to its provider.
 *
 * @param baseUrl the API root, for example {@code https://api.acedata.cloud}; the adapter appends its paths
 * @param apiKey the credential
 */
public record ProviderContext(URI baseUrl, ApiKey apiKey) {
  public ProviderContext {
    requireNonNull(baseUrl, "baseUrl == null");
    requireNonNull(apiKey, "apiKey == null");
  }

  /** {@code baseUrl} joined with {@code path}, with exactly one slash between them. */
  public URI resolve(String path) {
    String base = baseUrl.toString();
    while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
    return URI.create(base + (path.startsWith("/") ? path : "/" + path));
  }
}
