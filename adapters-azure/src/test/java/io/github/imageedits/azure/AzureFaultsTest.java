package io.github.imageedits.azure;

import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ProviderFaultKit;
import io.github.imageedits.testkit.ProviderProfile;
import org.junit.jupiter.api.DisplayName;

/** Azure OpenAI, with the real transport and retry loop, through the fault catalogue. */
@DisplayName("Azure OpenAI under faults")
class AzureFaultsTest extends ProviderFaultKit {
  @Override
  protected ProviderAdapter adapter() {
    return new AzureOpenAi();
  }

  @Override
  protected ProviderProfile profile() {
    return new AzureContractTest().profile(); // the same facts as the contract kit's
  }
}
