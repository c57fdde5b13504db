package io.github.imageedits;

/** The provider is rate limiting this key (HTTP 429). */
public class RateLimitException extends ProviderException {
  public RateLimitException(ProviderError error) {
    super(error);
  }
}
