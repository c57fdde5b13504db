package io.github.imageedits.capability;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.Option;
import io.github.imageedits.image.ImageFormat;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one model of one provider accepts: the data the validator checks a request against.
 *
 * <pre>{@code
 * ModelCapability mine = ModelCapability.builder("my-model")
 *     .maxImages(4)
 *     .maxImageBytes(20L << 20)
 *     .option(Option.SIZE, Support.IGNORED)
 *     .build();
 * }</pre>
 *
 * @param model the model id
 * @param imageFormats the accepted input formats
 * @param maxImages the most images one request may carry
 * @param maxImageBytes the largest accepted image, in bytes (exclusive: an image must be smaller)
 * @param urlImages whether images may be given as URLs
 * @param squarePngOnly whether every image must be a square PNG (dall-e-2)
 * @param maskMaxBytes the largest accepted mask, in bytes (exclusive)
 * @param promptMaxChars the longest accepted prompt, in characters
 * @param sizeRule the accepted output sizes
 * @param maxN the largest {@code n}
 * @param options how each optional field is treated; an absent option is {@link Support#HONOURED}
 * @param allowedValues for enum-like options, the accepted values; an absent option accepts any value
 */
public record ModelCapability(
    String model,
    Set<ImageFormat> imageFormats,
    int maxImages,
    long maxImageBytes,
    boolean urlImages,
    boolean squarePngOnly,
    long maskMaxBytes,
    int promptMaxChars,
    SizeRule sizeRule,
    int maxN,
    Map<Option, Support> options,
    Map<Option, Set<String>> allowedValues) {

  public ModelCapability {
    requireNonNull(model, "model == null");
    imageFormats = Set.copyOf(requireNonNull(imageFormats, "imageFormats == null"));
    requireNonNull(sizeRule, "sizeRule == null");
    options = Map.copyOf(requireNonNull(options, "options == null"));
    allowedValues = Map.copyOf(requireNonNull(allowedValues, "allowedValues == null"));
  }

  /** How this model treats {@code option}. */
  public Support support(Option option) {
    return options.getOrDefault(option, Support.HONOURED);
  }

  /** A builder with permissive defaults: png/jpeg/webp, 16 images under 50 MB, any size, n up to 10. */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** A builder holding this capability's values, for example to rename or adjust it. */
  public Builder toBuilder() {
    Builder b = new Builder(model);
    b.imageFormats = EnumSet.noneOf(ImageFormat.class);
    b.imageFormats.addAll(imageFormats);
    b.maxImages = maxImages;
    b.maxImageBytes = maxImageBytes;
    b.urlImages = urlImages;
    b.squarePngOnly = squarePngOnly;
    b.maskMaxBytes = maskMaxBytes;
    b.promptMaxChars = promptMaxChars;
    b.sizeRule = sizeRule;
    b.maxN = maxN;
    b.options.putAll(options);
    b.allowedValues.putAll(allowedValues);
    return b;
  }

  /** Builds {@link ModelCapability} values. */
  public static final class Builder {
    private String model;
    private Set<ImageFormat> imageFormats = EnumSet.allOf(ImageFormat.class);
    private int maxImages = 16;
    private long maxImageBytes = 50L * 1024 * 1024;
    private boolean urlImages = false;
    private boolean squarePngOnly = false;
    private long maskMaxBytes = 4L * 1024 * 1024;
    private int promptMaxChars = 32_000;
    private SizeRule sizeRule = SizeRule.any();
    private int maxN = 10;
    private final Map<Option, Support> options = new EnumMap<>(Option.class);
    private final Map<Option, Set<String>> allowedValues = new HashMap<>();

    Builder(String model) {
      this.model = requireNonNull(model, "model == null");
    }

    public Builder model(String model) {
      this.model = requireNonNull(model, "model == null");
      return this;
    }

    public Builder imageFormats(ImageFormat first, ImageFormat... rest) {
      this.imageFormats = EnumSet.of(requireNonNull(first, "first == null"), rest);
      return this;
    }

    public Builder maxImages(int maxImages) {
      this.maxImages = maxImages;
      return this;
    }

    public Builder maxImageBytes(long maxImageBytes) {
      this.maxImageBytes = maxImageBytes;
      return this;
    }

    public Builder urlImages(boolean urlImages) {
      this.urlImages = urlImages;
      return this;
    }

    public Builder squarePngOnly(boolean squarePngOnly) {
      this.squarePngOnly = squarePngOnly;
      return this;
    }

    public Builder maskMaxBytes(long maskMaxBytes) {
      this.maskMaxBytes = maskMaxBytes;
      return this;
    }

    public Builder promptMaxChars(int promptMaxChars) {
      this.promptMaxChars = promptMaxChars;
      return this;
    }

    public Builder sizeRule(SizeRule sizeRule) {
      this.sizeRule = requireNonNull(sizeRule, "sizeRule == null");
      return this;
    }

    public Builder maxN(int maxN) {
      this.maxN = maxN;
      return this;
    }

    /** Declares how {@code option} is treated; options not declared are honoured. */
    public Builder option(Option option, Support support) {
      options.put(requireNonNull(option, "option == null"), requireNonNull(support, "support == null"));
      return this;
    }

    /** Declares the same treatment for several options. */
    public Builder options(Support support, Option... options) {
      for (Option option : options) option(option, support);
      return this;
    }

    /** Restricts an enum-like option to {@code values}, for example quality to {@code standard}. */
    public Builder allowedValues(Option option, String... values) {
      allowedValues.put(requireNonNull(option, "option == null"), Set.of(values));
      return this;
    }

    public ModelCapability build() {
      return new ModelCapability(model, imageFormats, maxImages, maxImageBytes, urlImages,
          squarePngOnly, maskMaxBytes, promptMaxChars, sizeRule, maxN, options, allowedValues);
    }
  }
}
