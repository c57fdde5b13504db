package io.github.imageedits.client;

import io.github.imageedits.EditContext;
import io.github.imageedits.EditObserver;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageSource;
import io.github.imageedits.ProgressListener;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RetryEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The engine's side of one observed edit: it builds the {@link EditContext}, counts the bytes of
 * each attempt from the progress plumbing, and shields the edit from an observer that throws.
 * {@link #NONE} is a constant that reports nothing, so an unobserved edit builds no context and
 * allocates nothing for observation.
 */
final class Watch {
  /** Observes nothing; every method returns at once. */
  static final Watch NONE = new Watch(EditObserver.Observation.NONE);

  private final EditObserver.Observation observation;
  private final AtomicInteger partials = new AtomicInteger();
  private volatile long sent;
  private volatile long received;

  private Watch(EditObserver.Observation observation) {
    this.observation = observation;
  }

  /** Starts observing {@code request}, or returns {@link #NONE} when nobody observes. */
  static Watch start(EditObserver observer, String operation, String provider, EditRequest request,
      String traceId) {
    if (observer == EditObserver.NONE) return NONE;
    EditContext.Builder context = EditContext.builder(operation, provider, request.model())
        .images(request.images().size())
        .imageBytes(bytes(request))
        .n(request.n() == null ? 0 : request.n())
        .size(request.size() == null ? null : request.size().value())
        .outputFormat(request.outputFormat() == null ? null : request.outputFormat().value())
        .traceId(traceId);
    try {
      if (observer.recordsPrompts()) context.prompt(request.prompt());
      EditObserver.Observation observation = observer.start(context.build());
      return observation == null || observation == EditObserver.Observation.NONE ? NONE : new Watch(observation);
    } catch (RuntimeException e) {
      return NONE; // a broken observer must not break an edit
    }
  }

  /** The input images' sizes as far as known without reading them: files by their length, URLs not at all. */
  private static long bytes(EditRequest request) {
    long total = 0;
    for (ImageSource image : request.images()) total += bytes(image);
    return request.mask() == null ? total : total + bytes(request.mask());
  }

  private static long bytes(ImageSource image) {
    if (image instanceof ImageSource.BytesImage b) return b.length();
    if (image instanceof ImageSource.FileImage f) {
      try {
        return Files.size(f.path());
      } catch (IOException | SecurityException e) {
        return 0; // the edit itself reports the unreadable file
      }
    }
    return 0;
  }

  /** The progress listener for one call: {@code user}'s, plus the byte counts when observed. */
  ProgressListener progress(ProgressListener user) {
    if (this == NONE) return user;
    return new ProgressListener() {
      @Override
      public void uploaded(long bytes, long total) {
        sent = bytes;
        user.uploaded(bytes, total);
      }

      @Override
      public void downloaded(long bytes, long total) {
        received = bytes;
        user.downloaded(bytes, total);
      }
    };
  }

  /** Runs the edit with the observation current, then ends the observation with its outcome. */
  EditResult run(Supplier<EditResult> edit) {
    if (this == NONE) return edit.get();
    EditResult result;
    try {
      result = observation.scoped(edit);
    } catch (RuntimeException | Error e) {
      failed(e);
      throw e;
    }
    succeeded(result);
    return result;
  }

  /**
   * The edit waited {@code wait} in the flow limiter's queue for one of {@code limit} slots: the
   * limiter reports it through the edit's slot, {@code running.watch().queued(wait, limit)}, as it
   * dispatches the edit.
   */
  void queued(Duration wait, int limit) {
    if (this == NONE) return;
    try {
      observation.queued(wait, limit);
    } catch (RuntimeException ignored) {
      // see start
    }
  }

  void attemptStarted(int attempt) {
    if (this == NONE) return;
    sent = 0;
    received = 0;
    try {
      observation.attemptStarted(attempt);
    } catch (RuntimeException ignored) {
      // see start
    }
  }

  /** Ends an attempt that got {@code status} (0 without a reply) or failed with {@code failure}. */
  void attemptEnded(int attempt, int status, Throwable failure) {
    if (this == NONE) return;
    String code = null;
    if (failure instanceof ProviderException p) {
      code = p.code();
      if (status == 0) status = p.status();
    }
    try {
      if (sent > 0) observation.uploaded(sent);
      if (received > 0) observation.downloaded(received);
      observation.attemptEnded(attempt, status, code, failure);
    } catch (RuntimeException ignored) {
      // see start
    }
  }

  void retrying(RetryEvent event) {
    if (this == NONE) return;
    try {
      observation.retrying(event);
    } catch (RuntimeException ignored) {
      // see start
    }
  }

  void partialImage() {
    if (this == NONE) return;
    try {
      observation.partialImage(partials.getAndIncrement());
    } catch (RuntimeException ignored) {
      // see start
    }
  }

  void succeeded(EditResult result) {
    if (this == NONE) return;
    try {
      observation.succeeded(result);
    } catch (RuntimeException ignored) {
      // see start
    }
  }

  void failed(Throwable failure) {
    if (this == NONE) return;
    try {
      observation.failed(failure);
    } catch (RuntimeException ignored) {
      // see start
    }
  }
}
