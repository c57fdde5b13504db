package io.github.imageedits.spi;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditException;

/**
 * What an adapter read about an asynchronous task, from a callback or a task query: still running,
 * finished with a result, or failed.
 *
 * @param taskId the task the provider's message is about
 * @param result the result when finished, else null
 * @param failure the provider's error when the task failed, else null
 */
public record TaskUpdate(String taskId, EditResult result, ImageEditException failure) {

  public TaskUpdate {
    requireNonNull(taskId, "taskId == null");
    if (result != null && failure != null) throw new IllegalArgumentException("both a result and a failure");
  }

  /** The task has not finished (or the provider does not know it yet). */
  public static TaskUpdate running(String taskId) {
    return new TaskUpdate(taskId, null, null);
  }

  /** The task finished with {@code result}. */
  public static TaskUpdate finished(String taskId, EditResult result) {
    return new TaskUpdate(taskId, requireNonNull(result, "result == null"), null);
  }

  /** The task failed with {@code failure}, typically a {@link io.github.imageedits.ProviderException}. */
  public static TaskUpdate failed(String taskId, ImageEditException failure) {
    return new TaskUpdate(taskId, null, requireNonNull(failure, "failure == null"));
  }

  /** True once the task has finished or failed. */
  public boolean done() {
    return result != null || failure != null;
  }
}
