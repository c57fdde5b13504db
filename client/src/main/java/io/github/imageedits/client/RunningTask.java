package io.github.imageedits.client;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.EditResult;
import io.github.imageedits.EditTask;
import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.TaskOptions;
import io.github.imageedits.TransportException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.TaskUpdate;
import io.github.imageedits.spi.WireRequest;

/**
 * One task: its identity, its timers and the poll in flight, and the one place it finishes. Every
 * way a task can end (callback, poll, deadline, cancel, close) goes through {@link #finish}, which
 * lets exactly one through, stops the timers and the poll, and only then completes the future.
 */
final class RunningTask implements EditTask {
  final String correlationId;
  final String traceId;
  final PreparedEdit edit;
  final TaskOptions options;
  final long deadlineNanos;
  private final TaskEngine engine;
  private final TaskFuture future = new TaskFuture(this);
  private final Object lock = new Object();

  // Guarded by lock.
  private String taskId;
  private boolean bound;
  private boolean done;
  private TaskUpdate held;
  private ScheduledFuture<?> deadlineTimer;
  private ScheduledFuture<?> pollTimer;
  private Transport.Call poll;
  private long nextIntervalNanos;
  private WireRequest next;

  /**
   * @param correlationId the id in the signed callback URL, or null when no callback is expected here
   * @param edit the submitted edit, or null for a resumed task
   */
  RunningTask(TaskEngine engine, String correlationId, String traceId, PreparedEdit edit, TaskOptions options) {
    this.engine = engine;
    this.correlationId = correlationId;
    this.traceId = traceId;
    this.edit = edit;
    this.options = options;
    this.deadlineNanos = System.nanoTime() + options.deadline().toNanos();
    this.nextIntervalNanos = options.pollInterval().toNanos();
  }

  @Override
  public String provider() {
    return engine.provider();
  }

  @Override
  public String taskId() {
    synchronized (lock) {
      return taskId;
    }
  }

  @Override
  public String traceId() {
    return traceId;
  }

  @Override
  public CompletableFuture<EditResult> future() {
    return future;
  }

