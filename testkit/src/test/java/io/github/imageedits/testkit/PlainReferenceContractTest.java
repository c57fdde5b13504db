package io.github.imageedits.testkit;

import io.github.imageedits.ApiKey;
import io.github.imageedits.ImageEditClient;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;

@DisplayName("A plain OpenAI-compatible reference adapter (no provider features)")
class PlainReferenceContractTest extends ProviderContractKit {
  @Override
  protected ImageEditClient newClient(URI baseUrl, ApiKey apiKey) {
    return ReferenceClients.create(ReferenceAdapter.plain(), baseUrl, apiKey);
  }

  @Override
  protected ProviderProfile profile() {
    return ReferenceFixtures.plain().build();
  }
}
