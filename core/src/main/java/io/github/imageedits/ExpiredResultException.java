package io.github.imageedits;

/**
 * A result link no longer serves the image: it answered 403, 404 or 410. Providers keep results
 * for a limited time (60 minutes, per their documents); edit again or download sooner.
 */
public class ExpiredResultException extends TransportException {
  private final int status;

  public ExpiredResultException(String message, int status) {
    super(message, null);
    this.status = status;
  }

  /** The HTTP status the link answered. */
  public int status() {
    return status;
  }
}
