package io.github.imageedits.testkit;

import io.github.imageedits.spi.ProviderAdapter;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The reference adapter under faults")
class ReferenceFaultsTest extends ProviderFaultKit {
  @Override
  protected ProviderAdapter adapter() {
    return ReferenceAdapter.plain();
  }

  @Override
  protected ProviderProfile profile() {
    return ReferenceFixtures.plain().build();
  }
}
