package io.github.imageedits.testkit;

import io.github.imageedits.Option;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.ProviderFeature;
import io.github.imageedits.capability.SizeRule;
import io.github.imageedits.capability.Support;
import io.github.imageedits.spi.OpenAiCompatibleAdapter;
import java.net.URI;

/**
 * The smallest real adapter: a plain OpenAI-compatible endpoint at {@code /v1/images/edits} with a
 * tiny table. It proves the kit can be passed, and its variants prove the kit checks both sides of
 * every capability flag.
 */
class ReferenceAdapter extends OpenAiCompatibleAdapter {
  static final String FILE_MODEL = "ref-image-1";
  static final String URL_MODEL = "ref-image-url";

  private final CapabilityTable table;

  ReferenceAdapter(CapabilityTable table) {
    super("reference", URI.create("https://api.reference.invalid"), "/v1/images/edits");
    this.table = table;
  }

  /** Files only, no provider features, masks honoured: OpenAI's own endpoint. */
  static ReferenceAdapter plain() {
    return new ReferenceAdapter(CapabilityTable.builder("reference")
        .model(fileModel().build())
        .build());
  }

  /** URL images, callbacks and streaming declared; masks ignored by the file model, as nano-banana does. */
  static ReferenceAdapter featured() {
    return new ReferenceAdapter(CapabilityTable.builder("reference")
        .feature(ProviderFeature.URL_IMAGES)
        .feature(ProviderFeature.ASYNC_CALLBACK)
        .feature(ProviderFeature.STREAMING)
        .model(fileModel().option(Option.MASK, Support.IGNORED).build())
        .model(ModelCapability.builder(URL_MODEL).urlImages(true).maxImages(16).build())
        .build());
  }

  private static ModelCapability.Builder fileModel() {
    return ModelCapability.builder(FILE_MODEL)
        .maxImages(4)
        .promptMaxChars(1000)
        .sizeRule(SizeRule.oneOf("256x256", "512x512", "1024x1024"))
        .allowedValues(Option.QUALITY, "high", "medium", "low");
  }

  @Override
  public CapabilityTable capabilities() {
    return table;
  }
}
