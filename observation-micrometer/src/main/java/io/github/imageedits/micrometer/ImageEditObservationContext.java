package io.github.imageedits.micrometer;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.EditContext;
import io.github.imageedits.EditResult;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The Micrometer context of one observed edit: the {@link EditContext} it started with, what
 * happened to it so far (attempts, retries, bytes, the last HTTP status and provider code, fallback
 * hops, queue wait), and how it ended. An {@link ImageEditObservationConvention} reads its keys from
 * here. A sender context of kind {@code CLIENT}, as the GenAI conventions ask of an operation span;
 * its carrier takes no headers (the transport sends its own).
 */
public class ImageEditObservationContext extends SenderContext<Object> {
  private final EditContext edit;
  private final boolean recordPrompt;
  private volatile int attempts;
  private volatile int retries;
  private volatile int lastStatus;
  private volatile @Nullable String lastProviderCode;
  private volatile int fallbackHops;
  private volatile long uploadedBytes;
  private volatile long downloadedBytes;
  private volatile int partialImages;
  private volatile @Nullable Duration queueWait;
  private volatile int concurrencyLimit;
  private volatile @Nullable EditResult result;
  private volatile @Nullable Throwable failure;
  private volatile boolean ended;

  /**
   * @param recordPrompt whether the prompt (present in {@code edit} only when the user opted in)
   *     becomes a key
   */
  public ImageEditObservationContext(EditContext edit, boolean recordPrompt) {
    super((carrier, key, value) -> {}, Kind.CLIENT);
    this.edit = requireNonNull(edit, "edit == null");
    this.recordPrompt = recordPrompt;
    setRemoteServiceName(edit.provider());
  }

  /** What the client told the observer as the edit began. */
  public EditContext edit() {
    return edit;
  }

  /** Whether the prompt is recorded (a high-cardinality key, spans only). */
  public boolean recordPrompt() {
    return recordPrompt;
  }

  /** Attempts sent so far. */
  public int attempts() {
    return attempts;
  }

  /** Retries so far: attempts that failed and were sent again. */
  public int retries() {
    return retries;
  }

  /** The HTTP status of the last attempt, or 0 when none answered. */
  public int lastStatus() {
    return lastStatus;
  }

  /** The provider's error code of the last failed attempt, or null. */
  public @Nullable String lastProviderCode() {
    return lastProviderCode;
  }

  /** How many times a {@link io.github.imageedits.FallbackClient} moved on: the position it ended at. */
  public int fallbackHops() {
    return fallbackHops;
  }

  /** Request body bytes sent, over all attempts. */
  public long uploadedBytes() {
    return uploadedBytes;
  }

  /** Reply body bytes read, over all attempts. */
  public long downloadedBytes() {
    return downloadedBytes;
  }

  /** Streamed partial images delivered. */
  public int partialImages() {
    return partialImages;
  }

  /** How long the edit waited in the client's queue, or null when it did not queue. */
  public @Nullable Duration queueWait() {
    return queueWait;
  }

  /** The concurrency limit when the edit left the queue, or 0 when it did not queue. */
  public int concurrencyLimit() {
    return concurrencyLimit;
  }

  /** The result, once the edit succeeded. */
  public @Nullable EditResult result() {
    return result;
  }

  /**
   * The failure as the client threw it, once the edit failed. The observation itself is given a
   * redacted copy (class and outcome, no message): provider messages may quote the request.
   */
  public @Nullable Throwable failure() {
    return failure;
  }

  /** Whether the edit has ended (outcome keys are known). */
  public boolean ended() {
    return ended;
  }

  /** How the edit ended; {@link EditOutcome#SUCCESS} also while it runs. */
  public EditOutcome outcome() {
    return EditOutcome.of(failure);
  }

  void attemptStarted(int attempt) {
    attempts = Math.max(attempts, attempt);
  }

  void attemptEnded(int status, @Nullable String providerCode) {
    lastStatus = status;
    lastProviderCode = providerCode;
  }

  void retried() {
    retries++;
  }

  void hopped() {
    fallbackHops++;
  }

  void uploaded(long bytes) {
    uploadedBytes += bytes;
  }

  void downloaded(long bytes) {
    downloadedBytes += bytes;
  }

  void partialImage() {
    partialImages++;
  }

  void queued(Duration wait, int limit) {
    queueWait = queueWait == null ? wait : queueWait.plus(wait);
    concurrencyLimit = limit;
  }

  void succeeded(EditResult result) {
    this.result = result;
    this.ended = true;
  }

  void failed(Throwable failure) {
    this.failure = failure;
    this.ended = true;
  }
}
