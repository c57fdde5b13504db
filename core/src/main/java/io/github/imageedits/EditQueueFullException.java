package io.github.imageedits;

/**
 * The client's queue of waiting edits is full ({@code maxQueuedEdits}); the edit was not queued and
 * nothing was sent. Wait for some edits to finish, or use {@link ImageEditClient#editAll}, which
 * takes requests only as room frees.
 */
public class EditQueueFullException extends ImageEditException {
  private final int capacity;

  public EditQueueFullException(String provider, int capacity) {
    super(provider + " has " + capacity + " edits queued already (maxQueuedEdits); nothing was sent", null);
    this.capacity = capacity;
  }

  /** The queue's bound. */
  public int capacity() {
    return capacity;
  }
}
