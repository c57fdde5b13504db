package io.github.imageedits.gemini;

import static io.github.imageedits.Option.BACKGROUND;
import static io.github.imageedits.Option.INPUT_FIDELITY;
import static io.github.imageedits.Option.MASK;
import static io.github.imageedits.Option.MODERATION;
import static io.github.imageedits.Option.OUTPUT_COMPRESSION;
import static io.github.imageedits.Option.OUTPUT_FORMAT;
import static io.github.imageedits.Option.PARTIAL_IMAGES;
import static io.github.imageedits.Option.QUALITY;
import static io.github.imageedits.Option.RESPONSE_FORMAT;
import static io.github.imageedits.Option.SIZE;
import static io.github.imageedits.Option.USER;
import static io.github.imageedits.image.ImageFormat.JPEG;
import static io.github.imageedits.image.ImageFormat.PNG;
import static io.github.imageedits.image.ImageFormat.WEBP;

import io.github.imageedits.ImageSize;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.SizeRule;
import io.github.imageedits.capability.Support;
import java.util.Set;

/**
 * Google's Gemini image models ("Nano Banana") as the Gemini API's {@code generateContent} serves
 * them. Sources, all Google's public documentation:
 *
 * <ul>
 *   <li>Request and reply shapes: the Gemini API reference, "Generating content"
 *       (https://ai.google.dev/api/generate-content) and "Image generation"
 *       (https://ai.google.dev/gemini-api/docs/image-generation): {@code contents[].parts[]} with
 *       {@code text} and {@code inlineData {mimeType, data}}, {@code generationConfig
 *       .responseModalities} and {@code .imageConfig {aspectRatio, imageSize}}.
 *   <li>Aspect ratios {@code 1:1, 2:3, 3:2, 3:4, 4:3, 4:5, 5:4, 9:16, 16:9, 21:9} and image sizes
 *       {@code 1K, 2K, 4K} (default 1K, upper-case K): the {@code ImageConfig} type of Google's
 *       JavaScript SDK (https://googleapis.github.io/js-genai/) and Python SDK
 *       ({@code google.genai.types.ImageConfig}). Gemini 3.1 Flash Image adds {@code 1:4, 4:1,
 *       1:8, 8:1} (Vertex AI's model page,
 *       https://docs.cloud.google.com/vertex-ai/generative-ai/docs/models/gemini/3-1-flash-image; its
 *       512-pixel tier is not offered here, its wire name being undocumented).
 *   <li>Input images: png, jpeg and webp (Vertex AI's model pages also list heic and heif, which
 *       this library does not inspect). Up to 14 images for Gemini 3 Pro Image and 3.1 Flash
 *       Image (Vertex AI's pages for 3-pro-image and 3-1-flash-image); Gemini 2.5 Flash Image
 *       "works best with up to 3 images" (the image-generation guide), taken here as its limit.
 *   <li>Size of inline data: the Gemini API takes inline data in requests up to 20 MB and larger
 *       files through its File API (https://ai.google.dev/gemini-api/docs/file-input-methods),
 *       which this adapter does not use; so each image must be under 20 MB here. The limit is on
 *       the whole request, which a per-image table cannot express: several large images may still
 *       be refused by Google. A model the table does not list keeps the permissive defaults
 *       (16 images under 50 MB each), for endpoints and models with other limits.
 *   <li>The prompt keeps the library's default bound (32,000 characters): Google documents input
 *       tokens (65,536 for Gemini 3 Pro Image on Vertex AI), not characters.
 *   <li>No mask field and one candidate per request for image output (Vertex AI's
 *       3-pro-image page: {@code candidateCount: 1}): a mask is rejected and {@code n} is at most 1.
 *   <li>The OpenAI-only options (quality, input_fidelity, moderation, user, response_format) have
 *       no Gemini field: dropped with a warning (or refused under the strict policy). Background,
 *       output format and compression, and partial images change the result and cannot be had
 *       from the Gemini API (output MIME type and compression are Vertex-only, per the Python SDK's
 *       {@code ImageConfig}): rejected.
 *   <li>{@code size} has no Gemini field: it is {@link Support#ADAPTED adapted} to an aspect ratio
 *       (exactly the size's ratio) and an image size (the tier nearest its pixel count), with a
 *       warning on the result, never silently; see {@link Gemini}.
 * </ul>
 */
