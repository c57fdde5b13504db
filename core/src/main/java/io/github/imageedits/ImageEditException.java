package io.github.imageedits;

/**
 * The root of every error this library throws. Catch a subclass to react to one kind of failure:
 * {@link ValidationException} (nothing was sent), {@link ProviderException} and its subclasses (the
 * provider answered with an error), {@link TransportException} (the network failed).
 */
public abstract class ImageEditException extends RuntimeException {
  protected ImageEditException(String message, Throwable cause) {
    super(message, cause);
  }
}
