package io.github.imageedits;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous edit the provider accepted: its task id at once, its result later, by callback
 * or by asking the provider. The result arrives exactly once; whichever way comes first wins.
 *
 * <pre>{@code
 * EditTask task = client.submit(request);
 * store(task.taskId());                       // to resume after a restart: client.resume(id, options)
 * task.future().thenAccept(result -> save(result));
 * // or block:
 * EditResult result = task.await(Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>The future cannot be completed from outside: {@code complete} and its kin throw
 * {@link UnsupportedOperationException}. {@code cancel} stops the task here (no more queries; a
 * later callback is refused); it cannot stop the provider. Past its deadline the task fails with
 * {@link EditTimeoutException}; closing the client fails the tasks still running with a
 * {@link TransportException}.
 */
public interface EditTask {

  /** The provider's name. */
  String provider();

  /**
   * The provider's task id; null only when the provider answered the submission at once with the
   * images and no id (the task is then already done).
   */
  @Nullable String taskId();

  /** The trace id sent with the edit, or null for a task resumed without one. */
  @Nullable String traceId();

  /** The result: completes exactly once, with the images or with an {@link ImageEditException}. */
  CompletableFuture<EditResult> future();

  /**
   * Waits up to {@code timeout} for the result. Running out of time does not stop the task.
   *
   * @throws EditTimeoutException the wait ran out (the message names the task id), or the task's
   *     deadline passed
   * @throws ProviderException the provider reported the task failed
   * @throws TransportException the client was closed, or the wait was interrupted
   * @throws java.util.concurrent.CancellationException the task was cancelled
   */
  EditResult await(Duration timeout);
}
