package io.github.imageedits.openai;

import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.spi.OpenAiCompatibleAdapter;
import java.net.URI;

/** Nothing differs from the protocol the base class speaks: only the endpoint and the table. */
final class OpenAiAdapter extends OpenAiCompatibleAdapter {
  OpenAiAdapter() {
    super(OpenAi.NAME, URI.create("https://api.openai.com"), "/v1/images/edits");
  }

  @Override
  public CapabilityTable capabilities() {
    return OpenAiCapabilities.TABLE;
  }
}
