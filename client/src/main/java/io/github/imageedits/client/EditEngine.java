package io.github.imageedits.client;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.EditContext;
import io.github.imageedits.EditObserver;
import io.github.imageedits.EditRequest;
import io.github.imageedits.ProgressListener;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditedImage;
import io.github.imageedits.ExpiredResultException;
import io.github.imageedits.ImageFiles;
import io.github.imageedits.PartialImageListener;
import io.github.imageedits.image.ImageFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.file.Path;
import io.github.imageedits.CallbackHandler;
import io.github.imageedits.EditTask;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.TaskOptions;
import io.github.imageedits.ImageEditException;
import io.github.imageedits.RetryListener;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.TransportException;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ProviderFeature;
import io.github.imageedits.capability.RequestValidator;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import io.github.imageedits.FlowListener;
import io.github.imageedits.Timeouts;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The engine behind every {@link ImageEditClient} that {@link ImageEdits} builds: one adapter and
 * one transport; validate, describe, send, read. Package-private: a component per client
 * ({@link ClientComponent}) wires it, so its parts can change without breaking anyone.
 */
final class EditEngine implements ImageEditClient {
  /** The largest result image {@link #save} downloads: 256 MiB, well above a 4K PNG. */
  static final long DEFAULT_MAX_DOWNLOAD_BYTES = 256L << 20;
  /** How often {@code edit} asks a queue-only provider at first (fal's own client polls every 500 ms). */
  static final Duration QUEUE_POLL_INTERVAL = Duration.ofMillis(500);
  static final Duration QUEUE_MAX_POLL_INTERVAL = Duration.ofSeconds(5);

  private final ProviderAdapter adapter;
  private final Transport transport;
  private final boolean ownsTransport;
  private final ProviderContext context;
  private final CapabilityTable capabilities;
  private final ExecutorService executor;
  private final ClientOptions options;
  private final RetryPolicy retryPolicy;
  private final RetryLoop retries;
  private final StreamingEdit streaming;
  private final TaskEngine tasks;
  private final EngineState state;
  private final FlowRunner flow;
  private final FlowListener flowListener;
  private final Timeouts clientTimeouts;
  private final EditObserver observer;
  private final Optional<EmbeddedReceiver> receiver;

  @Inject
  EditEngine(ProviderAdapter adapter, TransportLease lease, ProviderContext context,
      CapabilityTable capabilities, @ClientExecutor ExecutorService executor, ClientOptions options,
      RetryPolicy retryPolicy, RetryLoop retries, StreamingEdit streaming, TaskEngine tasks,
      EngineState state, FlowLimiter flowLimiter, FlowSettings flowSettings, Timeouts clientTimeouts,
      EditObserver observer, Optional<EmbeddedReceiver> receiver) {
    this.adapter = requireNonNull(adapter, "adapter == null");
    this.transport = lease.transport();
    this.ownsTransport = lease.owned();
    this.context = requireNonNull(context, "context == null");
    this.capabilities = requireNonNull(capabilities, "capabilities == null");
    this.executor = executor;
    this.options = requireNonNull(options, "options == null");
    this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy == null");
    this.retries = retries;
    this.streaming = streaming;
    this.tasks = tasks;
    this.state = state;
    this.flowListener = flowSettings.listener();
    this.flow = new FlowRunner(adapter.name(), flowLimiter, executor, flowListener, retries);
    flowLimiter.listen(flowListener);
    this.clientTimeouts = clientTimeouts;
    this.observer = observer;
    this.receiver = receiver;
  }

  @Override
  public String provider() {
    return adapter.name();
  }

  @Override
  public CapabilityTable capabilities() {
    return capabilities;
  }

  @Override
  public ValidationReport check(EditRequest request) {
    return RequestValidator.check(request, capabilities);
  }

  @Override
  public EditResult edit(EditRequest request) {
    requireNonNull(request, "request == null");
    RetryLoop.Slot running = new RetryLoop.Slot();
    Watch watch = running.watch(watch(EditContext.IMAGE_EDIT, request));
    if (queueOnly(request)) return watch.run(() -> queued(request, running));
    return watch.run(new SyncEdit(request, running));
  }

