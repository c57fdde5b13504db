package io.github.imageedits;

/**
 * Receives each partial image of a {@linkplain ImageEditClient#stream streamed} edit as it arrives.
 *
 * <pre>{@code
 * EditResult result = client.stream(request, partial ->
 *     ImageFiles.saveNew(partial.data(), Path.of("preview"), "partial-" + partial.index()));
 * }</pre>
 *
 * <p>It is called on the thread reading the stream, one image at a time and in order. The image's
 * data is valid only during the call. Throwing stops the stream: the connection is closed and the
 * exception reaches the caller of {@code stream} (or fails the future of {@code streamAsync}).
 */
@FunctionalInterface
public interface PartialImageListener {
  /** Handles one partial image; see {@link PartialImage} for how long its data lives. */
  void onPartialImage(PartialImage image) throws java.io.IOException;
}
