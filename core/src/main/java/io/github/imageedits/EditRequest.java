package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One image edit: a model, a prompt, 1 to 16 images, an optional mask and the options the providers
 * document. Options left unset are not sent. The same request runs on any provider.
 *
 * <pre>{@code
 * EditRequest request = EditRequest.builder()
 *     .model("gpt-image-1")
 *     .prompt("Put a red scarf on the cat")
 *     .image(Path.of("cat.png"))
 *     .size(ImageSize.of(1024, 1024))
 *     .build();
 * }</pre>
 *
 * <p>The builder checks only what a programmer cannot get wrong by accident (no nulls); every rule
 * of a model or provider is checked by the validator before a byte is sent, and all violations are
 * reported together.
 *
 * <p>Each optional field is declared once, as an {@link Option}: the request keeps the options it
 * sets in one map, and {@link #get(Option)} reads any of them by its constant.
 */
public final class EditRequest {
  private final String model;
  private final String prompt;
  private final List<ImageSource> images;
  private final Map<Option, Object> options;
  private final IgnoredOptionPolicy ignoredOptions;
  private final RetryPolicy retryPolicy;
  private final Timeouts timeouts;

  private EditRequest(Builder b) {
    this.model = b.model;
    this.prompt = b.prompt;
    this.images = List.copyOf(b.images);
    this.options = Collections.unmodifiableMap(new EnumMap<>(b.options));
    this.ignoredOptions = b.ignoredOptions;
    this.retryPolicy = b.retryPolicy;
    this.timeouts = b.timeouts;
  }

  /** Starts a request with the {@link IgnoredOptionPolicy#LENIENT} policy. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.prompt = prompt;
    b.images.addAll(images);
    b.options.putAll(options);
    b.ignoredOptions = ignoredOptions;
    b.retryPolicy = retryPolicy;
    b.timeouts = timeouts;
    return b;
  }

  /** The model id, for example {@code gpt-image-1}; unknown ids pass through. */
  public String model() {
    return model;
  }

  /** The edit instruction. */
  public String prompt() {
    return prompt;
  }

  /** The images to edit, in order; the mask applies to the first. */
  public List<ImageSource> images() {
    return images;
  }

  /** The value this request sets for {@code option}, or null when unset. */
  public @Nullable Object get(Option option) {
    return options.get(requireNonNull(option, "option == null"));
  }

  /** The mask, or null; fully transparent pixels mark the editable area. */
  public @Nullable ImageSource mask() {
    return typed(Option.MASK, ImageSource.class);
  }

  /** How many images to return, or null. */
  public @Nullable Integer n() {
    return typed(Option.N, Integer.class);
  }

  /** The output size, or null. */
  public @Nullable ImageSize size() {
    return typed(Option.SIZE, ImageSize.class);
  }

  /** The quality, or null. */
  public @Nullable Quality quality() {
    return typed(Option.QUALITY, Quality.class);
  }

  /** The background handling, or null. */
  public @Nullable Background background() {
    return typed(Option.BACKGROUND, Background.class);
  }

  /** The input fidelity, or null. */
  public @Nullable InputFidelity inputFidelity() {
    return typed(Option.INPUT_FIDELITY, InputFidelity.class);
  }

  /** The output encoding, or null. */
  public @Nullable OutputFormat outputFormat() {
    return typed(Option.OUTPUT_FORMAT, OutputFormat.class);
  }

  /** 0 to 100 for jpeg and webp, or null. */
  public @Nullable Integer outputCompression() {
    return typed(Option.OUTPUT_COMPRESSION, Integer.class);
  }

  /** 0 to 3 partial images when streaming, or null. */
  public @Nullable Integer partialImages() {
    return typed(Option.PARTIAL_IMAGES, Integer.class);
  }

  /** url or b64_json, or null. */
  public @Nullable ResponseFormat responseFormat() {
    return typed(Option.RESPONSE_FORMAT, ResponseFormat.class);
  }

  /** The moderation level, or null. */
  public @Nullable Moderation moderation() {
    return typed(Option.MODERATION, Moderation.class);
  }

  /** Where the provider POSTs the result of an asynchronous edit, or null. */
  public @Nullable String callbackUrl() {
    return typed(Option.CALLBACK_URL, String.class);
  }

  /** An end-user id for abuse monitoring, or null. */
  public @Nullable String user() {
    return typed(Option.USER, String.class);
  }

  /** What to do with options the model does not honour. */
  public IgnoredOptionPolicy ignoredOptions() {
    return ignoredOptions;
  }

  /** This request's retry policy, or null for the client's. */
  public @Nullable RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** This request's timeouts, or null for the client's. */
  public @Nullable Timeouts timeouts() {
    return timeouts;
  }

  private <T> T typed(Option option, Class<T> type) {
    return type.cast(options.get(option));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EditRequest r && Objects.equals(model, r.model) && Objects.equals(prompt, r.prompt)
        && images.equals(r.images) && options.equals(r.options) && ignoredOptions == r.ignoredOptions
        && Objects.equals(retryPolicy, r.retryPolicy) && Objects.equals(timeouts, r.timeouts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, prompt, images, options, ignoredOptions, retryPolicy, timeouts);
  }

  @Override
  public String toString() {
    StringBuilder shown = new StringBuilder("EditRequest[model=").append(model)
        .append(", prompt=").append(prompt).append(", images=").append(images);
    options.forEach((option, value) -> shown.append(", ").append(option.wireName()).append('=').append(value));
    shown.append(", ignoredOptions=").append(ignoredOptions);
    if (retryPolicy != null) shown.append(", retryPolicy=").append(retryPolicy);
    if (timeouts != null) shown.append(", timeouts=").append(timeouts);
    return shown.append(']').toString();
  }

  /** Builds {@link EditRequest}s. Setters reject null; an option never set is not sent. */
  public static final class Builder {
    private String model;
    private String prompt;
    private final List<ImageSource> images = new ArrayList<>();
    private final Map<Option, Object> options = new EnumMap<>(Option.class);
    private IgnoredOptionPolicy ignoredOptions = IgnoredOptionPolicy.LENIENT;
    private RetryPolicy retryPolicy;
    private Timeouts timeouts;

    Builder() {}

    public Builder model(String model) {
      this.model = requireNonNull(model, "model == null");
      return this;
    }

    public Builder prompt(String prompt) {
      this.prompt = requireNonNull(prompt, "prompt == null");
      return this;
    }

    /** Adds an image; call once per image, in order. */
    public Builder image(ImageSource image) {
      images.add(requireNonNull(image, "image == null"));
      return this;
    }

    /** Adds an image file. */
    public Builder image(Path file) {
      return image(ImageSource.file(requireNonNull(file, "file == null")));
    }

    /** Adds an image URL the provider fetches itself. */
    public Builder imageUrl(String url) {
      return image(ImageSource.url(url));
    }

    /** Replaces all images. */
    public Builder images(List<? extends ImageSource> images) {
      requireNonNull(images, "images == null");
      this.images.clear();
      images.forEach(this::image);
      return this;
    }

    public Builder mask(ImageSource mask) {
      return set(Option.MASK, requireNonNull(mask, "mask == null"));
    }

    public Builder mask(Path file) {
      return mask(ImageSource.file(requireNonNull(file, "file == null")));
    }

    public Builder n(int n) {
      return set(Option.N, n);
    }

    public Builder size(ImageSize size) {
      return set(Option.SIZE, requireNonNull(size, "size == null"));
    }

    public Builder quality(Quality quality) {
      return set(Option.QUALITY, requireNonNull(quality, "quality == null"));
    }

    public Builder background(Background background) {
      return set(Option.BACKGROUND, requireNonNull(background, "background == null"));
    }

    public Builder inputFidelity(InputFidelity inputFidelity) {
      return set(Option.INPUT_FIDELITY, requireNonNull(inputFidelity, "inputFidelity == null"));
    }

    public Builder outputFormat(OutputFormat outputFormat) {
      return set(Option.OUTPUT_FORMAT, requireNonNull(outputFormat, "outputFormat == null"));
    }

    public Builder outputCompression(int outputCompression) {
      return set(Option.OUTPUT_COMPRESSION, outputCompression);
    }

    public Builder partialImages(int partialImages) {
      return set(Option.PARTIAL_IMAGES, partialImages);
    }

    public Builder responseFormat(ResponseFormat responseFormat) {
      return set(Option.RESPONSE_FORMAT, requireNonNull(responseFormat, "responseFormat == null"));
    }

    public Builder moderation(Moderation moderation) {
      return set(Option.MODERATION, requireNonNull(moderation, "moderation == null"));
    }

    public Builder callbackUrl(String callbackUrl) {
      return set(Option.CALLBACK_URL, requireNonNull(callbackUrl, "callbackUrl == null"));
    }

    public Builder user(String user) {
      return set(Option.USER, requireNonNull(user, "user == null"));
    }

    public Builder ignoredOptions(IgnoredOptionPolicy policy) {
      this.ignoredOptions = requireNonNull(policy, "policy == null");
      return this;
    }

    /**
     * Retries this request by {@code policy} instead of the client's, for example
     * {@link RetryPolicy#none()} for an edit that must never be sent twice. Not sent to the provider.
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = requireNonNull(policy, "policy == null");
      return this;
    }

    /** Bounds this request's waits instead of the client's (unset bounds keep the client's). */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = requireNonNull(timeouts, "timeouts == null");
      return this;
    }

    /** Shorthand for {@code ignoredOptions(IgnoredOptionPolicy.STRICT)}. */
    public Builder strict() {
      return ignoredOptions(IgnoredOptionPolicy.STRICT);
    }

    /**
     * Drops one option, for example {@code clear(Option.SIZE)}. Used when a model ignores an option
     * and the policy is lenient.
     */
    public Builder clear(Option option) {
      options.remove(requireNonNull(option, "option == null"));
      return this;
    }

    public EditRequest build() {
      return new EditRequest(this);
    }

    private Builder set(Option option, Object value) {
      options.put(option, option.type().cast(value));
      return this;
    }
  }
}
