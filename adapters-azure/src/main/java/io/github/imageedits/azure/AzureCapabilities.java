package io.github.imageedits.azure;

import static io.github.imageedits.Option.BACKGROUND;
import static io.github.imageedits.Option.INPUT_FIDELITY;
import static io.github.imageedits.Option.MODERATION;
import static io.github.imageedits.Option.OUTPUT_FORMAT;
import static io.github.imageedits.Option.QUALITY;
import static io.github.imageedits.Option.RESPONSE_FORMAT;
import static io.github.imageedits.capability.Support.IGNORED;
import static io.github.imageedits.capability.Support.REJECTED;
import static io.github.imageedits.image.ImageFormat.JPEG;
import static io.github.imageedits.image.ImageFormat.PNG;

import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.ProviderFeature;
import io.github.imageedits.capability.SizeRule;

/**
 * Azure OpenAI's image edit models, one row per model that can sit behind a deployment. Sources,
 * all Microsoft Learn (Azure OpenAI in Microsoft Foundry Models):
 *
 * <ul>
 *   <li>[how-to] "How to use image generation models",
 *       https://learn.microsoft.com/azure/ai-foundry/openai/how-to/dall-e — sizes, quality,
 *       output format (PNG or JPEG; "WEBP is not supported"), output compression, background,
 *       {@code response_format} not supported by GPT image models (base64 only), the edit request
 *       ("The input image must be less than 50 MB in size and must be a PNG or JPG file"), the
 *       mask, {@code input_fidelity} not supported by gpt-image-1-mini, streamed edits with
 *       {@code partial_images}, and the content-filter error;
 *   <li>[models] the image generation models table of the same page — gpt-image-1,
 *       gpt-image-1-mini and gpt-image-1.5 (limited access), text and image input, base64 output,
 *       {@code n} from 1 to 10; dall-e-3 is retired and dall-e-2 is not offered on Azure, so
 *       neither is listed.
 * </ul>
 *
 * <p>Not documented by Microsoft, so taken from OpenAI's API reference for the same models
 * (Images &gt; Create image edit), and permissive where that is silent: up to 16 input images, a
 * mask under 4 MB, a prompt of up to 32,000 characters. Azure documents no {@code moderation}
 * parameter (its content filters are configured per deployment), so the option is dropped with a
 * warning. A model not listed here (a newer one, or a v1 deployment named otherwise) is checked
 * with the permissive defaults. Image URLs and callbacks are not offered by the Azure image API.
 */
final class AzureCapabilities {
  private static final long MB = 1024 * 1024;
  // [how-to]: the GPT-image-1 series takes 1024x1024, 1024x1536 and 1536x1024.
  private static final SizeRule GPT_SIZES = SizeRule.oneOf("1024x1024", "1536x1024", "1024x1536");

  static final CapabilityTable TABLE = CapabilityTable.builder(AzureOpenAi.NAME)
      // [how-to]: edits stream partial images (stream, partial_images 1-3) like OpenAI's.
      .feature(ProviderFeature.STREAMING)
      .model(gpt("gpt-image-1").build())
      .model(gpt("gpt-image-1.5").build())
      // [how-to]: input_fidelity is not supported by gpt-image-1-mini.
      .model(gpt("gpt-image-1-mini").option(INPUT_FIDELITY, REJECTED).build())
      .build();

  private AzureCapabilities() {}

  private static ModelCapability.Builder gpt(String model) {
    return ModelCapability.builder(model)
        .imageFormats(PNG, JPEG)          // [how-to]: "must be a PNG or JPG file"
        .maxImageBytes(50 * MB)           // [how-to]: "less than 50 MB"
        .maxImages(16)                    // OpenAI's API reference: up to 16 images
        .maskMaxBytes(4 * MB)             // OpenAI's API reference: mask under 4 MB
        .promptMaxChars(32_000)           // OpenAI's API reference: 32,000 characters for GPT image models
        .maxN(10)                         // [models]: n from 1 to 10
        .sizeRule(GPT_SIZES)
        .allowedValues(QUALITY, "low", "medium", "high")            // [how-to]
        .allowedValues(OUTPUT_FORMAT, "png", "jpeg")                 // [how-to]: WEBP is not supported
        .allowedValues(BACKGROUND, "transparent", "opaque", "auto")  // [how-to]; transparent needs PNG
        .allowedValues(INPUT_FIDELITY, "high", "low")                // [how-to]
        .option(RESPONSE_FORMAT, REJECTED)  // [how-to]: GPT image models always return base64
        .option(MODERATION, IGNORED);       // not an Azure parameter: content filters are per deployment
  }
}