  /**
   * One synchronous edit: planned, then run under flow control on the caller's thread, one
   * {@link #attempt} per pass. A named class, not nested lambdas: it is on every edit's path, and
   * each lambda spins a hidden class on a cold JVM.
   */
  private final class SyncEdit implements java.util.function.Supplier<EditResult>, FlowRunner.Body<EditResult> {
    private final EditRequest request;
    private final RetryLoop.Slot running;
    private Planned planned;

    SyncEdit(EditRequest request, RetryLoop.Slot running) {
      this.request = request;
      this.running = running;
    }

    @Override
    public EditResult get() {
      planned = plan(request);
      return flow.sync(callTimeout(request), this);
    }

    @Override
    public EditResult run(FlowLimiter.Ticket ticket, FlowLimiter.Permit permit) {
      return attempt(planned, running, ticket, permit);
    }
  }

  /** One attempt's call and reply reading for the retry loop; a named class for the reason {@link SyncEdit} is. */
  private final class Exchange implements java.util.function.Supplier<Transport.Call>,
      java.util.function.Function<WireReply, EditResult> {
    private final WireRequest wire;
    private final ProgressListener progress;
    private final PreparedEdit edit;

    Exchange(WireRequest wire, ProgressListener progress, PreparedEdit edit) {
      this.wire = wire;
      this.progress = progress;
      this.edit = edit;
    }

    @Override
    public Transport.Call get() {
      return transport.newCall(wire, progress);
    }

    @Override
    public EditResult apply(WireReply reply) {
      return read(edit, reply);
    }
  }

