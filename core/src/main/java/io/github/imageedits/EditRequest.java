package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
 * @param model the model id, for example {@code gpt-image-1}; unknown ids pass through
 * @param prompt the edit instruction
 * @param images the images to edit, in order; the mask applies to the first
 * @param mask the mask, or null; fully transparent pixels mark the editable area
 * @param n how many images to return, or null
 * @param size the output size, or null
 * @param quality the quality, or null
 * @param background the background handling, or null
 * @param inputFidelity the input fidelity, or null
 * @param outputFormat the output encoding, or null
 * @param outputCompression 0 to 100 for jpeg and webp, or null
 * @param partialImages 0 to 3 partial images when streaming, or null
 * @param responseFormat url or b64_json, or null
 * @param moderation the moderation level, or null
 * @param callbackUrl where the provider POSTs the result of an asynchronous edit, or null
 * @param user an end-user id for abuse monitoring, or null
 * @param ignoredOptions what to do with options the model does not honour
 * @param retryPolicy this request's retry policy, or null for the client's
 * @param timeouts this request's timeouts, or null for the client's
 */
public record EditRequest(
    String model,
    String prompt,
    List<ImageSource> images,
    ImageSource mask,
    Integer n,
    ImageSize size,
    Quality quality,
    Background background,
    InputFidelity inputFidelity,
    OutputFormat outputFormat,
    Integer outputCompression,
    Integer partialImages,
    ResponseFormat responseFormat,
    Moderation moderation,
    String callbackUrl,
    String user,
    IgnoredOptionPolicy ignoredOptions,
    RetryPolicy retryPolicy,
    Timeouts timeouts) {

  public EditRequest {
    images = List.copyOf(requireNonNull(images, "images == null"));
    requireNonNull(ignoredOptions, "ignoredOptions == null");
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
    b.mask = mask;
    b.n = n;
    b.size = size;
    b.quality = quality;
    b.background = background;
    b.inputFidelity = inputFidelity;
    b.outputFormat = outputFormat;
    b.outputCompression = outputCompression;
    b.partialImages = partialImages;
    b.responseFormat = responseFormat;
    b.moderation = moderation;
    b.callbackUrl = callbackUrl;
    b.user = user;
    b.ignoredOptions = ignoredOptions;
    b.retryPolicy = retryPolicy;
    b.timeouts = timeouts;
    return b;
  }

  /** Builds {@link EditRequest}s. Setters reject null; an option never set is not sent. */
  public static final class Builder {
    private String model;
    private String prompt;
    private final List<ImageSource> images = new ArrayList<>();
    private ImageSource mask;
    private Integer n;
    private ImageSize size;
    private Quality quality;
    private Background background;
    private InputFidelity inputFidelity;
    private OutputFormat outputFormat;
    private Integer outputCompression;
    private Integer partialImages;
    private ResponseFormat responseFormat;
    private Moderation moderation;
    private String callbackUrl;
    private String user;
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
      this.mask = requireNonNull(mask, "mask == null");
      return this;
    }

    public Builder mask(Path file) {
      return mask(ImageSource.file(requireNonNull(file, "file == null")));
    }

    public Builder n(int n) {
      this.n = n;
      return this;
    }

    public Builder size(ImageSize size) {
      this.size = requireNonNull(size, "size == null");
      return this;
    }

    public Builder quality(Quality quality) {
      this.quality = requireNonNull(quality, "quality == null");
      return this;
    }

    public Builder background(Background background) {
      this.background = requireNonNull(background, "background == null");
      return this;
    }

    public Builder inputFidelity(InputFidelity inputFidelity) {
      this.inputFidelity = requireNonNull(inputFidelity, "inputFidelity == null");
      return this;
    }

    public Builder outputFormat(OutputFormat outputFormat) {
      this.outputFormat = requireNonNull(outputFormat, "outputFormat == null");
      return this;
    }

    public Builder outputCompression(int outputCompression) {
      this.outputCompression = outputCompression;
      return this;
    }

    public Builder partialImages(int partialImages) {
      this.partialImages = partialImages;
      return this;
    }

    public Builder responseFormat(ResponseFormat responseFormat) {
      this.responseFormat = requireNonNull(responseFormat, "responseFormat == null");
      return this;
    }

    public Builder moderation(Moderation moderation) {
      this.moderation = requireNonNull(moderation, "moderation == null");
      return this;
    }

    public Builder callbackUrl(String callbackUrl) {
      this.callbackUrl = requireNonNull(callbackUrl, "callbackUrl == null");
      return this;
    }

    public Builder user(String user) {
      this.user = requireNonNull(user, "user == null");
      return this;
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
      switch (requireNonNull(option, "option == null")) {
        case MASK -> mask = null;
        case N -> n = null;
        case SIZE -> size = null;
        case QUALITY -> quality = null;
        case BACKGROUND -> background = null;
        case INPUT_FIDELITY -> inputFidelity = null;
        case OUTPUT_FORMAT -> outputFormat = null;
        case OUTPUT_COMPRESSION -> outputCompression = null;
        case PARTIAL_IMAGES -> partialImages = null;
        case RESPONSE_FORMAT -> responseFormat = null;
        case MODERATION -> moderation = null;
        case CALLBACK_URL -> callbackUrl = null;
        case USER -> user = null;
      }
      return this;
    }

    public EditRequest build() {
      return new EditRequest(model, prompt, images, mask, n, size, quality, background,
          inputFidelity, outputFormat, outputCompression, partialImages, responseFormat,
          moderation, callbackUrl, user, ignoredOptions, retryPolicy, timeouts);
    }
  }

  /** The value this request sets for {@code option}, or null when unset. */
  public Object get(Option option) {
    return switch (requireNonNull(option, "option == null")) {
      case MASK -> mask;
      case N -> n;
      case SIZE -> size;
      case QUALITY -> quality;
      case BACKGROUND -> background;
      case INPUT_FIDELITY -> inputFidelity;
      case OUTPUT_FORMAT -> outputFormat;
      case OUTPUT_COMPRESSION -> outputCompression;
      case PARTIAL_IMAGES -> partialImages;
      case RESPONSE_FORMAT -> responseFormat;
      case MODERATION -> moderation;
      case CALLBACK_URL -> callbackUrl;
      case USER -> user;
    };
  }
}
