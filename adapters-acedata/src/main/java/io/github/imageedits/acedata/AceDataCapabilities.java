package io.github.imageedits.acedata;

import static io.github.imageedits.Option.BACKGROUND;
import static io.github.imageedits.Option.INPUT_FIDELITY;
import static io.github.imageedits.Option.MASK;
import static io.github.imageedits.Option.MODERATION;
import static io.github.imageedits.Option.N;
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
 * AceData Cloud's models and features, from its public documentation: the "OpenAI Images Edits
 * API" guide, https://platform.acedata.cloud/documents/251f1efa-aaa6-462e-8af4-66854b1bc94d (an
 * earlier edition of it used {@code /v1/images/edits}; the current edition adds gpt-image-2 and
 * the nano-banana models), the API reference of {@code POST /openai/images/edits} (the OpenAPI
 * page of the same documentation), and the model ids AceData's public OpenAPI spec adds.
 *
 * <p>How an option is classed, the same way for every model: a document that says the model
 * ignores it → {@code IGNORED}; a document that says it is only for other models or "not
 * supported" → {@code REJECTED} (sending it buys a 400 or an edit that did not do what was asked);
 * an option AceData does not document at all ({@code moderation}, {@code user}) → {@code IGNORED},
 * since nothing promises it has an effect. Callers who know better override a model with
 * {@link CapabilityTable#with}.
 */
final class AceDataCapabilities {
  static final String PROVIDER = "acedata";

  private static final long MB = 1024 * 1024;
  /** API reference, "image": GPT image models take up to 16 png/webp/jpg images, each < 50 MB. */
  private static final long IMAGE_BYTES = 50 * MB;
  /** API reference, "mask": PNG under 4 MB, same dimensions as the first image. */
  private static final long MASK_BYTES = 4 * MB;
  /** API reference, "prompt": 32000 characters for GPT image models, 1000 for dall-e-2. */
  private static final int GPT_PROMPT = 32_000;
  /** API reference, "size" for GPT image models. */
  private static final SizeRule GPT_SIZES = SizeRule.oneOf("1024x1024", "1536x1024", "1024x1536", "auto");
  /** The guide: gpt-image-2 takes auto, empty or WxH, multiples of 16, side <= 3840, <= 8,294,400 px. */
  private static final SizeRule GPT_IMAGE_2_SIZES = SizeRule.flexible(16, 3840, 8_294_400L);

  private static final CapabilityTable TABLE = build();

  private AceDataCapabilities() {}

  static CapabilityTable table() {
    return TABLE;
  }

  private static CapabilityTable build() {
    return CapabilityTable.builder(PROVIDER)
        // The guide: callback_url; AceData's task documentation: POST /openai/tasks; the guide's
        // current edition: URL images in a JSON body. STREAMING is not declared: the API reference
        // lists no stream field and says the accept header takes "Only application/json"; its
        // partial_images text ("in streaming responses") is OpenAI's description carried over, not
        // a promise of server-sent events. So stream() fails with UnsupportedFeatureException
        // before sending, and the emulator keeps answering stream=true with 400 api_not_implemented.
        .feature(ProviderFeature.URL_IMAGES)
        .feature(ProviderFeature.ASYNC_CALLBACK)
        .feature(ProviderFeature.TASK_RETRIEVAL)
        // An id we do not know passes with the endpoint's widest limits and every option sent.
        .unknownModel(ModelCapability.builder("*").urlImages(true).build())
        // The guide, the API reference and ChainHub's API documentation: one square PNG under
        // 4 MB, prompt 1000, three square sizes, n 1..10 and (the guide's current edition) the only
        // edit model that honours n > 1; the API reference: quality "standard only",
        // response_format "for dall-e-2 responses"; background/output_format/output_compression
        // "GPT image models only"; input_fidelity "supported for gpt-image-1".
        .model(dallE("dall-e-2")
            .imageFormats(PNG)
            .maxImages(1)
            .maxImageBytes(4 * MB)
            .squarePngOnly(true)
            .promptMaxChars(1000)
            .sizeRule(SizeRule.oneOf("256x256", "512x512", "1024x1024"))
            .allowedValues(QUALITY, "standard")
            .build())
        // The API reference names dall-e-3 in its model enum (even as the default), but both
        // editions of the guide do not count it among the edit models and OpenAI's own edits
        // endpoint does not take it, so expect AceData may answer api_not_implemented. We list it
        // so the rules the documentation does give hold: sizes are the API reference's enum
        // narrowed to dall-e-3's own (ChainHub's API documentation: 1024x1024, 1792x1024,
        // 1024x1792), which leaves 1024x1024; n > 1 is dall-e-2's alone (the guide);
        // images, prompt and quality take the endpoint's documented limits.
        .model(dallE("dall-e-3")
            .imageFormats(PNG, JPEG, WEBP)
            .maxImages(16)
            .maxImageBytes(IMAGE_BYTES)
            .promptMaxChars(GPT_PROMPT)
            .sizeRule(SizeRule.oneOf("1024x1024"))
            .option(N, IGNORED)
            .allowedValues(QUALITY, "auto", "high", "medium", "low", "standard")
            .build())
        // The guide and the API reference: the reference GPT image model; the guide: n ignored.
        .model(gptImage("gpt-image-1").build())
        // API reference (input_fidelity): "not supported for gpt-image-1-mini".
        .model(gptImage("gpt-image-1-mini").option(INPUT_FIDELITY, REJECTED).build())
        // API reference model enum; the guide: n ignored.
        .model(gptImage("gpt-image-1.5").build())
        // The guide's current edition: the flexible size rule, image URLs in a JSON body (up to
        // 16), n ignored.
        .model(gptImage2("gpt-image-2"))
        // AceData's Images Edits documentation: routes of gpt-image-2 with its rules.
        .model(gptImage2("gpt-image-2:reverse"))
        .model(gptImage2("gpt-image-2:official"))
        // The guide's current edition: only model, prompt and image are honoured; mask, n, size,
        // response_format "are not supported and will be ignored"; image URLs as form strings;
        // callback_url works.
        .model(nanoBanana("nano-banana"))
        .model(nanoBanana("nano-banana-2"))
        .model(nanoBanana("nano-banana-pro"))
        // AceData's Images Edits documentation: a lighter member of the same family.
        .model(nanoBanana("nano-banana-2-lite"))
        .build();
  }

  /** What the DALL·E models share: the API reference keeps these options for GPT image models. */
  private static ModelCapability.Builder dallE(String id) {
    return ModelCapability.builder(id)
        .maskMaxBytes(MASK_BYTES)
        .maxN(10)
        .options(REJECTED, BACKGROUND, INPUT_FIDELITY, OUTPUT_FORMAT, OUTPUT_COMPRESSION)
        // Partial images belong to streaming, which AceData documents nowhere for DALL·E; harmless,
        // inert.
        .option(PARTIAL_IMAGES, IGNORED)
        .options(IGNORED, MODERATION, USER)
        .allowedValues(RESPONSE_FORMAT, "url", "b64_json");
  }

  /** The API reference's GPT image model rules, with n ignored (the guide). */
  private static ModelCapability.Builder gptImage(String id) {
    return ModelCapability.builder(id)
        .imageFormats(PNG, JPEG, WEBP)
        .maxImages(16)
        .maxImageBytes(IMAGE_BYTES)
        .maskMaxBytes(MASK_BYTES)
        .promptMaxChars(GPT_PROMPT)
        .sizeRule(GPT_SIZES)
        .maxN(10)
        // The guide: n > 1 is silently ignored; one image comes back.
        .option(N, IGNORED)
        // API reference: "GPT image models always return base64".
        .option(RESPONSE_FORMAT, IGNORED)
        .options(IGNORED, MODERATION, USER)
        .allowedValues(QUALITY, "auto", "high", "medium", "low")
        .allowedValues(BACKGROUND, "transparent", "opaque", "auto")
        .allowedValues(INPUT_FIDELITY, "high", "low")
        .allowedValues(OUTPUT_FORMAT, "png", "jpeg", "webp");
  }

  private static ModelCapability gptImage2(String id) {
    return gptImage(id).urlImages(true).sizeRule(GPT_IMAGE_2_SIZES).build();
  }

  private static ModelCapability nanoBanana(String id) {
    // AceData's documentation gives no image limits for this family: the endpoint's documented
    // maximum applies.
    return ModelCapability.builder(id)
        .imageFormats(PNG, JPEG, WEBP)
        .maxImages(16)
        .maxImageBytes(IMAGE_BYTES)
        .urlImages(true)
        .promptMaxChars(GPT_PROMPT)
        .options(IGNORED, MASK, N, SIZE, RESPONSE_FORMAT, QUALITY, BACKGROUND, INPUT_FIDELITY,
            OUTPUT_FORMAT, OUTPUT_COMPRESSION, PARTIAL_IMAGES, MODERATION, USER)
        .build();
  }
}
