package io.github.imageedits.micrometer;

import io.github.imageedits.EditContext;
import io.github.imageedits.EditResult;
import io.github.imageedits.ProviderException;
import io.github.imageedits.Usage;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The default names and keys of edit observations, after OpenTelemetry's GenAI semantic
 * conventions (https://opentelemetry.io/docs/specs/semconv/gen-ai/, status Development) where they
 * have a key, {@code imageedits.*} where they have none. docs/observability.md lists each key.
 *
 * <p>Low-cardinality keys (metric tags and span attributes) take values from small sets: the
 * operation, provider and model, the outcome, the HTTP status, the provider's error code. Ids,
 * counts, sizes and usage are high-cardinality keys (span attributes only).
 *
 * <pre>{@code
 * class MyConvention extends DefaultImageEditObservationConvention {
 *   @Override
 *   public KeyValues getLowCardinalityKeyValues(ImageEditObservationContext context) {
 *     return super.getLowCardinalityKeyValues(context).and("team", "catalog");
 *   }
 * }
 * EditObserver observer = MicrometerEditObserver.builder(registry).convention(new MyConvention()).build();
 * }</pre>
 */
public class DefaultImageEditObservationConvention implements ImageEditObservationConvention {
  /** The name of an edit's observation, and so of its timer. */
  public static final String EDIT = "imageedits.edit";
  /** The name of a {@link io.github.imageedits.FallbackClient} edit's observation. */
  public static final String FALLBACK = "imageedits.fallback";

  public static final String OPERATION = "gen_ai.operation.name";
  public static final String PROVIDER = "gen_ai.provider.name";
  public static final String REQUEST_MODEL = "gen_ai.request.model";
  public static final String OUTPUT_TYPE = "gen_ai.output.type";
  public static final String OUTCOME = "imageedits.outcome";
  public static final String ERROR_TYPE = "error.type";
  public static final String HTTP_STATUS = "imageedits.http.status";
  public static final String PROVIDER_ERROR_CODE = "imageedits.provider.error_code";
  public static final String FALLBACK_POSITION = "imageedits.fallback.position";

  public static final String RESPONSE_MODEL = "gen_ai.response.model";
  public static final String REQUEST_ID = "imageedits.request_id";
  public static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";
  public static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
  public static final String TOTAL_TOKENS = "imageedits.usage.total_tokens";
  public static final String CHOICE_COUNT = "gen_ai.request.choice.count";
  public static final String STREAM = "gen_ai.request.stream";
  public static final String IMAGES_IN = "imageedits.request.images";
  public static final String IMAGE_BYTES = "imageedits.request.image_bytes";
  public static final String SIZE = "imageedits.request.size";
  public static final String OUTPUT_FORMAT = "imageedits.request.output_format";
  public static final String BYTES_UP = "imageedits.upload.bytes";
  public static final String BYTES_DOWN = "imageedits.download.bytes";
  public static final String ATTEMPTS = "imageedits.attempts";
  public static final String RETRIES = "imageedits.retries";
  public static final String PARTIAL_IMAGES = "imageedits.partial_images";
  public static final String QUEUE_WAIT = "imageedits.queue.wait_ms";
  public static final String CONCURRENCY_LIMIT = "imageedits.concurrency.limit";
  public static final String TRACE_ID = "imageedits.trace_id";
  public static final String TASK_ID = "imageedits.task_id";
  public static final String IMAGES_OUT = "imageedits.response.images";
  public static final String PROMPT = "imageedits.prompt";

  /** The value of a key that does not apply, such as {@code error.type} of a success. */
  public static final String NONE = "none";

  // A provider error code is a short identifier; anything else (a sentence, an id) is "other".
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

  private final String name;

  /** Edits observed as {@value #EDIT}. */
  public DefaultImageEditObservationConvention() {
    this(EDIT);
  }

  /** Edits observed under {@code name}: {@value #FALLBACK} for a fallback chain's. */
  protected DefaultImageEditObservationConvention(String name) {
    this.name = name;
  }

  /** The convention of a {@link io.github.imageedits.FallbackClient}'s observations. */
  static DefaultImageEditObservationConvention fallback() {
    return new DefaultImageEditObservationConvention(FALLBACK);
  }

  @Override
  public String getName() {
    return name;
  }

  /** {@code image_edit gpt-image-1}: the span name the GenAI conventions give. */
  @Override
  public String getContextualName(ImageEditObservationContext context) {
    return context.edit().operation() + " " + context.edit().model();
  }

  /**
   * The operation, provider, model and output type from the start; the outcome, error type, HTTP
   * status and provider code once the edit ended (so the timer has them and the active-edits gauge
   * does not); the fallback position for a chain.
   */
  @Override
  public KeyValues getLowCardinalityKeyValues(ImageEditObservationContext context) {
    EditContext edit = context.edit();
    EditResult result = context.result();
    String provider = result != null ? result.provider() : edit.provider();
    KeyValues keys = KeyValues.of(
        KeyValue.of(OPERATION, edit.operation()),
        KeyValue.of(PROVIDER, provider),
        KeyValue.of(REQUEST_MODEL, edit.model()),
        KeyValue.of(OUTPUT_TYPE, "image"));
    if (!context.ended()) return keys;
    Throwable failure = context.failure();
    int status = context.lastStatus();
    String code = context.lastProviderCode();
    if (failure instanceof ProviderException p) {
      status = p.status();
      code = p.code();
    }
    keys = keys.and(
        KeyValue.of(OUTCOME, context.outcome().value()),
        KeyValue.of(ERROR_TYPE, errorType(failure)),
        KeyValue.of(HTTP_STATUS, status > 0 ? Integer.toString(status) : NONE),
        KeyValue.of(PROVIDER_ERROR_CODE, code == null ? NONE : CODE.matcher(code).matches() ? code : "other"));
    if (edit.fallback()) keys = keys.and(FALLBACK_POSITION, Integer.toString(context.fallbackHops()));
    return keys;
  }

  /**
   * {@code error.type}: the HTTP status of a provider's error, {@code timeout}, or the simple name
   * of the exception's class; {@code none} for a success.
   */
  protected String errorType(@Nullable Throwable failure) {
    if (failure == null) return NONE;
    if (failure instanceof ProviderException p && p.status() > 0) return Integer.toString(p.status());
    if (EditOutcome.of(failure) == EditOutcome.TIMEOUT) return "timeout";
    return failure.getClass().getSimpleName();
  }

  /** Sizes, counts, usage and ids: span attributes, never metric tags. */
  @Override
  public KeyValues getHighCardinalityKeyValues(ImageEditObservationContext context) {
    EditContext edit = context.edit();
    List<KeyValue> keys = new ArrayList<>();
    keys.add(KeyValue.of(IMAGES_IN, Integer.toString(edit.images())));
    if (edit.imageBytes() > 0) keys.add(KeyValue.of(IMAGE_BYTES, Long.toString(edit.imageBytes())));
    if (edit.n() > 0) keys.add(KeyValue.of(CHOICE_COUNT, Integer.toString(edit.n())));
    if (edit.size() != null) keys.add(KeyValue.of(SIZE, edit.size()));
    if (edit.outputFormat() != null) keys.add(KeyValue.of(OUTPUT_FORMAT, edit.outputFormat()));
    if (edit.operation().equals(EditContext.IMAGE_EDIT_STREAM)) keys.add(KeyValue.of(STREAM, "true"));
    if (edit.traceId() != null) keys.add(KeyValue.of(TRACE_ID, edit.traceId()));
    if (context.recordPrompt() && edit.prompt() != null) keys.add(KeyValue.of(PROMPT, edit.prompt()));
    if (context.attempts() > 0) keys.add(KeyValue.of(ATTEMPTS, Integer.toString(context.attempts())));
    if (context.retries() > 0) keys.add(KeyValue.of(RETRIES, Integer.toString(context.retries())));
    if (context.uploadedBytes() > 0) keys.add(KeyValue.of(BYTES_UP, Long.toString(context.uploadedBytes())));
    if (context.downloadedBytes() > 0) keys.add(KeyValue.of(BYTES_DOWN, Long.toString(context.downloadedBytes())));
    if (context.partialImages() > 0) keys.add(KeyValue.of(PARTIAL_IMAGES, Integer.toString(context.partialImages())));
    if (context.queueWait() != null) {
      keys.add(KeyValue.of(QUEUE_WAIT, Long.toString(context.queueWait().toMillis())));
      keys.add(KeyValue.of(CONCURRENCY_LIMIT, Integer.toString(context.concurrencyLimit())));
    }
    EditResult result = context.result();
    if (result != null) {
      if (result.model() != null) keys.add(KeyValue.of(RESPONSE_MODEL, result.model()));
      if (result.requestId() != null) keys.add(KeyValue.of(REQUEST_ID, result.requestId()));
      if (result.taskId() != null) keys.add(KeyValue.of(TASK_ID, result.taskId()));
      if (result.traceId() != null && edit.traceId() == null) keys.add(KeyValue.of(TRACE_ID, result.traceId()));
      keys.add(KeyValue.of(IMAGES_OUT, Integer.toString(result.images().size())));
      Usage usage = result.usage();
      if (usage != null) {
        keys.add(KeyValue.of(INPUT_TOKENS, Long.toString(usage.inputTokens())));
        keys.add(KeyValue.of(OUTPUT_TOKENS, Long.toString(usage.outputTokens())));
        keys.add(KeyValue.of(TOTAL_TOKENS, Long.toString(usage.totalTokens())));
      }
    }
    return KeyValues.of(keys);
  }
}
