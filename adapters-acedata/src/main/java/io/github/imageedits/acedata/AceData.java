package io.github.imageedits.acedata;

import io.github.imageedits.spi.ProviderAdapter;

/**
 * AceData Cloud's Images Edits dialect: {@code POST https://api.acedata.cloud/openai/images/edits}
 * with {@code Authorization: Bearer {token}}; files as multipart, image URLs as a JSON body
 * (gpt-image-2) or as form fields (the nano-banana family); synchronous replies, immediate task ids
 * for {@code callback_url} requests (followed by {@code submit}: the signed callback, or
 * {@code POST /openai/tasks}), and AceData's error codes as typed exceptions.
 *
 * <pre>{@code
 * try (ImageEditClient client = ImageEdits.builder()
 *     .provider(AceData.NAME)
 *     .apiKey(System.getenv("ACEDATA_API_TOKEN"))
 *     .build()) {
 *   EditResult result = client.edit(EditRequest.builder()
 *       .model("gpt-image-2")
 *       .prompt("Convert this infographic to dark mode")
 *       .image(Path.of("infographic.png"))
 *       .build());
 * }
 * }</pre>
 *
 * <p>Without the facade, wire the adapter to a transport yourself:
 * {@code new AdapterClient(AceData.adapter(), transport, new ProviderContext(baseUrl, apiKey))}.
 */
public final class AceData {
  /** The name the provider is picked by. */
  public static final String NAME = "acedata";

  private AceData() {}

  /** The adapter, for wiring it by hand (the facade does this for you). */
  public static ProviderAdapter adapter() {
    return new AceDataAdapter();
  }
}
