package io.github.imageedits.testkit;

import io.github.imageedits.spi.ProviderAdapter;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The featured reference adapter's validation")
class ReferenceValidationTest extends ValidationKit {
  @Override
  protected ProviderAdapter adapter() {
    return ReferenceAdapter.featured();
  }
}
