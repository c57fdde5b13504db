package io.github.imageedits.testkit;

import io.github.imageedits.ApiKey;
import io.github.imageedits.ImageEditClient;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;

@DisplayName("A reference adapter declaring URL images, callbacks and streaming")
class FeaturedReferenceContractTest extends ProviderContractKit {
  @Override
  protected ImageEditClient newClient(URI baseUrl, ApiKey apiKey) {
    return ReferenceClients.create(ReferenceAdapter.featured(), baseUrl, apiKey);
  }

  @Override
  protected ProviderProfile profile() {
    return ReferenceFixtures.featured().build();
  }
}
