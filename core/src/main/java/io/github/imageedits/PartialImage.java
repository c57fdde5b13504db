package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A rough version of the edited image, sent while the model still works on it when an edit is
 * {@linkplain ImageEditClient#stream streamed} with {@code partial_images} 1 to 3.
 *
 * <p>Its data is valid only while {@link PartialImageListener#onPartialImage} runs: the client
 * deletes any temporary file behind it as soon as the listener returns. Copy what you keep, with
 * {@code data().bytes()} or {@link ImageFiles#saveNew(ImageData, java.nio.file.Path, String)}.
 *
 * @param index the 0-based position of this partial image ({@code partial_image_index})
 * @param data the image bytes
 * @param size the requested size as the provider echoes it, for example {@code 1024x1024}, or null
 * @param quality the quality setting, or null
 * @param background the background setting, or null
 * @param outputFormat the output format, for example {@code png}, or null
 * @param createdAt when the provider made it, in epoch seconds (0 when it does not say)
 */
public record PartialImage(
    int index,
    ImageData data,
    @Nullable String size,
    @Nullable String quality,
    @Nullable String background,
    @Nullable String outputFormat,
    long createdAt) {

  public PartialImage {
    requireNonNull(data, "data == null");
  }
}
