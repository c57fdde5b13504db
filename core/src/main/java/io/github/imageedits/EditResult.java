package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * What a provider returned for an edit.
 *
 * <pre>{@code
 * try (EditResult result = client.edit(request)) {
 *   for (EditedImage image : result.images()) {
 *     Path saved = client.save(image, Path.of("out"), "edited");
 *   }
 *   result.warnings().forEach(w -> System.err.println("dropped: " + w.message()));
 * }
 * }</pre>
 *
 * <p>A result can hold large images in temporary files (a 4K {@code b64_json} image is tens of
 * megabytes, decoded to disk as it arrives). {@link #close()} deletes them; saved copies stay.
 * Closing is optional for small results and a fallback deletes what is left when the JVM exits,
 * but a long-running program should close every result it gets.
 *
 * @param provider the provider that served the edit
 * @param model the model asked for
 * @param images the edited images; empty while an asynchronous task is {@linkplain #pending() pending}
 * @param created the provider's creation time in epoch seconds (0 when it gives none)
 * @param taskId the provider's task id, or null
 * @param traceId the provider's trace id, or null
 * @param requestId the {@code x-request-id} response header, or null
 * @param elapsed how long the provider says it worked, or null
 * @param usage token usage, or null
 * @param warnings options that were dropped because the model ignores them
 */
public record EditResult(
    String provider,
    String model,
    List<EditedImage> images,
    long created,
    String taskId,
    String traceId,
    String requestId,
    Duration elapsed,
    Usage usage,
    List<Violation> warnings) implements AutoCloseable {

  public EditResult {
    requireNonNull(provider, "provider == null");
    images = List.copyOf(requireNonNull(images, "images == null"));
    warnings = List.copyOf(requireNonNull(warnings, "warnings == null"));
  }

  /** True when the provider accepted an asynchronous edit and will deliver the images later. */
  public boolean pending() {
    return images.isEmpty() && taskId != null;
  }

  /** A copy with {@code warnings} added, in order. */
  public EditResult withWarnings(List<Violation> more) {
    if (more.isEmpty()) return this;
    List<Violation> all = new java.util.ArrayList<>(warnings);
    all.addAll(more);
    return new EditResult(provider, model, images, created, taskId, traceId, requestId, elapsed,
        usage, all);
  }

  /** A copy carrying the response's {@code x-request-id}. */
  public EditResult withRequestId(String requestId) {
    return new EditResult(provider, model, images, created, taskId, traceId, requestId, elapsed,
        usage, warnings);
  }

  /**
   * Releases the images' data: deletes the temporary files the transport decoded large images to.
   * Read or save the images before; links ({@link EditedImage#url()}) stay valid. Idempotent.
   */
  @Override
  public void close() {
    for (EditedImage image : images) {
      if (image.data() != null) image.data().release();
    }
  }
}