  /**
   * Queues {@code request}: the edit holds no thread until the flow limiter lets it go. A full
   * queue completes the future with {@link io.github.imageedits.EditQueueFullException}.
   */
  @Override
  public CompletableFuture<EditResult> editAsync(EditRequest request) {
    requireNonNull(request, "request == null");
    RetryLoop.Slot running = new RetryLoop.Slot();
    // Started on the caller's thread, so that an observation current there becomes its parent.
    Watch watch = running.watch(watch(EditContext.IMAGE_EDIT, request));
    CompletableFuture<EditResult> future;
    try {
      if (queueOnly(request)) {
        future = following(request, running);
      } else {
        Planned planned = plan(request);
        future = flow.async(callTimeout(request),
            (ticket, permit) -> attempt(planned, running, ticket, permit), running::cancel);
      }
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    return ended(future, watch);
  }

  /** Ends {@code watch} with {@code future}'s outcome (a cancelled edit fails with its CancellationException). */
  private static CompletableFuture<EditResult> ended(CompletableFuture<EditResult> future, Watch watch) {
    if (watch == Watch.NONE) return future;
    // The caller sees the outcome only once the observation has ended, so the metrics and spans it
    // reads next include this edit; cancelling the future it holds still cancels the edit.
    CompletableFuture<EditResult> observed = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        future.cancel(mayInterruptIfRunning);
        return super.cancel(mayInterruptIfRunning);
      }
    };
    future.whenComplete((result, failure) -> {
      if (failure == null) {
        watch.succeeded(result);
        if (!observed.complete(result)) result.close(); // cancelled meanwhile: nobody will read it
      } else {
        watch.failed(failure);
        observed.completeExceptionally(failure);
      }
    });
    return observed;
  }

  /** With its own callback_url the caller asked for the task, not the images: the submission's pending result. */
  private boolean queueOnly(EditRequest request) {
    return capabilities.supports(ProviderFeature.QUEUE_ONLY) && request.callbackUrl() == null;
  }

  /**
   * An edit on a provider that only queues: submitted under flow control (with the edit's
   * retries), then followed by polling until it finishes or the call timeout runs out, as a
   * synchronous edit would wait. The permit covers the submission only; polling holds none.
   */
  private EditResult queued(EditRequest request, RetryLoop.Slot running) {
    Duration deadline = followDeadline(request);
    EditTask task = flow.sync(deadline, queueSubmission(request, running, deadline));
    try {
      return task.future().get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw taskFailure(task, e.getCause());
    } catch (InterruptedException e) {
      task.future().cancel(true);
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while waiting for " + adapter.name() + " task " + task.taskId(), e);
    } catch (java.util.concurrent.CancellationException e) {
      throw taskFailure(task, e);
    }
  }

  /**
   * {@link #queued} without a thread: the submission waits in the flow queue like any edit, then
   * the task engine's polls complete the future; nothing blocks while the provider works.
   */
  private CompletableFuture<EditResult> following(EditRequest request, RetryLoop.Slot running) {
    Duration deadline = followDeadline(request);
    CompletableFuture<EditTask> submitted = flow.async(deadline, queueSubmission(request, running, deadline), running::cancel);
    CompletableFuture<EditResult> future = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled && !submitted.cancel(mayInterruptIfRunning)) {
          submitted.thenAccept(task -> task.future().cancel(mayInterruptIfRunning)); // stop following it
        }
        return cancelled;
      }
    };
    submitted.whenComplete((task, failure) -> {
      if (failure != null) {
        future.completeExceptionally(unwrapped(failure));
        return;
      }
      task.future().whenComplete((result, taskFailure) -> {
        if (taskFailure == null) {
          if (!future.complete(result)) result.close(); // cancelled meanwhile: nobody will read it
        } else {
          future.completeExceptionally(taskFailure(task, unwrapped(taskFailure)));
        }
      });
    });
    return future;
  }

  /** How long a queue-only edit may take in all: its call timeout, the client's, or a task's default. */
  private Duration followDeadline(EditRequest request) {
    return request.timeouts() != null && request.timeouts().call() != null
        ? request.timeouts().call()
        : clientTimeouts.call() != null ? clientTimeouts.call() : TaskOptions.defaults().deadline();
  }

  /** The submission of a queue-only edit, with the edit's retries, under a flow permit it holds only while submitting. */
  private FlowRunner.Body<EditTask> queueSubmission(EditRequest request, RetryLoop.Slot running, Duration deadline) {
    TaskOptions follow = TaskOptions.builder().deadline(deadline)
        .pollInterval(QUEUE_POLL_INTERVAL).maxPollInterval(QUEUE_MAX_POLL_INTERVAL).build();
    RetryPolicy policy = request.retryPolicy() != null ? request.retryPolicy() : retryPolicy;
    return (ticket, permit) -> {
      queued(running, ticket, permit);
      // The edit's own observation sees the submission's attempts, through running's retries.
      return holding(permit, () -> tasks.submit(request, follow, (edit, described, unobserved) -> {
        WireRequest wire = request.timeouts() == null ? described : described.toBuilder().timeouts(request.timeouts()).build();
        ProgressListener progress = running.watch().progress(options.progressListener());
        return retries.run(policy, running, () -> transport.newCall(wire, progress), reply -> read(edit, reply));
      }, false));
    };
  }

  /** The failure a dependent stage wrapped, as the caller of the edit should see it. */
  private static Throwable unwrapped(Throwable failure) {
    return failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : failure;
  }

  /** What a followed task's failure is to the caller of the edit. */
  private RuntimeException taskFailure(EditTask task, Throwable failure) {
    if (failure instanceof java.util.concurrent.CancellationException c) {
      return new TransportException(adapter.name() + " task " + task.taskId() + " was cancelled", c, false);
    }
    if (failure instanceof RuntimeException r) return r;
    return new TransportException(adapter.name() + " task " + task.taskId() + " failed: " + failure, failure);
  }

  /** A validated edit and its wire request, made before it queues so that bad requests fail at once. */
  private record Planned(PreparedEdit edit, WireRequest wire, RetryPolicy policy) {}

  private Planned plan(EditRequest request) {
    PreparedEdit edit = Preparation.prepare(request, capabilities);
    WireRequest described = adapter.toWire(edit, context);
    WireRequest wire = request.timeouts() == null ? described : described.toBuilder().timeouts(request.timeouts()).build();
    RetryPolicy policy = request.retryPolicy() != null ? request.retryPolicy() : retryPolicy;
    return new Planned(edit, wire, policy);
  }

  /** The edit's own call timeout: its queue time counts against it. Null when none is known. */
  private Duration callTimeout(EditRequest request) {
    if (request.timeouts() != null && request.timeouts().call() != null) return request.timeouts().call();
    return ownsTransport ? clientTimeouts.call() : null;
  }

  /** One dispatch of an edit: its result, or null when a refusal put it back in the queue. */
  private EditResult attempt(Planned planned, RetryLoop.Slot running, FlowLimiter.Ticket ticket,
      FlowLimiter.Permit permit) {
    WireRequest wire = shortened(planned.wire(), ticket);
    queued(running, ticket, permit);
    ProgressListener progress = running.watch().progress(options.progressListener());
    try {
      Exchange exchange = new Exchange(wire, progress, planned.edit());
      EditResult result = retries.run(planned.policy(), running, exchange, exchange, true);
      flow.limiter().release(permit, FlowLimiter.Outcome.SERVED);
      return result;
    } catch (RetryLoop.Refused refused) {
      flow.refused(ticket, permit, refused, planned.policy(), running);
      return null;
    } catch (RuntimeException | Error e) {
      flow.limiter().release(permit, FlowLimiter.Outcome.OTHER);
      throw e;
    }
  }

  /**
   * Tells the edit's observation how long it just waited in the flow limiter's queue (since it
   * last went in: a requeued edit reports each wait, and an observation adds them up) and the
   * concurrency limit it was let through under.
   */
  private static void queued(RetryLoop.Slot running, FlowLimiter.Ticket ticket, FlowLimiter.Permit permit) {
    running.watch().queued(Duration.ofNanos(System.nanoTime() - ticket.queuedSince), permit.limit());
  }

  /** The wire request with the call timeout cut by the time the edit spent queued (when it waited). */
  private static WireRequest shortened(WireRequest wire, FlowLimiter.Ticket ticket) {
    Duration left = FlowRunner.remaining(ticket.deadline);
    if (left == null || System.nanoTime() - ticket.enqueued < QUEUE_WAIT_WORTH_COUNTING) return wire;
    Timeouts own = wire.timeouts() != null ? wire.timeouts() : Timeouts.builder().build();
    Duration bound = left.isZero() ? Duration.ofMillis(1) : left;
    return wire.toBuilder().timeouts(own.toBuilder().call(bound).build()).build();
  }

  /** Below this a queue wait leaves the call timeout as it was: no request is rebuilt for nothing. */
  private static final long QUEUE_WAIT_WORTH_COUNTING = 10_000_000L; // 10 ms

  private EditResult read(PreparedEdit edit, WireReply reply) {
    try {
      return adapter.readReply(edit, reply);
    } catch (ImageEditException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TransportException(adapter.name() + " sent a reply that could not be read: " + e, e);
    }
  }

  /** Sent once: a stream whose partial images reached the listener is never sent again. */
  @Override
  public EditResult stream(EditRequest request, PartialImageListener listener) {
    requireNonNull(request, "request == null");
    requireNonNull(listener, "listener == null");
    RetryLoop.Slot running = new RetryLoop.Slot();
    return running.watch(watch(EditContext.IMAGE_EDIT_STREAM, request)).run(() -> flow.sync(callTimeout(request),
        (ticket, permit) -> streamOnce(request, listener, running, ticket, permit)));
  }

  @Override
  public CompletableFuture<EditResult> streamAsync(EditRequest request, PartialImageListener listener) {
    requireNonNull(request, "request == null");
    requireNonNull(listener, "listener == null");
    RetryLoop.Slot running = new RetryLoop.Slot(); // cancelling fails the read and closes the stream
    Watch watch = running.watch(watch(EditContext.IMAGE_EDIT_STREAM, request));
    return ended(flow.async(callTimeout(request),
        (ticket, permit) -> streamOnce(request, listener, running, ticket, permit), running::cancel), watch);
  }

  /** A stream is never requeued (its partial images may have been seen); a refusal still lowers the limit. */
  private EditResult streamOnce(EditRequest request, PartialImageListener listener, RetryLoop.Slot running,
      FlowLimiter.Ticket ticket, FlowLimiter.Permit permit) {
    queued(running, ticket, permit);
    return holding(permit, () -> streaming.run(request, listener, running));
  }

  /** Runs {@code body} holding {@code permit}, then gives it back as served, refused (429, overload 503) or neither. */
  private <T> T holding(FlowLimiter.Permit permit, java.util.function.Supplier<T> body) {
    FlowLimiter.Outcome outcome = FlowLimiter.Outcome.OTHER;
    try {
      T result = body.get();
      outcome = FlowLimiter.Outcome.SERVED;
      return result;
    } catch (RuntimeException | Error e) {
      if (RetryLoop.isRefusal(e)) outcome = FlowLimiter.Outcome.REFUSED;
      throw e;
    } finally {
      flow.limiter().release(permit, outcome);
    }
  }

  /** The observation of one edit, or {@link Watch#NONE} (built for nothing) when nobody observes. */
  private Watch watch(String operation, EditRequest request) {
    return Watch.start(observer, operation, adapter.name(), request, null);
  }

  @Override
  public EditTask submit(EditRequest request, TaskOptions options) {
    return tasks.submit(request, options);
  }

  @Override
  public EditTask resume(String taskId, TaskOptions options) {
    return tasks.resume(taskId, options);
  }

  /** The callback handler; without {@link CallbackSettings} it answers every callback 404. */
  @Override
  public CallbackHandler callbackHandler() {
    if (!capabilities.supports(io.github.imageedits.capability.ProviderFeature.ASYNC_CALLBACK)) {
      return ImageEditClient.super.callbackHandler(); // throws UnsupportedFeatureException
    }
    return tasks::handle; // the handler, not the engine behind it
  }

  @Override
  public Path save(EditedImage image, Path folder, String stem) throws IOException {
    requireNonNull(image, "image == null");
    if (image.data() != null) return ImageFiles.saveNew(image.data(), folder, stem);
    URI url = URI.create(image.url());
    try (Transport.Download download = transport.download(url, options.maxDownloadBytes(), options.progressListener())) {
      String where = "the result link " + withoutQuery(url);
      int status = download.status();
      if (status == 403 || status == 404 || status == 410) {
        throw new ExpiredResultException(where + " answered HTTP " + status
            + ": it has expired or never existed (result links last about 60 minutes)", status);
      }
      if (status < 200 || status > 299) {
        throw new TransportException(where + " answered HTTP " + status, null);
      }
      InputStream body = new DownloadStream(download.body(), where);
      byte[] header = body.readNBytes(12);
      ImageFormat format = ImageFormat.sniff(header, header.length).orElseThrow(() ->
          new TransportException(where + " did not serve an image (Content-Type "
              + download.contentType() + "); nothing was saved", null));
      String announced = download.contentType();
      if (announced != null && announced.startsWith("image/") && !announced.equals(format.mediaType())
          && !(format == ImageFormat.JPEG && announced.equals("image/jpg"))) {
        throw new TransportException(where + " announced " + announced + " but served "
            + format.mediaType() + "; nothing was saved", null);
      }
      return ImageFiles.saveNew(new SequenceInputStream(new ByteArrayInputStream(header), body),
          folder, stem, format.extension());
    }
  }

  // Signed result links carry credentials in the query; messages show the path only.
  private static String withoutQuery(URI url) {
    return url.getScheme() + "://" + url.getAuthority() + (url.getPath() == null ? "" : url.getPath());
  }

  @Override
  public void close() {
    state.close();
    flow.close();
    flow.limiter().unlisten(flowListener);
    try {
      if (receiver.isPresent()) receiver.get().close(); // no callback is taken once tasks start to fail
    } finally {
      tasks.close();
      executor.shutdownNow();
      if (ownsTransport) transport.close(); // a borrowed transport stays open for its owner
    }
  }

  @Override
  public String toString() {
    return "ImageEditClient[" + adapter.name() + " at " + context.baseUrl() + "]";
  }
}
