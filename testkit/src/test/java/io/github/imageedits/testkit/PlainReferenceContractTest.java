package io.github.imageedits.testkit;

import io.github.imageedits.spi.ProviderAdapter;
import org.junit.jupiter.api.DisplayName;

@DisplayName("A plain OpenAI-compatible reference adapter (no provider features)")
class PlainReferenceContractTest extends ProviderContractKit {
  @Override
  protected ProviderAdapter adapter() {
    return ReferenceAdapter.plain();
  }

  @Override
  protected ProviderProfile profile() {
    return ReferenceFixtures.plain().build();
  }
}
