package io.github.imageedits.micrometer;

/**
 * What an observation records of a failed edit or attempt: the failure's class, its outcome and the
 * provider's status and code, with the original's stack trace but not its message. A provider's
 * message may quote the request (a prompt, a file name), and spans leave the process.
 * {@link ImageEditObservationContext#failure()} keeps the original.
 */
public final class EditFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String type;

  EditFailure(Throwable original, String detail) {
    super(original.getClass().getName() + ": " + detail, null, false, true);
    this.type = original.getClass().getName();
    setStackTrace(original.getStackTrace());
  }

  /** The class name of the failure this stands for. */
  public String type() {
    return type;
  }
}
