package io.github.imageedits;

import org.jspecify.annotations.Nullable;

/**
 * One image of a result: a link to it, its data, or both, and the prompt the model actually used.
 *
 * @param url where the provider hosts the image (links expire, typically after 60 minutes), or null
 * @param data the image bytes when the provider sent them inline, or null
 * @param revisedPrompt the prompt as the model rewrote it, or null
 */
public record EditedImage(
    @Nullable String url, @Nullable ImageData data, @Nullable String revisedPrompt) {
  public EditedImage {
    if (url == null && data == null) {
      throw new IllegalArgumentException("an edited image needs a url or data");
    }
  }
}
