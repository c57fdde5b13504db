package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What an {@link EditObserver} learns about an edit as it starts: the operation, the provider and
 * model, and the shape of the request. Never the API key or image bytes; the prompt only when the
 * observer {@linkplain EditObserver#recordsPrompts() asks for it}.
 *
 * <pre>{@code
 * EditContext context = EditContext.builder(EditContext.IMAGE_EDIT, "openai", "gpt-image-1")
 *     .images(1).imageBytes(48_213).n(1).size("1024x1024")
 *     .build();
 * }</pre>
 */
public final class EditContext {
  /** {@code image_edit}: {@link ImageEditClient#edit} and {@code editAsync}. */
  public static final String IMAGE_EDIT = "image_edit";
  /** {@code image_edit_stream}: {@link ImageEditClient#stream} and {@code streamAsync}. */
  public static final String IMAGE_EDIT_STREAM = "image_edit_stream";
  /** {@code image_edit_submit}: {@link ImageEditClient#submit}, the request that starts a task. */
  public static final String IMAGE_EDIT_SUBMIT = "image_edit_submit";

  private final String operation;
  private final String provider;
  private final String model;
  private final int images;
  private final long imageBytes;
  private final int n;
  private final @Nullable String size;
  private final @Nullable String outputFormat;
  private final @Nullable String traceId;
  private final @Nullable String prompt;
  private final boolean fallback;

  private EditContext(Builder b) {
    this.fallback = b.fallback;
    this.operation = b.operation;
    this.provider = b.provider;
    this.model = b.model;
    this.images = b.images;
    this.imageBytes = b.imageBytes;
    this.n = b.n;
    this.size = b.size;
    this.outputFormat = b.outputFormat;
    this.traceId = b.traceId;
    this.prompt = b.prompt;
  }

  /**
   * A builder for an edit of {@code model} on {@code provider}.
   *
   * @param operation {@link #IMAGE_EDIT}, {@link #IMAGE_EDIT_STREAM} or {@link #IMAGE_EDIT_SUBMIT}
   */
  public static Builder builder(String operation, String provider, String model) {
    return new Builder(operation, provider, model);
  }

  /** A builder holding this context's values. */
  public Builder toBuilder() {
    Builder b = new Builder(operation, provider, model);
    b.images = images;
    b.imageBytes = imageBytes;
    b.n = n;
    b.size = size;
    b.outputFormat = outputFormat;
    b.traceId = traceId;
    b.prompt = prompt;
    b.fallback = fallback;
    return b;
  }

  /** {@link #IMAGE_EDIT}, {@link #IMAGE_EDIT_STREAM} or {@link #IMAGE_EDIT_SUBMIT}. */
  public String operation() {
    return operation;
  }

  /** The provider's name, such as {@code openai} or {@code acedata}. */
  public String provider() {
    return provider;
  }

  /** The model asked for. */
  public String model() {
    return model;
  }

  /** How many input images the request carries (the mask not counted). */
  public int images() {
    return images;
  }

  /** The input images' (and mask's) total size in bytes, as far as known; 0 for URL images. */
  public long imageBytes() {
    return imageBytes;
  }

  /** How many images were asked for; 0 when the request left it to the provider. */
  public int n() {
    return n;
  }

  /** The size asked for (such as {@code 1024x1024}), or null. */
  public @Nullable String size() {
    return size;
  }

  /** The output format asked for (such as {@code png}), or null. */
  public @Nullable String outputFormat() {
    return outputFormat;
  }

  /** The trace id a task submission sends to the provider, or null. */
  public @Nullable String traceId() {
    return traceId;
  }

  /** The prompt, only when the observer asked for prompts; null otherwise. */
  public @Nullable String prompt() {
    return prompt;
  }

  /**
   * True for the observation of a {@link FallbackClient}'s edit: the chain, whose providers' own
   * observations are its children and carry the attempts.
   */
  public boolean fallback() {
    return fallback;
  }

  @Override
  public String toString() {
    // No prompt: a toString lands in logs.
    return "EditContext[" + operation + " " + provider + " " + model + ", images=" + images
        + ", imageBytes=" + imageBytes + ", n=" + n + ", size=" + size + ", outputFormat=" + outputFormat + "]";
  }

  /** Builds an {@link EditContext}. */
  public static final class Builder {
    private final String operation;
    private final String provider;
    private final String model;
    private int images;
    private long imageBytes;
    private int n;
    private @Nullable String size;
    private @Nullable String outputFormat;
    private @Nullable String traceId;
    private @Nullable String prompt;
    private boolean fallback;

    private Builder(String operation, String provider, String model) {
      this.operation = requireNonNull(operation, "operation == null");
      this.provider = requireNonNull(provider, "provider == null");
      this.model = requireNonNull(model, "model == null");
    }

    /** See {@link EditContext#images()}. */
    public Builder images(int images) {
      if (images < 0) throw new IllegalArgumentException("images < 0: " + images);
      this.images = images;
      return this;
    }

    /** See {@link EditContext#imageBytes()}. */
    public Builder imageBytes(long imageBytes) {
      if (imageBytes < 0) throw new IllegalArgumentException("imageBytes < 0: " + imageBytes);
      this.imageBytes = imageBytes;
      return this;
    }

    /** See {@link EditContext#n()}. */
    public Builder n(int n) {
      if (n < 0) throw new IllegalArgumentException("n < 0: " + n);
      this.n = n;
      return this;
    }

    /** See {@link EditContext#size()}. */
    public Builder size(@Nullable String size) {
      this.size = size;
      return this;
    }

    /** See {@link EditContext#outputFormat()}. */
    public Builder outputFormat(@Nullable String outputFormat) {
      this.outputFormat = outputFormat;
      return this;
    }

    /** See {@link EditContext#traceId()}. */
    public Builder traceId(@Nullable String traceId) {
      this.traceId = traceId;
      return this;
    }

    /** See {@link EditContext#prompt()}; set it only for an observer that records prompts. */
    public Builder prompt(@Nullable String prompt) {
      this.prompt = prompt;
      return this;
    }

    /** See {@link EditContext#fallback()}. */
    public Builder fallback(boolean fallback) {
      this.fallback = fallback;
      return this;
    }

    /** The context. */
    public EditContext build() {
      return new EditContext(this);
    }
  }
}
