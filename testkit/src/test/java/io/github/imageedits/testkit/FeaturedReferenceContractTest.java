package io.github.imageedits.testkit;

import io.github.imageedits.ApiKey;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.spi.CallbackSettings;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;

@DisplayName("A reference adapter declaring URL images, callbacks, task retrieval and streaming")
class FeaturedReferenceContractTest extends ProviderContractKit {
  @Override
  protected ImageEditClient newClient(URI baseUrl, ApiKey apiKey) {
    return ReferenceClients.create(ReferenceAdapter.featured(), baseUrl, apiKey);
  }

  @Override
  protected ImageEditClient newClient(URI baseUrl, ApiKey apiKey, CallbackSettings callbacks) {
    return ReferenceClients.create(ReferenceAdapter.featured(), baseUrl, apiKey, callbacks);
  }

  @Override
  protected ProviderProfile profile() {
    return ReferenceFixtures.featured().build();
  }
}
