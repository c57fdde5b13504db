package io.github.imageedits;

/** A bound on waiting ran out: connect, write, read, the whole call, or a task's deadline. */
public class EditTimeoutException extends TransportException {
  public EditTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }

  /** See {@link TransportException#TransportException(String, Throwable, boolean)}. */
  public EditTimeoutException(String message, Throwable cause, boolean requestMayHaveBeenProcessed) {
    super(message, cause, requestMayHaveBeenProcessed);
  }
}
