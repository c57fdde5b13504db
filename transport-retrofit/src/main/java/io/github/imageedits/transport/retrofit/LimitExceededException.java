package io.github.imageedits.transport.retrofit;

import java.io.IOException;

/** A reply went past one of the transport's size limits. Internal: callers see a TransportException. */
final class LimitExceededException extends IOException {
  private final boolean bodyLimit;

  /**
   * @param bodyLimit true when the body as a whole was too large (an error body then is quoted up to
   *     the limit), false when one image was
   */
  LimitExceededException(String message, boolean bodyLimit) {
    super(message);
    this.bodyLimit = bodyLimit;
  }

  boolean bodyLimit() {
    return bodyLimit;
  }
}
