package io.github.imageedits.spi;

import io.github.imageedits.EditResult;
import io.github.imageedits.PartialImage;
import org.jspecify.annotations.Nullable;

/**
 * What one event of a streamed edit means, as an adapter reads it
 * ({@link ProviderAdapter#readEvent}): a partial image, the final result, or nothing worth
 * reporting (a keep-alive, {@code [DONE]}, an event type the adapter does not know).
 *
 * @param partialImage the partial image, or null
 * @param result the final result, or null
 */
public record EditEvent(@Nullable PartialImage partialImage, @Nullable EditResult result) {
  private static final EditEvent NONE = new EditEvent(null, null);

  public EditEvent {
    if (partialImage != null && result != null) {
      throw new IllegalArgumentException("an event is a partial image or the result, not both");
    }
  }

  /** A partial image arrived. */
  public static EditEvent partial(PartialImage image) {
    return new EditEvent(java.util.Objects.requireNonNull(image, "image == null"), null);
  }

  /** The final result arrived; the stream is over. */
  public static EditEvent completed(EditResult result) {
    return new EditEvent(null, java.util.Objects.requireNonNull(result, "result == null"));
  }

  /** An event that carries nothing for the caller. */
  public static EditEvent none() {
    return NONE;
  }
}
