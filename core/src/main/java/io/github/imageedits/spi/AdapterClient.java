package io.github.imageedits.spi;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageEditException;
import io.github.imageedits.TransportException;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.RequestValidator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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

  private final ProviderAdapter adapter;
  private final Transport transport;
  private final ProviderContext context;
  private final CapabilityTable capabilities;
  private final ExecutorService executor;

  public AdapterClient(ProviderAdapter adapter, Transport transport, ProviderContext context) {
    this(adapter, transport, context, requireNonNull(adapter, "adapter == null").capabilities());
  }

  /** A client whose capability table is {@code capabilities} (the adapter's, with caller overrides). */
  public AdapterClient(ProviderAdapter adapter, Transport transport, ProviderContext context,
      CapabilityTable capabilities) {
    this.adapter = requireNonNull(adapter, "adapter == null");
    this.transport = requireNonNull(transport, "transport == null");
    this.context = requireNonNull(context, "context == null");
    this.capabilities = requireNonNull(capabilities, "capabilities == null");
    // Daemon threads: an application that forgets close() can still exit.
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "imageedits-" + adapter.name() + "-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
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
    return send(request, new AtomicReference<>());
  }

  @Override
  public CompletableFuture<EditResult> editAsync(EditRequest request) {
    requireNonNull(request, "request == null");
    AtomicReference<Transport.Call> running = new AtomicReference<>();
    CompletableFuture<EditResult> future = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Transport.Call call = running.get();
        if (cancelled && call != null) call.cancel();
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
      future.completeExceptionally(new TransportException("client is closed", e));
    }
    return future;
  }

  private EditResult send(EditRequest request, AtomicReference<Transport.Call> running) {
    requireNonNull(request, "request == null");
    PreparedEdit edit = RequestValidator.prepare(request, capabilities);
    WireRequest wire = adapter.toWire(edit, context);
    Transport.Call call = transport.newCall(wire);
    running.set(call);
    WireReply reply = call.execute();
    try {
      return adapter.readReply(edit, reply);
    } catch (ImageEditException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TransportException(adapter.name() + " sent a reply that could not be read: " + e, e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    transport.close();
  }

  @Override
  public String toString() {
    return "AdapterClient[" + adapter.name() + " at " + context.baseUrl() + "]";
  }
}
