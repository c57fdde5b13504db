package io.github.imageedits.fal;

import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ProviderFaultKit;
import io.github.imageedits.testkit.ProviderProfile;
import org.junit.jupiter.api.DisplayName;

/** fal's adapter, with the real transport and retry loop, through the fault catalogue: faults hit the submission. */
@DisplayName("fal under faults")
class FalFaultsTest extends ProviderFaultKit {

  @Override
  protected ProviderAdapter adapter() {
    return new Fal();
  }

  @Override
  protected ProviderProfile profile() {
    return FalContractTest.PROFILE;
  }
}
