package io.github.imageedits.spi;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.EditRequest;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link ImageEditClient} made of one adapter and one transport: validate, describe, send, read.
 * The public facade builds one of these; tests and custom setups may too.
 *
 * <pre>{@code
 * ImageEditClient client = new AdapterClient(new MyAdapter(), transport,
 *     new ProviderContext(URI.create("https://api.example.com"), ApiKey.of(key)));
 * }</pre>
 */
public final class AdapterClient implements ImageEditClient {
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** The largest result image {@link #save} downloads: 256 MiB, well above a 4K PNG. */
  public static final long DEFAULT_MAX_DOWNLOAD_BYTES = 256L << 20;

  private final ProviderAdapter adapter;
  private final Transport transport;
  private final ProviderContext context;
  private final CapabilityTable capabilities;
  private final ExecutorService executor;
  private final long maxDownloadBytes;
  private final ClientOptions options;
  private final RetryPolicy retryPolicy;
  private final RetryLoop retries;
  private volatile boolean closed;
  private final TaskEngine tasks;

  public AdapterClient(ProviderAdapter adapter, Transport transport, ProviderContext context) {
    this(adapter, transport, context, requireNonNull(adapter, "adapter == null").capabilities());
  }

  /** A client whose capability table is {@code capabilities} (the adapter's, with caller overrides). */
  public AdapterClient(ProviderAdapter adapter, Transport transport, ProviderContext context,
      CapabilityTable capabilities) {
    this(adapter, transport, context, capabilities, (CallbackSettings) null);
  }

  /**
   * A client that also receives callbacks for its asynchronous tasks ({@link #submit}) at
   * {@code callbacks}' URL, through {@link #callbackHandler()}.
   *
   * @param callbacks where callbacks arrive, or null for none (tasks are then followed by polling)
   */
  public AdapterClient(ProviderAdapter adapter, Transport transport, ProviderContext context,
      CapabilityTable capabilities, CallbackSettings callbacks) {
    this(adapter, transport, context, capabilities, callbacks, RetryPolicy.none(), RetryListener.NONE);
  }

  /** A client with {@code options}: the download cap and a progress listener. */
  public AdapterClient(ProviderAdapter adapter, Transport transport, ProviderContext context,
      CapabilityTable capabilities, ClientOptions options) {
    this(adapter, transport, context, capabilities, options, null, RetryPolicy.none(), RetryListener.NONE);
  }

  /**
   * A client that retries by {@code retryPolicy} (a request's own policy wins) and tells
   * {@code retryListener} about every retry. The constructors without a policy send once.
   */
  public AdapterClient(ProviderAdapter adapter, Transport transport, ProviderContext context,
      CapabilityTable capabilities, RetryPolicy retryPolicy, RetryListener retryListener) {
    this(adapter, transport, context, capabilities, null, retryPolicy, retryListener);
  }

  /** A client with callbacks (or null) and a retry policy. */
  public AdapterClient(ProviderAdapter adapter, Transport transport, ProviderContext context,
      CapabilityTable capabilities, CallbackSettings callbacks, RetryPolicy retryPolicy,
      RetryListener retryListener) {
    this(adapter, transport, context, capabilities, ClientOptions.defaults(), callbacks, retryPolicy,
        retryListener);
  }

  /**
   * A client with every setting: {@code options} (download cap, progress listener), callbacks (or
   * null) and a retry policy; what the {@code ImageEdits} facade builds.
   */
  public AdapterClient(ProviderAdapter adapter, Transport transport, ProviderContext context,
      CapabilityTable capabilities, ClientOptions options, CallbackSettings callbacks,
      RetryPolicy retryPolicy, RetryListener retryListener) {
    this.options = requireNonNull(options, "options == null");
    this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy == null");
    this.retries = new RetryLoop(requireNonNull(adapter, "adapter == null").name(),
        requireNonNull(retryListener, "retryListener == null"), () -> closed);
    this.adapter = requireNonNull(adapter, "adapter == null");
    this.transport = requireNonNull(transport, "transport == null");
    this.context = requireNonNull(context, "context == null");
    this.capabilities = requireNonNull(capabilities, "capabilities == null");
    this.maxDownloadBytes = options.maxDownloadBytes();
    // Daemon threads: an application that forgets close() can still exit.
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "imageedits-" + adapter.name() + "-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.tasks = new TaskEngine(adapter, transport, context, capabilities, callbacks, executor);
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
    return send(request, new RetryLoop.Slot());
  }

  @Override
  public CompletableFuture<EditResult> editAsync(EditRequest request) {
    requireNonNull(request, "request == null");
    RetryLoop.Slot running = new RetryLoop.Slot();
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
          future.complete(send(request, running));
        } catch (RuntimeException e) {
          future.completeExceptionally(e);
        }
      });
    } catch (RuntimeException e) {
      future.completeExceptionally(new TransportException("client is closed", e, false));
    }
    return future;
  }

  private EditResult send(EditRequest request, RetryLoop.Slot running) {
    requireNonNull(request, "request == null");
    PreparedEdit edit = RequestValidator.prepare(request, capabilities);
    WireRequest described = adapter.toWire(edit, context);
    WireRequest wire = request.timeouts() == null ? described : described.withTimeouts(request.timeouts());
    RetryPolicy policy = request.retryPolicy() != null ? request.retryPolicy() : retryPolicy;
    return retries.run(policy, running, () -> transport.newCall(wire, options.progressListener()),
        reply -> read(edit, reply));
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
    return streaming().run(request, listener, new RetryLoop.Slot());
  }

  @Override
  public CompletableFuture<EditResult> streamAsync(EditRequest request, PartialImageListener listener) {
    requireNonNull(request, "request == null");
    requireNonNull(listener, "listener == null");
    RetryLoop.Slot running = new RetryLoop.Slot();
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
          EditResult result = streaming().run(request, listener, running);
          if (!future.complete(result)) result.close(); // cancelled meanwhile: nobody will read it
        } catch (RuntimeException e) {
          future.completeExceptionally(e);
        }
      });
    } catch (RuntimeException e) {
      future.completeExceptionally(new TransportException("client is closed", e, false));
    }
    return future;
  }

  private StreamingEdit streaming() {
    return new StreamingEdit(adapter, transport, context, capabilities, options.progressListener());
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
    try (Transport.Download download = transport.download(url, maxDownloadBytes, options.progressListener())) {
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
    closed = true;
    tasks.close();
    executor.shutdownNow();
    transport.close();
  }

  @Override
  public String toString() {
    return "AdapterClient[" + adapter.name() + " at " + context.baseUrl() + "]";
  }
}
