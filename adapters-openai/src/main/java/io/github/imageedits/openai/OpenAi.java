package io.github.imageedits.openai;

import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.spi.OpenAiCompatibleAdapter;
import java.net.URI;

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
 *
 * <p>Nothing differs from the protocol the base class speaks: only the endpoint and the table.
 */
public final class OpenAi extends OpenAiCompatibleAdapter {
  /** The name the provider is picked by. */
  public static final String NAME = "openai";

  /** The adapter; {@code ImageEdits} finds it by {@link #NAME} through {@link java.util.ServiceLoader}. */
  public OpenAi() {
    super(NAME, URI.create("https://api.openai.com"), "/v1/images/edits");
  }

  @Override
  public CapabilityTable capabilities() {
    return OpenAiCapabilities.TABLE;
  }
}
