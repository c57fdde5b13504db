package io.github.imageedits;

/** The API key is missing, invalid, expired or disabled. */
public class AuthenticationException extends ProviderException {
  public AuthenticationException(ProviderError error) {
    super(error);
  }
}
