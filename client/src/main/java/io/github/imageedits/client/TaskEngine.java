package io.github.imageedits.client;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.CallbackHandler;
import io.github.imageedits.EditContext;
import io.github.imageedits.EditObserver;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditTask;
import io.github.imageedits.ImageEditException;
import io.github.imageedits.ProviderException;
import io.github.imageedits.TaskOptions;
import io.github.imageedits.TransportException;
import io.github.imageedits.UnsupportedFeatureException;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ProviderFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.TaskUpdate;
import io.github.imageedits.spi.JsonTree;

/**
 * The asynchronous side of an {@link EditEngine}: submits tasks, follows them by callback and by
 * polling, enforces their deadlines, and receives callbacks.
 *
 * <p>Threads: one scheduler thread per client, started on the first timer and stopped by
 * {@link #close()}, fires deadlines and polls; a poll's HTTP call runs on the client's executor, so
 * a slow provider never delays another task's deadline. Callbacks run on the caller's thread.
 */
final class TaskEngine implements CallbackHandler {
  /** How many finished callback URLs are remembered, to answer a replay 409 rather than 404. */
  private static final int FINISHED_MEMORY = 4096;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ProviderAdapter adapter;
  private final Transport transport;
  private final ProviderContext context;
  private final CapabilityTable capabilities;
  private final CallbackSettings callbacks;
  private final CallbackSigner signer;
  private final ExecutorService blocking;
  /**
   * The scheduler, made on the first timer ({@link #timers()}): most clients only edit, and a
   * scheduled executor is a dozen classes to load on a cold JVM for nothing. Guarded by this.
   */
  private ScheduledThreadPoolExecutor timers;
  private final EditObserver observer;
  private final Map<String, RunningTask> byCorrelation = new ConcurrentHashMap<>();
  private final Set<RunningTask> running = ConcurrentHashMap.newKeySet();
  /** Correlation id → the task id it finished with ("" when none was known). */
  private final Map<String, String> finished = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > FINISHED_MEMORY;
    }
  };
  private volatile boolean closed;

  /**
   * @param callbacks where callbacks arrive, or null when this client receives none
   * @param blocking the client's executor, for the HTTP calls of polls
   * @param observer observes each submission: the request that starts a task, up to its acceptance
   */
  TaskEngine(ProviderAdapter adapter, Transport transport, ProviderContext context,
      CapabilityTable capabilities, CallbackSettings callbacks, ExecutorService blocking,
      EditObserver observer) {
    this.observer = observer;
    this.adapter = adapter;
    this.transport = transport;
    this.context = context;
    this.capabilities = capabilities;
    this.callbacks = callbacks;
    this.signer = callbacks == null ? null : new CallbackSigner(callbacks.secret(), adapter.name());
    this.blocking = blocking;
  }

  /**
   * The scheduler, made now if this is the first timer. After {@link #close()} it is a shut-down
   * one, so that scheduling fails as it would have on the scheduler close() stopped.
   */
  private synchronized ScheduledThreadPoolExecutor timers() {
    ScheduledThreadPoolExecutor made = timers;
    if (made == null) {
      made = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "imageedits-" + adapter.name() + "-tasks-" + THREADS.incrementAndGet());
        t.setDaemon(true); // an application that forgets close() can still exit
        return t;
      });
      made.setRemoveOnCancelPolicy(true); // cancelled deadlines must not pile up in the queue
      made.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      if (closed) made.shutdownNow();
      timers = made;
    }
    return made;
  }

  String provider() {
    return adapter.name();
  }

  EditTask submit(EditRequest request, TaskOptions options) {
    return submit(request, options, this::sendOnce, true);
  }

  /**
   * Sends a submission and reads the provider's reply to it (the edit path adds its retries and
   * reports its attempts through its own observation; the task API's through {@code watch}).
   */
  @FunctionalInterface
  interface Submission {
    EditResult send(PreparedEdit edit, WireRequest wire, Watch watch);
  }

  /** The task API's submission: sent once, its attempt reported to {@code watch}. */
  private EditResult sendOnce(PreparedEdit edit, WireRequest wire, Watch watch) {
    WireReply reply = null;
    watch.attemptStarted(1);
    try {
      reply = transport.newCall(wire).execute();
      EditResult accepted = adapter.readReply(edit, reply);
      watch.attemptEnded(1, reply.status(), null);
      return accepted;
    } catch (RuntimeException e) {
      watch.attemptEnded(1, reply == null ? 0 : reply.status(), e);
      throw e;
    }
  }

  /**
   * Submits through {@code submission}. A provider whose edits are only queued
   * ({@link ProviderFeature#QUEUE_ONLY}) makes a task for every request, so it needs no callback URL:
   * the task is polled.
   *
   * @param viaCallbacks whether the client's callback URL may be given to the provider; a
   *     synchronous edit on a queue polls instead, so it never waits out a quiet period; such an
   *     edit is observed by its caller as an edit, not here as a submission
   */
  EditTask submit(EditRequest request, TaskOptions options, Submission submission, boolean viaCallbacks) {
    requireNonNull(request, "request == null");
    requireNonNull(options, "options == null");
    boolean queued = capabilities.supports(ProviderFeature.QUEUE_ONLY);
    if (!queued && !capabilities.supports(ProviderFeature.ASYNC_CALLBACK)) {
      throw new UnsupportedFeatureException(adapter.name(), "asynchronous tasks (callback_url)");
    }
    boolean ownUrl = request.callbackUrl() != null;
    boolean viaCallback = viaCallbacks && callbacks != null && !ownUrl
        && capabilities.supports(ProviderFeature.ASYNC_CALLBACK);
    boolean viaPolling = capabilities.supports(ProviderFeature.TASK_RETRIEVAL);
    if (!viaCallback && !viaPolling) {
      throw new IllegalStateException(adapter.name() + " has no task retrieval, so a task completes only"
          + " by a callback this client receives: configure a callback URL"
          + (ownUrl ? " and leave the request's callback_url unset" : ""));
    }
    if (!viaCallback && !ownUrl && !queued) {
      throw new IllegalStateException("this client has no callback URL and the request no callback_url:"
          + " a provider makes a task only for a request with a callback URL");
    }
    checkOpen();
    String traceId = options.traceId() != null ? options.traceId() : UUID.randomUUID().toString();
    String correlationId = viaCallback ? CallbackSigner.newCorrelationId() : null;
    EditRequest sent = viaCallback
        ? request.toBuilder().callbackUrl(signer.sign(callbacks.url(), correlationId).toString()).build()
        : request;
    // The request as the caller gave it: the signed callback URL is a credential.
    Watch watch = viaCallbacks
        ? Watch.start(observer, EditContext.IMAGE_EDIT_SUBMIT, adapter.name(), request, traceId)
        : Watch.NONE;
    PreparedEdit edit;
    try {
      edit = Preparation.prepare(sent, capabilities);
    } catch (RuntimeException e) {
      watch.failed(e);
      throw e;
    }
    RunningTask task = new RunningTask(this, correlationId, traceId, edit, options);
    EditResult accepted = watch.run(() -> send(task, edit, traceId, submission, watch));
    TaskUpdate early = task.bind(accepted.taskId());
    if (!accepted.pending()) {
      // The model took no callback (or the provider answered at once): the images are here.
      task.finish(complete(task, accepted), null);
      return task;
    }
    if (early != null && early.taskId().equals(accepted.taskId())) task.apply(early);
    // An early callback about another task is dropped: the URL was ours, the payload was not.
    follow(task, viaCallback ? options.quietPeriod().toNanos() : options.pollInterval().toNanos(), viaPolling);
    return task;
  }

  /** Sends a submission through {@code submission} and reads the provider's acceptance. */
  private EditResult send(RunningTask task, PreparedEdit edit, String traceId, Submission submission, Watch watch) {
    running.add(task);
    // Registered before the request goes out: the callback may come before the reply does.
    if (task.correlationId != null) byCorrelation.put(task.correlationId, task);
    try {
      return submission.send(edit, adapter.toAsyncWire(edit, context, traceId), watch);
    } catch (RuntimeException e) {
      task.finish(null, e); // nobody holds the handle: this only unregisters it
      if (e instanceof ImageEditException) throw e;
      throw new TransportException(adapter.name() + " sent a reply that could not be read: " + e, e);
    }
  }

  EditTask resume(String taskId, TaskOptions options) {
    requireNonNull(taskId, "taskId == null");
    requireNonNull(options, "options == null");
    if (taskId.isBlank()) throw new IllegalArgumentException("taskId is blank");
    if (!capabilities.supports(ProviderFeature.TASK_RETRIEVAL)) {
      throw new UnsupportedFeatureException(adapter.name(), "task retrieval");
    }
    checkOpen();
    RunningTask task = new RunningTask(this, null, options.traceId(), null, options);
    running.add(task);
    task.bind(taskId);
    follow(task, 0, true);
    return task;
  }

  private void checkOpen() {
    if (closed) throw new TransportException("the client is closed", null);
  }

  /** Arms the deadline and, when the provider can be asked, the first poll. */
  private void follow(RunningTask task, long firstPollNanos, boolean poll) {
    try {
      task.timers(timers().schedule(task::expire,
          Math.max(0, task.deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS));
      if (poll) schedulePoll(task, firstPollNanos);
    } catch (RejectedExecutionException e) {
      task.finish(null, closedFailure(task));
    }
  }

  private void schedulePoll(RunningTask task, long delayNanos) {
    if (task.isDone()) return;
    long delay = Math.min(delayNanos, Math.max(0, task.deadlineNanos - System.nanoTime()));
    try {
      task.pollTimer(timers().schedule(() -> {
        try {
          blocking.execute(() -> poll(task));
        } catch (RejectedExecutionException e) {
          task.finish(null, closedFailure(task));
        }
      }, delay, TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      task.finish(null, closedFailure(task));
    }
  }

  /** Asks the provider once; finishes the task, or schedules the next question. */
  private void poll(RunningTask task) {
    if (task.isDone()) return;
    String taskId = task.taskId();
    Transport.Call call;
    try {
      WireRequest next = task.next();
      call = transport.newCall(next != null ? next : adapter.toTaskWire(taskId, context));
    } catch (RuntimeException e) {
      task.finish(null, e instanceof ImageEditException ? e
          : new TransportException(adapter.name() + " could not describe a task query: " + e, e));
      return;
    }
    if (!task.polling(call)) return;
    TaskUpdate update = null;
    try {
      update = adapter.readTask(taskId, call.execute(), context);
    } catch (ProviderException e) {
      // A failed query, not a failed task: a 429 or 5xx is asked again, a bad key is final.
      if (!e.isTransient()) {
        task.finish(null, e);
        return;
      }
    } catch (TransportException e) {
      // The network, a timeout, or the call cancelled because the task ended: ask again if still running.
    } catch (ImageEditException e) {
      task.finish(null, e);
      return;
    } catch (RuntimeException e) {
      task.finish(null, new TransportException(adapter.name() + " sent a task reply that could not be read: " + e, e));
      return;
    } finally {
      task.polled();
    }
    if (update != null && update.done() && update.taskId().equals(taskId)) {
      task.apply(update);
      return;
    }
    if (update != null && update.next() != null && update.taskId().equals(taskId)) {
      // The provider's next step for this task (a result to fetch after a status, say).
      task.next(update.next());
      if (update.nextNow()) {
        schedulePoll(task, 0);
        return;
      }
    }
    schedulePoll(task, task.nextPollDelayNanos());
  }

  /** The result a task delivers: the request's model and dropped options, as a synchronous edit has. */
  EditResult complete(RunningTask task, EditResult result) {
    PreparedEdit edit = task.edit;
    String taskId = result.taskId() != null ? result.taskId() : task.taskId();
    String model = edit != null ? edit.request().model() : result.model();
    List<io.github.imageedits.Violation> warnings = new ArrayList<>(edit != null ? edit.warnings() : List.of());
    for (io.github.imageedits.Violation w : result.warnings()) if (!warnings.contains(w)) warnings.add(w);
    return result.toBuilder().model(model).taskId(taskId).warnings(warnings).build();
  }

  /** Called by a task as it ends: it no longer takes callbacks, and a replay is told 409. */
  void forget(RunningTask task) {
    running.remove(task);
    if (task.correlationId != null) {
      synchronized (finished) {
        String taskId = task.taskId();
        finished.put(task.correlationId, taskId == null ? "" : taskId);
      }
      byCorrelation.remove(task.correlationId);
    }
  }

  private TransportException closedFailure(RunningTask task) {
    return new TransportException("the client was closed before " + adapter.name() + " task " + task.taskId()
        + " finished; resume it by its id with a new client", null);
  }

  // ---- callbacks --------------------------------------------------------------------------------

  @Override
  public int handle(String method, String path, String query, Map<String, List<String>> headers, InputStream body) {
    if (method == null || !method.equalsIgnoreCase("POST")) return 405;
    requireNonNull(headers, "headers == null");
    requireNonNull(body, "body == null");
    if (signer == null) return 404; // this client gave out no callback URL
    // Who is calling, before anything else: an unsigned request learns nothing, not even whether a task exists.
    Map<String, String> params = CallbackSigner.parameters(query);
    String correlationId = params.get(CallbackSigner.TASK_PARAM);
    String token = params.get(CallbackSigner.TOKEN_PARAM);
    if (correlationId == null || token == null) return 401;
    if (!signer.verify(correlationId, token)) return 403;
    RunningTask task = byCorrelation.get(correlationId);
    String finishedTaskId = null;
    if (task == null) {
      synchronized (finished) {
        finishedTaskId = finished.get(correlationId);
      }
      if (finishedTaskId == null) return 404;
      // A provider that redelivers is answered 200 for its duplicate, once the payload proves it one.
      if (!adapter.redeliversCallbacks()) return 409;
    } else if (!task.acceptsCallback() && !adapter.redeliversCallbacks()) {
      return 409;
    }
    long declared = contentLength(headers);
    if (declared == -2) return 400;
    if (declared > callbacks.maxBodyBytes()) return 413; // refused without reading a byte
    WireReply payload;
    try {
      InputStream limited = new LimitedInputStream(body, callbacks.maxBodyBytes());
      if (adapter.verifiesCallbacks()) {
        // The provider's signature covers the raw bytes: hold them (within the limit) for the check.
        byte[] raw = limited.readAllBytes();
        if (!adapter.verifyCallback(headers, raw)) return 403;
        limited = new java.io.ByteArrayInputStream(raw);
      }
      payload = transport.readCallback(headers, limited);
    } catch (LimitedInputStream.TooLarge e) {
      return 413;
    } catch (IOException e) {
      return 400; // the body broke off
    } catch (UnsupportedOperationException e) {
      return 500; // a transport that cannot parse callbacks: a setup error, not the caller's
    }
    if (payload.status() == 413) return 413; // past one of the transport's own limits
    if (JsonTree.object(payload.json()) == null) return 400;
    TaskUpdate update;
    try {
      update = adapter.readCallback(task != null ? task.taskId() : finishedTaskId.isEmpty() ? null : finishedTaskId,
          payload);
    } catch (RuntimeException e) {
      return 400;
    }
    if (update == null || !update.done()) return 400;
    if (task == null) return update.taskId().equals(finishedTaskId) ? 200 : 409; // a redelivery, ignored
    int status = task.deliver(update);
    // A redelivery about the task this URL is for, after it finished: acknowledged, completes nothing.
    if (status == 409 && adapter.redeliversCallbacks() && update.taskId().equals(task.taskId())) return 200;
    return status;
  }

  /** The declared Content-Length, -1 when absent, -2 when unreadable. */
  private static long contentLength(Map<String, List<String>> headers) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey() == null || !header.getKey().toLowerCase(Locale.ROOT).equals("content-length")) continue;
      List<String> values = header.getValue();
      if (values == null || values.isEmpty()) return -1;
      try {
        long length = Long.parseLong(values.get(0).trim());
        return length < 0 ? -2 : length;
      } catch (NumberFormatException e) {
        return -2;
      }
    }
    return -1;
  }

  /**
   * Fails the tasks still running and stops the scheduler. Callbacks are refused from now on: 409
   * for the tasks this client followed, 404 for any other.
   */
  void close() {
    closed = true;
    for (RunningTask task : List.copyOf(running)) task.finish(null, closedFailure(task));
    ScheduledThreadPoolExecutor made;
    synchronized (this) {
      made = timers;
    }
    if (made != null) made.shutdownNow(); // none made: no thread was ever started
  }
}