final class GeminiCapabilities {
  private static final long MB = 1024 * 1024;
  private static final String[] RATIOS = {"1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"};
  private static final String[] FLASH_31_RATIOS = {"1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16",
      "16:9", "21:9", "1:4", "4:1", "1:8", "8:1"};
  /** The longest side a 4K image has (21:9 at 4K is about 6.3k wide), with room for an 8:1 strip. */
  private static final int MAX_SIDE_4K = 8192;
  /** Gemini 2.5 Flash Image makes 1K images only (the long side about 1.5k at 21:9). */
  private static final int MAX_SIDE_1K = 1600;

  /** Models that take no {@code imageSize}: they make 1K images only, so none is sent. */
  static final Set<String> ONE_SIZE_MODELS = Set.of("gemini-2.5-flash-image", "gemini-2.5-flash-image-preview");

  static final CapabilityTable TABLE = CapabilityTable.builder(Gemini.NAME)
      .model(gemini("gemini-2.5-flash-image", 3, SizeRule.ratios(MAX_SIDE_1K, RATIOS)).build())
      .model(gemini("gemini-2.5-flash-image-preview", 3, SizeRule.ratios(MAX_SIDE_1K, RATIOS)).build())
      .model(gemini("gemini-3-pro-image-preview", 14, SizeRule.ratios(MAX_SIDE_4K, RATIOS)).build())
      .model(gemini("gemini-3-pro-image", 14, SizeRule.ratios(MAX_SIDE_4K, RATIOS)).build())
      .model(gemini("nano-banana-pro-preview", 14, SizeRule.ratios(MAX_SIDE_4K, RATIOS)).build())
      .model(gemini("gemini-3.1-flash-image-preview", 14, SizeRule.ratios(MAX_SIDE_4K, FLASH_31_RATIOS)).build())
      .model(gemini("gemini-3.1-flash-image", 14, SizeRule.ratios(MAX_SIDE_4K, FLASH_31_RATIOS)).build())
      // Another model id (a newer or tuned model): the protocol's own limits only.
      .unknownModel(protocol(ModelCapability.builder("*"))
          .sizeRule(SizeRule.ratios(MAX_SIDE_4K, FLASH_31_RATIOS))
          .build())
      .build();

  private GeminiCapabilities() {}

  private static ModelCapability.Builder gemini(String model, int maxImages, SizeRule sizes) {
    return protocol(ModelCapability.builder(model))
        .imageFormats(PNG, JPEG, WEBP)
        .maxImages(maxImages)
        .maxImageBytes(20 * MB)
        .sizeRule(sizes);
  }

  /** What the generateContent protocol itself can express, for every model. */
  private static ModelCapability.Builder protocol(ModelCapability.Builder model) {
    return model
        .maxN(1)
        .option(SIZE, Support.ADAPTED)
        .options(Support.REJECTED, MASK, BACKGROUND, OUTPUT_FORMAT, OUTPUT_COMPRESSION, PARTIAL_IMAGES)
        .options(Support.IGNORED, QUALITY, INPUT_FIDELITY, MODERATION, USER, RESPONSE_FORMAT);
  }

  /**
   * The image size tier for {@code size}: the one whose pixel count (1024², 2048², 4096²) is
   * nearest the size's on a log scale, so 1024x1024 and 1536x1024 are 1K and 2048x2048 is 2K.
   */
  static String imageSize(ImageSize size) {
    long pixels = (long) size.width().getAsInt() * size.height().getAsInt();
    if (pixels < 2L * 1024 * 1024) return "1K"; // the geometric mean of 1K's and 2K's pixel counts
    if (pixels < 8L * 1024 * 1024) return "2K";
    return "4K";
  }
}
