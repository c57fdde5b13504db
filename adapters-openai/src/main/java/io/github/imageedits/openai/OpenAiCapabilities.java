package io.github.imageedits.openai;

import static io.github.imageedits.Option.BACKGROUND;
import static io.github.imageedits.Option.INPUT_FIDELITY;
import static io.github.imageedits.Option.MODERATION;
import static io.github.imageedits.Option.OUTPUT_COMPRESSION;
import static io.github.imageedits.Option.OUTPUT_FORMAT;
import static io.github.imageedits.Option.PARTIAL_IMAGES;
import static io.github.imageedits.Option.QUALITY;
import static io.github.imageedits.Option.RESPONSE_FORMAT;
import static io.github.imageedits.capability.Support.REJECTED;
import static io.github.imageedits.image.ImageFormat.PNG;

import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.ProviderFeature;
import io.github.imageedits.capability.SizeRule;

/**
 * The OpenAI Images Edits reference rules (the same ones AceData's API reference for
 * {@code POST /openai/images/edits} and ChainHub's API documentation restate): GPT image
 * models take up to 16 png/webp/jpg images under 50 MB and a 32,000-character prompt; dall-e-2 one
 * square PNG under 4 MB and 1,000 characters. Files only, no callbacks; streaming declared, since
 * OpenAI documents {@code stream=true} for edits with the {@code image_edit.partial_image} and
 * {@code image_edit.completed} events the base adapter reads (what openai-java's
 * {@code editStreaming} consumes).
 */
final class OpenAiCapabilities {
  private static final long MB = 1024 * 1024;
  private static final SizeRule GPT_SIZES = SizeRule.oneOf("1024x1024", "1536x1024", "1024x1536", "auto");

  static final CapabilityTable TABLE = CapabilityTable.builder(OpenAi.NAME)
      .feature(ProviderFeature.STREAMING)
      .model(gpt("gpt-image-1").build())
      .model(gpt("gpt-image-1.5").build())
      .model(gpt("gpt-image-1-mini").option(INPUT_FIDELITY, REJECTED).build())
      .model(ModelCapability.builder("dall-e-2")
          .imageFormats(PNG).maxImages(1).maxImageBytes(4 * MB).squarePngOnly(true)
          .promptMaxChars(1000)
          .sizeRule(SizeRule.oneOf("256x256", "512x512", "1024x1024"))
          .allowedValues(QUALITY, "standard")
          .allowedValues(RESPONSE_FORMAT, "url", "b64_json")
          .options(REJECTED, BACKGROUND, INPUT_FIDELITY, OUTPUT_FORMAT, OUTPUT_COMPRESSION,
              PARTIAL_IMAGES, MODERATION)
          .build())
      .build();

  private OpenAiCapabilities() {}

  private static ModelCapability.Builder gpt(String model) {
    return ModelCapability.builder(model)
        .maxImageBytes(50 * MB)
        .sizeRule(GPT_SIZES)
        .allowedValues(QUALITY, "auto", "high", "medium", "low")
        .allowedValues(BACKGROUND, "transparent", "opaque", "auto")
        .allowedValues(OUTPUT_FORMAT, "png", "jpeg", "webp")
        .allowedValues(INPUT_FIDELITY, "high", "low")
        // GPT image models always answer b64_json; OpenAI refuses response_format for them.
        .option(RESPONSE_FORMAT, REJECTED);
  }
}
