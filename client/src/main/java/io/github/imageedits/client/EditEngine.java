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
import io.github.imageedits.capability.RequestValidator;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import jakarta.inject.Inject;
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
  private final FlowLimiter flowLimiter;
  private final EditObserver observer;
  private final Optional<EmbeddedReceiver> receiver;

  @Inject
  EditEngine(ProviderAdapter adapter, TransportLease lease, ProviderContext context,
      CapabilityTable capabilities, @ClientExecutor ExecutorService executor, ClientOptions options,
      RetryPolicy retryPolicy, RetryLoop retries, StreamingEdit streaming, TaskEngine tasks,
      EngineState state, FlowLimiter flowLimiter, EditObserver observer,
      Optional<EmbeddedReceiver> receiver) {
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
    this.flowLimiter = flowLimiter;
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
    return running.watch(watch(EditContext.IMAGE_EDIT, request)).run(() -> send(request, running));
  }

  @Override
  public CompletableFuture<EditResult> editAsync(EditRequest request) {
    requireNonNull(request, "request == null");
    RetryLoop.Slot running = new RetryLoop.Slot();
    // Started on the caller's thread, so that an observation current there becomes its parent.
    Watch watch = running.watch(watch(EditContext.IMAGE_EDIT, request));
    CompletableFuture<EditResult> future = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) running.cancel(); // the HTTP call, and any retry still to come
        return cancelled;
      }
    };
    try {
      executor.execute(() -> {
        try {
          future.complete(watch.run(() -> send(request, running)));
        } catch (RuntimeException e) {
          future.completeExceptionally(e);
        }
      });
    } catch (RuntimeException e) {
      TransportException closed = new TransportException("client is closed", e, false);
      watch.failed(closed);
      future.completeExceptionally(closed);
    }
    return future;
  }

  private EditResult send(EditRequest request, RetryLoop.Slot running) {
    PreparedEdit edit = Preparation.prepare(request, capabilities);
    WireRequest described = adapter.toWire(edit, context);
    WireRequest wire = request.timeouts() == null ? described : described.toBuilder().timeouts(request.timeouts()).build();
    RetryPolicy policy = request.retryPolicy() != null ? request.retryPolicy() : retryPolicy;
    ProgressListener progress = running.watch().progress(options.progressListener());
    try (FlowLimiter.Permit permit = flowLimiter.acquire(adapter.name())) {
      return retries.run(policy, running, () -> transport.newCall(wire, progress), reply -> read(edit, reply));
    }
  }

  /** The observation of one edit, or {@link Watch#NONE} (built for nothing) when nobody observes. */
  private Watch watch(String operation, EditRequest request) {
    return Watch.start(observer, operation, adapter.name(), request, null);
  }

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
    RetryLoop.Slot running = new RetryLoop.Slot();
    return running.watch(watch(EditContext.IMAGE_EDIT_STREAM, request))
        .run(() -> streamOnce(request, listener, running));
  }

  @Override
  public CompletableFuture<EditResult> streamAsync(EditRequest request, PartialImageListener listener) {
    requireNonNull(request, "request == null");
    requireNonNull(listener, "listener == null");
    RetryLoop.Slot running = new RetryLoop.Slot();
    Watch watch = running.watch(watch(EditContext.IMAGE_EDIT_STREAM, request));
    CompletableFuture<EditResult> future = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) running.cancel(); // the read fails and closes the stream
        return cancelled;
      }
    };
    try {
      executor.execute(() -> {
        try {
          EditResult result = watch.run(() -> streamOnce(request, listener, running));
          if (!future.complete(result)) result.close(); // cancelled meanwhile: nobody will read it
        } catch (RuntimeException e) {
          future.completeExceptionally(e);
        }
      });
    } catch (RuntimeException e) {
      TransportException closed = new TransportException("client is closed", e, false);
      watch.failed(closed);
      future.completeExceptionally(closed);
    }
    return future;
  }

  private EditResult streamOnce(EditRequest request, PartialImageListener listener, RetryLoop.Slot running) {
    try (FlowLimiter.Permit permit = flowLimiter.acquire(adapter.name())) {
      return streaming.run(request, listener, running);
    }
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
    try {
      receiver.ifPresent(EmbeddedReceiver::close); // no callback is taken once tasks start to fail
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
