package io.github.imageedits;

/**
 * The request could not be completed over the network: connection refused or broken, bad reply.
 *
 * <p>{@link #requestMayHaveBeenProcessed()} tells whether the provider may have received the whole
 * request, and so may have made (and charged for) the edit although no result arrived. When it is
 * false the request never fully left and sending it again cannot pay twice.
 */
public class TransportException extends ImageEditException {
  private final boolean requestMayHaveBeenProcessed;

  /** A failure about which nothing is known: the request may have been processed. */
  public TransportException(String message, Throwable cause) {
    this(message, cause, true);
  }

  /**
   * @param requestMayHaveBeenProcessed false only when the whole request certainly did not reach
   *     the provider (it failed before or during the upload)
   */
  public TransportException(String message, Throwable cause, boolean requestMayHaveBeenProcessed) {
    super(message, cause);
    this.requestMayHaveBeenProcessed = requestMayHaveBeenProcessed;
  }

  /**
   * True when the whole request may have reached the provider before the failure, so the provider
   * may have processed it and charged for it; false when it certainly did not (the connection
   * failed before or during the upload), so that sending it again is safe.
   */
  public boolean requestMayHaveBeenProcessed() {
    return requestMayHaveBeenProcessed;
  }
}
