package io.github.imageedits;

/** The request could not be completed over the network: connection refused or broken, bad reply. */
public class TransportException extends ImageEditException {
  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
