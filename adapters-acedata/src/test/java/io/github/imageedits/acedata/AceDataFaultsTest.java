package io.github.imageedits.acedata;

import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ProviderFaultKit;
import io.github.imageedits.testkit.ProviderProfile;
import org.junit.jupiter.api.DisplayName;

/** AceData's adapter, with the real transport and retry loop, through the fault catalogue. */
@DisplayName("AceData Cloud under faults")
class AceDataFaultsTest extends ProviderFaultKit {

  @Override
  protected ProviderAdapter adapter() {
    return new AceData();
  }

  @Override
  protected ProviderProfile profile() {
    return AceDataContractTest.PROFILE;
  }
}
