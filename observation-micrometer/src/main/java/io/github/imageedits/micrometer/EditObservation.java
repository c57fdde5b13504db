package io.github.imageedits.micrometer;

import io.github.imageedits.EditContext;
import io.github.imageedits.EditObserver;
import io.github.imageedits.EditResult;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RetryEvent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** One edit's observation; its attempts are child observations, the rest events. */
final class EditObservation implements EditObserver.Observation {
  private final Observation observation;
  private final ImageEditObservationContext context;
  private final ObservationRegistry registry;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile @Nullable Observation attempt;

  EditObservation(Observation observation, ImageEditObservationContext context, ObservationRegistry registry) {
    this.observation = observation;
    this.context = context;
    this.registry = registry;
  }

  @Override
  public void queued(Duration wait, int limit) {
    context.queued(wait, limit);
    observation.event(Observation.Event.of("queued",
        "queued " + wait.toMillis() + " ms (limit " + limit + ")"));
  }

  @Override
  public void attemptStarted(int number) {
    context.attemptStarted(number);
    EditContext edit = context.edit();
    // The parent is set explicitly: an attempt may run on a thread where the edit is not current.
    attempt = Observation.createNotStarted(MicrometerEditObserver.ATTEMPT, registry)
        .parentObservation(observation)
        .contextualName("attempt " + number)
        .lowCardinalityKeyValue(DefaultImageEditObservationConvention.OPERATION, edit.operation())
        .lowCardinalityKeyValue(DefaultImageEditObservationConvention.PROVIDER, edit.provider())
        .lowCardinalityKeyValue(DefaultImageEditObservationConvention.REQUEST_MODEL, edit.model())
        .highCardinalityKeyValue("imageedits.attempt.number", Integer.toString(number))
        .start();
  }

  @Override
  public void attemptEnded(int number, int status, @Nullable String providerCode, @Nullable Throwable failure) {
    context.attemptEnded(status, providerCode);
    Observation running = attempt;
    attempt = null;
    if (running == null) return;
    DefaultImageEditObservationConvention keys = MicrometerEditObserver.DEFAULT;
    running.lowCardinalityKeyValue(DefaultImageEditObservationConvention.HTTP_STATUS,
            status > 0 ? Integer.toString(status) : DefaultImageEditObservationConvention.NONE)
        .lowCardinalityKeyValue(DefaultImageEditObservationConvention.PROVIDER_ERROR_CODE,
            providerCode == null ? DefaultImageEditObservationConvention.NONE : code(providerCode))
        .lowCardinalityKeyValue(DefaultImageEditObservationConvention.OUTCOME, EditOutcome.of(failure).value())
        .lowCardinalityKeyValue(DefaultImageEditObservationConvention.ERROR_TYPE, keys.errorType(failure));
    if (failure != null) running.error(redact(failure));
    running.stop();
  }

  @Override
  public void retrying(RetryEvent event) {
    context.retried();
    observation.event(Observation.Event.of("retry", "retry after attempt " + event.attempt()
        + " in " + event.delay().toMillis() + " ms"));
  }

  @Override
  public void fallback(int position, String nextProvider) {
    context.hopped();
    observation.event(Observation.Event.of("fallback", "fallback from position " + position + " to " + nextProvider));
  }

  @Override
  public void uploaded(long bytes) {
    context.uploaded(bytes);
    observation.event(Observation.Event.of("upload", "uploaded " + bytes + " bytes"));
  }

  @Override
  public void downloaded(long bytes) {
    context.downloaded(bytes);
    observation.event(Observation.Event.of("download", "downloaded " + bytes + " bytes"));
  }

  @Override
  public void partialImage(int index) {
    context.partialImage();
    observation.event(Observation.Event.of("partial_image", "partial image " + index));
  }

  @Override
  public <T> T scoped(Supplier<T> work) {
    // Not Observation.scoped: it records the exception it sees, unredacted, on the observation.
    try (Observation.Scope scope = observation.openScope()) {
      return work.get();
    }
  }

  @Override
  public void succeeded(EditResult result) {
    if (!ended.compareAndSet(false, true)) return;
    context.succeeded(result);
    observation.stop();
  }

  @Override
  public void failed(Throwable failure) {
    if (!ended.compareAndSet(false, true)) return;
    Observation running = attempt; // an attempt cut short by an error the engine did not see end
    if (running != null) attemptEnded(context.attempts(), 0, null, failure);
    context.failed(failure);
    observation.error(redact(failure));
    observation.stop();
  }

  private static String code(String code) {
    return code.matches("[A-Za-z0-9_.\\-]{1,64}") ? code : "other";
  }

  private static EditFailure redact(Throwable failure) {
    String detail = EditOutcome.of(failure).value();
    if (failure instanceof ProviderException p) {
      detail += " (HTTP " + p.status() + (p.code() == null ? "" : " " + code(p.code())) + ")";
    }
    return new EditFailure(failure, detail);
  }
}

