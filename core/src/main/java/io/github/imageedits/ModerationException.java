package io.github.imageedits;

/** The provider refused the content (moderation). */
public class ModerationException extends ProviderException {
  public ModerationException(ProviderError error) {
    super(error);
  }
}
