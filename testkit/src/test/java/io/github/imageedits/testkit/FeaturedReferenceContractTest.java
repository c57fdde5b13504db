package io.github.imageedits.testkit;

import io.github.imageedits.spi.ProviderAdapter;
import org.junit.jupiter.api.DisplayName;

@DisplayName("A reference adapter declaring URL images, callbacks, task retrieval and streaming")
class FeaturedReferenceContractTest extends ProviderContractKit {
  @Override
  protected ProviderAdapter adapter() {
    return ReferenceAdapter.featured();
  }

  @Override
  protected ProviderProfile profile() {
    return ReferenceFixtures.featured().build();
  }
}
