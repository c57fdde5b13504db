package io.github.imageedits.openai;

import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ProviderFaultKit;
import io.github.imageedits.testkit.ProviderProfile;
import org.junit.jupiter.api.DisplayName;

/** The plain OpenAI-compatible adapter, with the real transport and retry loop, through the fault catalogue. */
@DisplayName("A plain OpenAI-compatible endpoint under faults")
class OpenAiFaultsTest extends ProviderFaultKit {

  @Override
  protected ProviderAdapter adapter() {
    return new OpenAi();
  }

  @Override
  protected ProviderProfile profile() {
    return new OpenAiContractTest().profile(); // the same facts as the contract kit's
  }
}
