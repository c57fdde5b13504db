package io.github.imageedits.spi;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an adapter read about an asynchronous task, from a callback or a task query: still running,
 * finished with a result, or failed. Made with {@link #running}, {@link #finished} or
 * {@link #failed}.
 */
public final class TaskUpdate {
  private final String taskId;
  private final EditResult result;
  private final ImageEditException failure;

  private TaskUpdate(String taskId, EditResult result, ImageEditException failure) {
    this.taskId = requireNonNull(taskId, "taskId == null");
    this.result = result;
    this.failure = failure;
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

  /** The task the provider's message is about. */
  public String taskId() {
    return taskId;
  }

  /** The result when finished, else null. */
  public @Nullable EditResult result() {
    return result;
  }

  /** The provider's error when the task failed, else null. */
  public @Nullable ImageEditException failure() {
    return failure;
  }

  /** True once the task has finished or failed. */
  public boolean done() {
    return result != null || failure != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskUpdate u && taskId.equals(u.taskId) && Objects.equals(result, u.result)
        && Objects.equals(failure, u.failure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(taskId, result, failure);
  }

  @Override
  public String toString() {
    return "TaskUpdate[taskId=" + taskId + ", result=" + result + ", failure=" + failure + "]";
  }
}
