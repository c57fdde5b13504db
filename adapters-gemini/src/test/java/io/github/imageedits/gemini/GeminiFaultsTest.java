package io.github.imageedits.gemini;

import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ProviderFaultKit;
import io.github.imageedits.testkit.ProviderProfile;
import org.junit.jupiter.api.DisplayName;

/** The Gemini adapter, with the real transport and retry loop, through the fault catalogue. */
@DisplayName("Google Gemini under faults")
class GeminiFaultsTest extends ProviderFaultKit {

  @Override
  protected ProviderAdapter adapter() {
    return new Gemini();
  }

  @Override
  protected ProviderProfile profile() {
    return new GeminiContractTest().profile(); // the same facts as the contract kit's
  }
}
