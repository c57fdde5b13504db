package io.github.imageedits;

import org.jspecify.annotations.Nullable;

/**
 * Receives the outcome of each edit of {@link ImageEditClient#editAll}, in the order the edits
 * complete. Calls never overlap (one at a time), so the listener needs no locking of its own. The
 * listener owns each result: close it (or save its images) when done.
 *
 * <pre>{@code
 * client.editAll(requests, (index, request, result, failure) -> {
 *   if (failure != null) log.warn("edit " + index + " failed: " + failure);
 *   else try (result) { client.save(result.images().get(0), out, "edit-" + index); }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface BatchListener {
  /**
   * Edit number {@code index} (counting from 0 in the order the requests came) ended: with a
   * {@code result}, or with a {@code failure} and a null result.
   */
  void onComplete(long index, EditRequest request, @Nullable EditResult result, @Nullable RuntimeException failure)
      throws Exception;
}
