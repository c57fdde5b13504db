package io.github.imageedits.client;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageData;
import io.github.imageedits.ImageEditException;
import io.github.imageedits.PartialImage;
import io.github.imageedits.PartialImageListener;
import io.github.imageedits.ProgressListener;
import io.github.imageedits.TransportException;
import io.github.imageedits.UnsupportedFeatureException;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ProviderFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import jakarta.inject.Inject;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.WireRequest;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireEvent;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.EditEvent;

/**
 * One streamed edit for {@link EditEngine}: check the feature, validate, send with
 * {@code stream=true}, hand each partial image to the listener and release it, stop at the final
 * result. Partial images never outlive their callback, so a stream of any length leaves no files.
 */
final class StreamingEdit {
  private final ProviderAdapter adapter;
  private final Transport transport;
  private final ProviderContext context;
  private final CapabilityTable capabilities;
  private final ProgressListener progress;

  @Inject
  StreamingEdit(ProviderAdapter adapter, Transport transport, ProviderContext context,
      CapabilityTable capabilities, ProgressListener progress) {
    this.adapter = adapter;
    this.transport = transport;
    this.context = context;
    this.capabilities = capabilities;
    this.progress = progress;
  }

  EditResult run(EditRequest request, PartialImageListener listener, RetryLoop.Slot running) {
    requireNonNull(request, "request == null");
    requireNonNull(listener, "listener == null");
    // Before validation: a provider without streaming must fail the same way for any request.
    if (!capabilities.supports(ProviderFeature.STREAMING)) {
      throw new UnsupportedFeatureException(adapter.name(), "streaming partial images (stream=true)");
    }
    PreparedEdit edit = Preparation.prepare(request, capabilities);
    WireRequest described = adapter.toStreamingWire(edit, context);
    WireRequest wire = request.timeouts() == null ? described : described.toBuilder().timeouts(request.timeouts()).build();
    Watch watch = running.watch();
    watch.attemptStarted(1); // a stream is sent once
    Transport.Call call = transport.newCall(wire, watch.progress(progress));
    running.set(call); // cancels it at once if the caller already cancelled
    AtomicReference<EditResult> result = new AtomicReference<>();
    WireReply reply;
    try {
      reply = call.execute(event -> {
        EditEvent read = read(edit, event);
        if (read.partialImage() != null) {
          deliver(listener, read.partialImage());
          watch.partialImage();
          return true;
        }
        if (read.result() != null) {
          result.set(read.result());
          return false; // the final image: stop here rather than wait for the server to hang up
        }
        release(event.data().json());
        return true;
      });
    } catch (RuntimeException | Error e) {
      watch.attemptEnded(1, 0, e);
      throw e;
    }
    if (result.get() != null) {
      watch.attemptEnded(1, reply.status(), null);
      return result.get();
    }
    if (!isEventStream(reply)) {
      // An error, or a server that did not stream.
      try {
        EditResult read = readReply(edit, reply);
        watch.attemptEnded(1, reply.status(), null);
        return read;
      } catch (RuntimeException e) {
        watch.attemptEnded(1, reply.status(), e);
        throw e;
      }
    }
    watch.attemptEnded(1, reply.status(), null);
    throw new TransportException(adapter.name() + "'s event stream ended before the final image"
        + " (no completed event)", null);
  }

  private EditEvent read(PreparedEdit edit, WireEvent event) {
    try {
      return requireNonNull(adapter.readEvent(edit, event), "readEvent returned null");
    } catch (ImageEditException e) {
      release(event.data().json());
      throw e;
    } catch (RuntimeException e) {
      release(event.data().json());
      throw new TransportException(adapter.name() + " sent an event that could not be read: " + e, e);
    }
  }

  private static void deliver(PartialImageListener listener, PartialImage image) {
    try {
      listener.onPartialImage(image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      image.data().release();
    }
  }

  private EditResult readReply(PreparedEdit edit, WireReply reply) {
    try {
      return adapter.readReply(edit, reply);
    } catch (ImageEditException e) {
      release(reply.json());
      throw e;
    } catch (RuntimeException e) {
      release(reply.json());
      throw new TransportException(adapter.name() + " sent a reply that could not be read: " + e, e);
    }
  }

  private static boolean isEventStream(WireReply reply) {
    String type = reply.header("Content-Type");
    return reply.successful() && type != null
        && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
  }

  /** Releases every image the transport decoded into a JSON tree that nobody will read. */
  static void release(Object json) {
    if (json instanceof ImageData data) {
      data.release();
    } else if (json instanceof Map<?, ?> map) {
      map.values().forEach(StreamingEdit::release);
    } else if (json instanceof List<?> list) {
      list.forEach(StreamingEdit::release);
    }
  }
}
