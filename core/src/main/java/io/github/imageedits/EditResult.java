package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a provider returned for an edit.
 *
 * <pre>{@code
 * try (EditResult result = client.edit(request)) {
 *   for (EditedImage image : result.images()) {
 *     Path saved = client.save(image, Path.of("out"), "edited");
 *   }
 *   result.warnings().forEach(w -> System.err.println("dropped: " + w.message()));
 * }
 * }</pre>
 *
 * <p>A result can hold large images in temporary files (a 4K {@code b64_json} image is tens of
 * megabytes, decoded to disk as it arrives). {@link #close()} deletes them; saved files stay.
 * Closing is optional for small results and a fallback deletes what is left when the JVM exits,
 * but a long-running program should close every result it gets.
 *
 * <p>Adapters build results with {@link #builder(String)}; {@link #toBuilder()} derives a changed
 * copy:
 *
 * <pre>{@code
 * EditResult result = EditResult.builder(name())
 *     .model(edit.request().model())
 *     .images(images)
 *     .created(created)
 *     .warnings(edit.warnings())
 *     .build();
 * }</pre>
 */
public final class EditResult implements AutoCloseable {
  private final String provider;
  private final String model;
  private final List<EditedImage> images;
  private final long created;
  private final String taskId;
  private final String traceId;
  private final String requestId;
  private final Duration elapsed;
  private final Usage usage;
  private final List<Violation> warnings;

  private EditResult(Builder b) {
    this.provider = b.provider;
    this.model = b.model;
    this.images = List.copyOf(b.images);
    this.created = b.created;
    this.taskId = b.taskId;
    this.traceId = b.traceId;
    this.requestId = b.requestId;
    this.elapsed = b.elapsed;
    this.usage = b.usage;
    this.warnings = List.copyOf(b.warnings);
  }

  /** Starts a result served by {@code provider}; images and warnings default to none. */
  public static Builder builder(String provider) {
    return new Builder(provider);
  }

  /** A builder holding this result's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(provider).model(model).images(images).created(created).taskId(taskId)
        .traceId(traceId).requestId(requestId).elapsed(elapsed).usage(usage).warnings(warnings);
  }

  /** The provider that served the edit. */
  public String provider() {
    return provider;
  }

  /** The model asked for, or null. */
  public @Nullable String model() {
    return model;
  }

  /** The edited images; empty while an asynchronous task is {@linkplain #pending() pending}. */
  public List<EditedImage> images() {
    return images;
  }

  /** The provider's creation time in epoch seconds (0 when it gives none). */
  public long created() {
    return created;
  }

  /** The provider's task id, or null. */
  public @Nullable String taskId() {
    return taskId;
  }

  /** The provider's trace id, or null. */
  public @Nullable String traceId() {
    return traceId;
  }

  /** The provider's request id response header ({@code x-request-id}, Azure's {@code apim-request-id}), or null. */
  public @Nullable String requestId() {
    return requestId;
  }

  /** How long the provider says it worked, or null. */
  public @Nullable Duration elapsed() {
    return elapsed;
  }

  /** Token usage, or null. */
  public @Nullable Usage usage() {
    return usage;
  }

  /** Options that were dropped because the model ignores them. */
  public List<Violation> warnings() {
    return warnings;
  }

  /** True when the provider accepted an asynchronous edit and will deliver the images later. */
  public boolean pending() {
    return images.isEmpty() && taskId != null;
  }

  /**
   * Releases the images' data: deletes the temporary files the transport decoded large images to.
   * Read or save the images before; links ({@link EditedImage#url()}) stay valid. Idempotent.
   */
  @Override
  public void close() {
    for (EditedImage image : images) {
      if (image.data() != null) image.data().release();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EditResult r && provider.equals(r.provider) && Objects.equals(model, r.model)
        && images.equals(r.images) && created == r.created && Objects.equals(taskId, r.taskId)
        && Objects.equals(traceId, r.traceId) && Objects.equals(requestId, r.requestId)
        && Objects.equals(elapsed, r.elapsed) && Objects.equals(usage, r.usage)
        && warnings.equals(r.warnings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, model, images, created, taskId, traceId, requestId, elapsed, usage, warnings);
  }

  @Override
  public String toString() {
    return "EditResult[provider=" + provider + ", model=" + model + ", images=" + images
        + ", created=" + created + ", taskId=" + taskId + ", traceId=" + traceId
        + ", requestId=" + requestId + ", elapsed=" + elapsed + ", usage=" + usage
        + ", warnings=" + warnings + "]";
  }

  /** Builds an {@link EditResult}. */
  public static final class Builder {
    private final String provider;
    private String model;
    private List<EditedImage> images = List.of();
    private long created;
    private String taskId;
    private String traceId;
    private String requestId;
    private Duration elapsed;
    private Usage usage;
    private List<Violation> warnings = List.of();

    private Builder(String provider) {
      this.provider = requireNonNull(provider, "provider == null");
    }

    /** The model asked for. */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /** The edited images, in order; none for a pending task. */
    public Builder images(List<EditedImage> images) {
      this.images = requireNonNull(images, "images == null");
      return this;
    }

    /** The provider's creation time in epoch seconds; 0 when it gives none. */
    public Builder created(long created) {
      this.created = created;
      return this;
    }

    public Builder taskId(@Nullable String taskId) {
      this.taskId = taskId;
      return this;
    }

    public Builder traceId(@Nullable String traceId) {
      this.traceId = traceId;
      return this;
    }

    /** The provider's request id response header. */
    public Builder requestId(@Nullable String requestId) {
      this.requestId = requestId;
      return this;
    }

    public Builder elapsed(@Nullable Duration elapsed) {
      this.elapsed = elapsed;
      return this;
    }

    public Builder usage(@Nullable Usage usage) {
      this.usage = usage;
      return this;
    }

    /** The options validation dropped, in order. */
    public Builder warnings(List<Violation> warnings) {
      this.warnings = requireNonNull(warnings, "warnings == null");
      return this;
    }

    public EditResult build() {
      return new EditResult(this);
    }
  }
}
