package io.github.imageedits.fal;

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
import static io.github.imageedits.capability.Support.IGNORED;
import static io.github.imageedits.capability.Support.REJECTED;
import static io.github.imageedits.image.ImageFormat.JPEG;
import static io.github.imageedits.image.ImageFormat.PNG;
import static io.github.imageedits.image.ImageFormat.WEBP;

import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.ProviderFeature;
import io.github.imageedits.capability.SizeRule;

/**
 * fal's image-edit endpoints and the queue's features. Sources: the endpoints' input schemas as fal
 * publishes them in its JavaScript client (fal-ai/fal-js, {@code libs/client/src/types/endpoints.ts},
 * generated from the model registry) and the model pages on fal.ai
 * (https://fal.ai/models/fal-ai/flux-pro/kontext/api, https://fal.ai/models/fal-ai/flux-pro/kontext/max/multi/api,
 * https://fal.ai/models/fal-ai/nano-banana/edit/api, https://fal.ai/models/fal-ai/nano-banana-pro/edit/api,
 * https://fal.ai/models/fal-ai/gpt-image-1/edit-image/api, https://fal.ai/models/fal-ai/gpt-image-1.5/edit/api);
 * the queue and webhooks from https://docs.fal.ai/model-endpoints/queue and
 * https://docs.fal.ai/model-endpoints/webhooks.
 *
 * <p>How an option is classed: a field the endpoint's schema has → honoured under fal's name
 * ({@code n} → {@code num_images}, {@code size} → {@code image_size}); a mask on an endpoint without
 * a mask field → rejected (the edit would ignore the area the caller drew); any other OpenAI option
 * the schema lacks → ignored, dropped with a warning. No schema gives a maximum image count
 * ({@code image_urls} has no {@code maxItems}) nor a body size for {@code queue.fal.run}: the limits
 * below are the OpenAI edits endpoint's (16 images under 50 MB), so an oversized request is refused
 * here rather than half-uploaded.
 */
final class FalCapabilities {
  static final String PROVIDER = "fal";

  /**
   * fal's Kontext schema: {@code num_images} 1–4. The nano-banana and GPT image edit schemas give
   * {@code num_images} a default of 1 and no maximum; they take Kontext's bound here.
   */
  private static final int KONTEXT_MAX_N = 4;
  /** fal's GPT image edit schema: {@code image_size} auto, 1024x1024, 1536x1024, 1024x1536. */
  private static final SizeRule GPT_SIZES = SizeRule.oneOf("auto", "1024x1024", "1536x1024", "1024x1536");

  private static final CapabilityTable TABLE = build();

  private FalCapabilities() {}

  static CapabilityTable table() {
    return TABLE;
  }

  private static CapabilityTable build() {
    return CapabilityTable.builder(PROVIDER)
        // Every fal edit takes image URLs (or data URIs); the queue has no synchronous edit: a
        // submission answers {request_id, status_url, response_url, …}, the status is polled and
        // the result fetched; ?fal_webhook= POSTs the result to a webhook.
        .feature(ProviderFeature.URL_IMAGES)
        .feature(ProviderFeature.QUEUE_ONLY)
        .feature(ProviderFeature.TASK_RETRIEVAL)
        .feature(ProviderFeature.ASYNC_CALLBACK)
        // An endpoint we do not list: image_urls with the prompt, every OpenAI option dropped.
        .unknownModel(plain("*").build())
        // FLUX.1 Kontext [pro] and [max]: one image_url; num_images 1-4; output_format jpeg|png
        // (default jpeg); no mask field; aspect_ratio is not an OpenAI size, so size is dropped.
        .model(kontext(Fal.KONTEXT).maxImages(1).build())
        .model(kontext(Fal.KONTEXT_MAX).maxImages(1).build())
        // Kontext multi: image_urls (several references), otherwise the same schema.
        .model(kontext(Fal.KONTEXT_MULTI).build())
        .model(kontext(Fal.KONTEXT_MAX_MULTI).build())
        // nano-banana edit and pro edit: image_urls; num_images (default 1); output_format
        // jpeg|png|webp (default png); aspect_ratio, resolution and safety_tolerance are fal's own.
        .model(nanoBanana(Fal.NANO_BANANA_EDIT))
        .model(nanoBanana(Fal.NANO_BANANA_PRO_EDIT))
        // GPT image 1 edit-image: image_urls; image_size, quality auto|low|medium|high, background,
        // input_fidelity low|high, num_images, output_format jpeg|png|webp; no mask in the schema.
        .model(gptImage(Fal.GPT_IMAGE_1_EDIT).option(MASK, REJECTED)
            .allowedValues(QUALITY, "auto", "low", "medium", "high").build())
        // GPT image 1.5 edit: as above plus mask_image_url; quality low|medium|high (default high).
        .model(gptImage(Fal.GPT_IMAGE_1_5_EDIT)
            .allowedValues(QUALITY, "low", "medium", "high").build())
        // GPT image 1 mini edit: no input_fidelity, no mask.
        .model(gptImage(Fal.GPT_IMAGE_1_MINI_EDIT).option(MASK, REJECTED).option(INPUT_FIDELITY, REJECTED)
            .allowedValues(QUALITY, "auto", "low", "medium", "high").build())
        .build();
  }

  /** The fields no fal edit endpoint has: ignored, so a request built for OpenAI still runs. */
  private static ModelCapability.Builder plain(String id) {
    return ModelCapability.builder(id)
        .imageFormats(PNG, JPEG, WEBP)
        .urlImages(true)
        .options(IGNORED, MASK, SIZE, QUALITY, BACKGROUND, INPUT_FIDELITY, OUTPUT_FORMAT, OUTPUT_COMPRESSION,
            PARTIAL_IMAGES, RESPONSE_FORMAT, MODERATION, USER);
  }

  private static ModelCapability.Builder kontext(String id) {
    return plain(id)
        .option(MASK, REJECTED)
        .option(OUTPUT_FORMAT, io.github.imageedits.capability.Support.HONOURED)
        .allowedValues(OUTPUT_FORMAT, "jpeg", "png")
        .maxN(KONTEXT_MAX_N);
  }

  private static ModelCapability nanoBanana(String id) {
    return plain(id)
        .option(MASK, REJECTED)
        .option(OUTPUT_FORMAT, io.github.imageedits.capability.Support.HONOURED)
        .allowedValues(OUTPUT_FORMAT, "jpeg", "png", "webp")
        .maxN(KONTEXT_MAX_N)
        .build();
  }

  private static ModelCapability.Builder gptImage(String id) {
    return ModelCapability.builder(id)
        .imageFormats(PNG, JPEG, WEBP)
        .urlImages(true)
        .sizeRule(GPT_SIZES)
        .maxN(KONTEXT_MAX_N)
        .options(IGNORED, OUTPUT_COMPRESSION, PARTIAL_IMAGES, RESPONSE_FORMAT, MODERATION, USER)
        .allowedValues(BACKGROUND, "auto", "transparent", "opaque")
        .allowedValues(INPUT_FIDELITY, "low", "high")
        .allowedValues(OUTPUT_FORMAT, "jpeg", "png", "webp");
  }
}