  @Override
  public EditResult await(Duration timeout) {
    requireNonNull(timeout, "timeout == null");
    try {
      return future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new EditTimeoutException(provider() + " task " + taskId() + " is still running after waiting "
          + timeout + "; it runs on until its deadline", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new TransportException(provider() + " task " + taskId() + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while waiting for " + provider() + " task " + taskId(), e);
    }
  }

  boolean isDone() {
    synchronized (lock) {
      return done;
    }
  }

  /**
   * Records the provider's task id and returns the callback that arrived before it, if any. Called
   * once; a callback from now on is checked against the id at once.
   */
  TaskUpdate bind(String taskId) {
    synchronized (lock) {
      this.taskId = taskId;
      this.bound = true;
      TaskUpdate early = held;
      held = null;
      return early;
    }
  }

  /** True while a callback could still be taken: not finished, and none held already. */
  boolean acceptsCallback() {
    synchronized (lock) {
      return !done && held == null;
    }
  }

  /**
   * A verified callback for this task. Before the task id is known it is held (202); after, it must
   * name this task (else 403) and finish it (200), unless something finished it first (409).
   */
  int deliver(TaskUpdate update) {
    synchronized (lock) {
      if (done || held != null) return 409;
      if (!bound) {
        held = update;
        return 202;
      }
      if (!update.taskId().equals(taskId)) return 403;
    }
    return apply(update) ? 200 : 409;
  }

  /** Finishes the task with a finished or failed update; false when it had finished already. */
  boolean apply(TaskUpdate update) {
    if (update.failure() != null) return finish(null, update.failure());
    return finish(engine.complete(this, update.result()), null);
  }

  void timers(ScheduledFuture<?> deadline) {
    boolean cancel;
    synchronized (lock) {
      cancel = done;
      if (!done) deadlineTimer = deadline;
    }
    if (cancel) deadline.cancel(false);
  }

  void pollTimer(ScheduledFuture<?> timer) {
    boolean cancel;
    synchronized (lock) {
      cancel = done;
      if (!done) pollTimer = timer;
    }
    if (cancel) timer.cancel(false);
  }

  /** Registers the poll about to run; false when the task has finished (the poll must not run). */
  boolean polling(Transport.Call call) {
    synchronized (lock) {
      if (done) return false;
      poll = call;
      return true;
    }
  }

  /** The request the next poll sends, as the provider's last update named it; null for toTaskWire. */
  WireRequest next() {
    synchronized (lock) {
      return next;
    }
  }

  void next(WireRequest request) {
    synchronized (lock) {
      next = request;
    }
  }

  void polled() {
    synchronized (lock) {
      poll = null;
    }
  }

  /** The wait before the next poll, doubling up to the maximum and never past the deadline. */
  long nextPollDelayNanos() {
    synchronized (lock) {
      long delay = nextIntervalNanos;
      nextIntervalNanos = Math.min(options.maxPollInterval().toNanos(), nextIntervalNanos * 2);
      return delay;
    }
  }

  void expire() {
    finish(null, new EditTimeoutException(provider() + " task " + taskId() + " did not finish within its deadline of "
        + options.deadline() + " (trace id " + traceId + ")", null));
  }

  /**
   * Ends the task once: stops its timers, cancels a poll in flight, forgets its callback URL, then
   * completes the future. Returns false when the task had already ended.
   */
  boolean finish(EditResult result, Throwable failure) {
    Transport.Call inFlight;
    ScheduledFuture<?> deadline;
    ScheduledFuture<?> next;
    synchronized (lock) {
      if (done) return false;
      done = true;
      held = null;
      inFlight = poll;
      deadline = deadlineTimer;
      next = pollTimer;
      poll = null;
      deadlineTimer = null;
      pollTimer = null;
    }
    if (deadline != null) deadline.cancel(false);
    if (next != null) next.cancel(false);
    if (inFlight != null) inFlight.cancel();
    engine.forget(this);
    return failure == null ? future.settle(result) : future.settleExceptionally(failure);
  }

  @Override
  public String toString() {
    return "EditTask[" + provider() + " " + taskId() + ", trace " + traceId + (isDone() ? ", done" : "") + "]";
  }

  /**
   * The task's future: only the task completes it. {@code cancel} ends the task; the public ways to
   * complete it from outside throw, so no caller can slip a result in.
   */
  static final class TaskFuture extends CompletableFuture<EditResult> {
    private final RunningTask task;

    TaskFuture(RunningTask task) {
      this.task = task;
    }

    boolean settle(EditResult result) {
      return super.complete(result);
    }

    boolean settleExceptionally(Throwable failure) {
      return super.completeExceptionally(failure);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return task.finish(null, new CancellationException(task.provider() + " task " + task.taskId() + " was cancelled"))
          || isCancelled();
    }

    @Override
    public boolean complete(EditResult value) {
      throw new UnsupportedOperationException("only the task completes its future");
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
      throw new UnsupportedOperationException("only the task completes its future");
    }

    @Override
    public void obtrudeValue(EditResult value) {
      throw new UnsupportedOperationException("only the task completes its future");
    }

    @Override
    public void obtrudeException(Throwable ex) {
      throw new UnsupportedOperationException("only the task completes its future");
    }

    @Override
    public CompletableFuture<EditResult> completeAsync(java.util.function.Supplier<? extends EditResult> supplier,
        java.util.concurrent.Executor executor) {
      throw new UnsupportedOperationException("only the task completes its future");
    }

    @Override
    public CompletableFuture<EditResult> completeOnTimeout(EditResult value, long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException("use EditTask.await or TaskOptions.deadline");
    }

    @Override
    public CompletableFuture<EditResult> orTimeout(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException("use EditTask.await or TaskOptions.deadline");
    }

    @Override
    public String toString() {
      return "TaskFuture[" + task + "]";
    }
  }
}
