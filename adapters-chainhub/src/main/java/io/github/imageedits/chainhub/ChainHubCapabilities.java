package io.github.imageedits.chainhub;

import static io.github.imageedits.Option.BACKGROUND;
import static io.github.imageedits.Option.INPUT_FIDELITY;
import static io.github.imageedits.Option.MODERATION;
import static io.github.imageedits.Option.OUTPUT_COMPRESSION;
import static io.github.imageedits.Option.OUTPUT_FORMAT;
import static io.github.imageedits.Option.PARTIAL_IMAGES;
import static io.github.imageedits.Option.QUALITY;
import static io.github.imageedits.Option.RESPONSE_FORMAT;
import static io.github.imageedits.Option.USER;
import static io.github.imageedits.capability.Support.IGNORED;
import static io.github.imageedits.capability.Support.REJECTED;
import static io.github.imageedits.image.ImageFormat.JPEG;
import static io.github.imageedits.image.ImageFormat.PNG;
import static io.github.imageedits.image.ImageFormat.WEBP;

import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.SizeRule;

/**
 * ChainHub's models, from its one document: ChainHub's API documentation, "Edit gpt-image-1" (the
 * OpenAPI description of {@code POST https://api.chainhub.tech/v1/images/edits}). ChainHub
 * documents no image URLs, callbacks, task retrieval or streaming, so the table declares no
 * provider feature.
 *
 * <p>How an option is classed, the same way for every model: an option the document ties to
 * other models ("only supported in gpt-image-1", "only applies to dall-e-2", "do not use this
 * parameter there") → {@code REJECTED}; an option the document does not list at all
 * ({@code input_fidelity}, {@code output_format}, {@code output_compression},
 * {@code partial_images}, {@code user}) → {@code IGNORED}, since nothing promises it has an effect.
 * Callers who know better override a model with {@link CapabilityTable#with}.
 */
final class ChainHubCapabilities {
  static final String PROVIDER = "chainhub";

  private static final long MB = 1024 * 1024;
  /** ChainHub's documentation, "image": png, webp or jpg, each smaller than 25 MB. */
  private static final long IMAGE_BYTES = 25 * MB;
  /** ChainHub's documentation, "mask": a valid PNG, less than 4 MB, the size of the image. */
  private static final long MASK_BYTES = 4 * MB;
  /** ChainHub's documentation, "prompt": 32000 characters for gpt-image-1, 1000 for dall-e-2. */
  private static final int GPT_PROMPT = 32_000;

  private static final CapabilityTable TABLE = build();

  private ChainHubCapabilities() {}

  static CapabilityTable table() {
    return TABLE;
  }

  private static CapabilityTable build() {
    return CapabilityTable.builder(PROVIDER)
        // An id we do not know passes with ChainHub's per-image limit and every option sent.
        .unknownModel(ModelCapability.builder("*").maxImageBytes(IMAGE_BYTES).build())
        // ChainHub's documentation: the model the page is written for.
        .model(gptImage("gpt-image-1"))
        // ChainHub's model list; the page gives it no rules of its own, so gpt-image-1's apply.
        .model(gptImage("gpt-image-1-all"))
        // ChainHub's model list; the page gives FLUX Kontext no rules of its own: ChainHub's image
        // limits, any size, and the gpt-image-1-only options refused.
        .model(flux("flux-kontext-pro"))
        .model(flux("flux-kontext-max"))
        // ChainHub's documentation describes dall-e-2's rules (one square PNG < 4 MB, prompt 1000,
        // three sizes, standard quality, response_format) though its model list does not name it.
        .model(other("dall-e-2")
            .imageFormats(PNG)
            .maxImages(1)
            .maxImageBytes(4 * MB)
            .squarePngOnly(true)
            .promptMaxChars(1000)
            .sizeRule(SizeRule.oneOf("256x256", "512x512", "1024x1024"))
            .allowedValues(QUALITY, "standard")
            .allowedValues(RESPONSE_FORMAT, "url", "b64_json")
            .build())
        // ChainHub's documentation gives dall-e-3's sizes (1024x1024, 1792x1024, 1024x1792);
        // response_format "only applies to dall-e-2"; high/medium/low quality "only gpt-image-1".
        .model(other("dall-e-3")
            .sizeRule(SizeRule.oneOf("1024x1024", "1792x1024", "1024x1792"))
            .option(RESPONSE_FORMAT, REJECTED)
            .allowedValues(QUALITY, "auto", "standard")
            .build())
        .build();
  }

  /** The documentation's shared rules: formats, 25 MB, mask, n 1..10 (sent as a string by the adapter). */
  private static ModelCapability.Builder base(String id) {
    return ModelCapability.builder(id)
        .imageFormats(PNG, JPEG, WEBP)
        .maxImages(16)
        .maxImageBytes(IMAGE_BYTES)
        .maskMaxBytes(MASK_BYTES)
        .promptMaxChars(GPT_PROMPT)
        .maxN(10)
        .options(IGNORED, INPUT_FIDELITY, OUTPUT_FORMAT, OUTPUT_COMPRESSION, PARTIAL_IMAGES, USER);
  }

  /**
   * gpt-image-1's rules: GPT sizes, quality auto|high|medium|low, background, moderation low|auto;
   * response_format "do not use this parameter there".
   */
  private static ModelCapability gptImage(String id) {
    return base(id)
        .sizeRule(SizeRule.oneOf("1024x1024", "1536x1024", "1024x1536", "auto"))
        .option(RESPONSE_FORMAT, REJECTED)
        .allowedValues(QUALITY, "auto", "high", "medium", "low")
        .allowedValues(BACKGROUND, "transparent", "opaque", "auto")
        .allowedValues(MODERATION, "low", "auto")
        .build();
  }

  /** Models other than gpt-image-1: background and moderation are documented for gpt-image-1 only. */
  private static ModelCapability.Builder other(String id) {
    return base(id).options(REJECTED, BACKGROUND, MODERATION);
  }

  private static ModelCapability flux(String id) {
    return other(id)
        // "Only gpt-image-1 supports high, medium, and low quality"; auto is the default.
        .allowedValues(QUALITY, "auto")
        .option(RESPONSE_FORMAT, REJECTED) // "only applies to dall-e-2"
        .build();
  }
}
