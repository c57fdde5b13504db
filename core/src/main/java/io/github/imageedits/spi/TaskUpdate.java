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
 *
 * <p>A running update may name the request the next poll sends, where the provider's task takes
 * more than one kind of request (a queue whose status says "completed" and whose result is fetched
 * from another URL):
 *
 * <pre>{@code
 * return TaskUpdate.running(taskId).toBuilder()
 *     .next(WireRequest.builder().method("GET").url(resultUrl).header("Authorization", auth).build())
 *     .nextNow(true)   // fetch the result at once, not after the poll interval
 *     .build();
 * }</pre>
 */
public final class TaskUpdate {
  private final String taskId;
  private final EditResult result;
  private final ImageEditException failure;
  private final WireRequest next;
  private final boolean nextNow;

  private TaskUpdate(Builder b) {
    this.taskId = requireNonNull(b.taskId, "taskId == null");
    this.result = b.result;
    this.failure = b.failure;
    this.next = b.next;
    this.nextNow = b.nextNow;
    if (next != null && done()) throw new IllegalArgumentException("a finished or failed task has no next request");
  }

  /** The task has not finished (or the provider does not know it yet). */
  public static TaskUpdate running(String taskId) {
    return new Builder(taskId).build();
  }

  /** The task finished with {@code result}. */
  public static TaskUpdate finished(String taskId, EditResult result) {
    Builder b = new Builder(taskId);
    b.result = requireNonNull(result, "result == null");
    return b.build();
  }

  /** The task failed with {@code failure}, typically a {@link io.github.imageedits.ProviderException}. */
  public static TaskUpdate failed(String taskId, ImageEditException failure) {
    Builder b = new Builder(taskId);
    b.failure = requireNonNull(failure, "failure == null");
    return b.build();
  }

  /** A builder holding this update, to derive a changed copy (for example with a next request). */
  public Builder toBuilder() {
    Builder b = new Builder(taskId);
    b.result = result;
    b.failure = failure;
    b.next = next;
    b.nextNow = nextNow;
    return b;
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

  /**
   * The request the client sends for this task's next poll, instead of
   * {@link ProviderAdapter#toTaskWire}; null (the default) keeps asking with {@code toTaskWire}.
   * Its reply goes to {@link ProviderAdapter#readTask} like any other.
   */
  public WireRequest next() {
    return next;
  }

  /** True when {@link #next()} is sent at once rather than after the poll interval. */
  public boolean nextNow() {
    return nextNow;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskUpdate u && taskId.equals(u.taskId) && Objects.equals(result, u.result)
        && Objects.equals(failure, u.failure) && Objects.equals(next, u.next) && nextNow == u.nextNow;
  }

  @Override
  public int hashCode() {
    return Objects.hash(taskId, result, failure, next, nextNow);
  }

  @Override
  public String toString() {
    return "TaskUpdate[taskId=" + taskId + ", result=" + result + ", failure=" + failure
        + (next == null ? "" : ", next=" + next + (nextNow ? " now" : "")) + "]";
  }

  /** Derives a changed {@link TaskUpdate}; start from {@link TaskUpdate#toBuilder()}. */
  public static final class Builder {
    private final String taskId;
    private EditResult result;
    private ImageEditException failure;
    private WireRequest next;
    private boolean nextNow;

    private Builder(String taskId) {
      this.taskId = taskId;
    }

    /** The request the next poll sends (only for a running task); null keeps {@code toTaskWire}. */
    public Builder next(WireRequest next) {
      this.next = next;
      return this;
    }

    /** Sends {@link #next} at once instead of after the poll interval. */
    public Builder nextNow(boolean nextNow) {
      this.nextNow = nextNow;
      return this;
    }

    /** @throws IllegalArgumentException a next request on a finished or failed update */
    public TaskUpdate build() {
      return new TaskUpdate(this);
    }
  }
}
