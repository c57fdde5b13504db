package io.github.imageedits.chainhub;

import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ProviderFaultKit;
import io.github.imageedits.testkit.ProviderProfile;
import org.junit.jupiter.api.DisplayName;

/** ChainHub's adapter, with the real transport and retry loop, through the fault catalogue. */
@DisplayName("ChainHub under faults")
class ChainHubFaultsTest extends ProviderFaultKit {

  @Override
  protected ProviderAdapter adapter() {
    return new ChainHub();
  }

  @Override
  protected ProviderProfile profile() {
    return ChainHubContractTest.PROFILE;
  }
}
