package io.github.imageedits.openai;

import io.github.imageedits.spi.ProviderAdapter;

/**
 * A plain OpenAI-compatible Images Edits endpoint ({@code POST {base}/v1/images/edits}): OpenAI
 * itself by default, or any gateway that speaks the same protocol, given its base URL.
 *
 * <pre>{@code
 * ImageEditClient client = ImageEdits.builder()
 *     .provider(OpenAi.NAME)
 *     .baseUrl("https://gateway.example.com")   // omit for OpenAI itself
 *     .apiKey(key)
 *     .build();
 * }</pre>
 *
 * <p>This module is also the worked example of docs/adding-a-provider.md: an adapter is a name, a
 * path and a capability table, plus overrides only where a provider differs from the protocol.
 */
public final class OpenAi {
  /** The name the provider is picked by. */
  public static final String NAME = "openai";

  private OpenAi() {}

  /** The adapter, for wiring it by hand (the facade does this for you). */
  public static ProviderAdapter adapter() {
    return new OpenAiAdapter();
  }
}
