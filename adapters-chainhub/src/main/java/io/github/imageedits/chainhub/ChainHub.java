package io.github.imageedits.chainhub;

import io.github.imageedits.spi.ProviderAdapter;

/**
 * ChainHub's Images Edits dialect: {@code POST https://api.chainhub.tech/v1/images/edits},
 * multipart only, replies either in the OpenAI images shape or as a chat completion whose message
 * carries the image links.
 *
 * <pre>{@code
 * ImageEditClient client = ImageEdits.builder()
 *     .provider(ChainHub.NAME)
 *     .apiKey(System.getenv("CHAINHUB_API_KEY"))
 *     .build();
 * }</pre>
 */
public final class ChainHub {
  /** The name the provider is picked by. */
  public static final String NAME = "chainhub";

  private ChainHub() {}

  /** The adapter, for wiring it by hand (the facade does this for you). */
  public static ProviderAdapter adapter() {
    return new ChainHubAdapter();
  }
}
