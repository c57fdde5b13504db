package io.github.imageedits.chainhub;

import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ValidationKit;
import org.junit.jupiter.api.DisplayName;

/**
 * ChainHub's validation: derived from its capability table, plus its own cases in
 * {@code validation-cases.jsonl} next to this class.
 */
@DisplayName("ChainHub validation")
class ChainHubValidationTest extends ValidationKit {
  @Override
  protected ProviderAdapter adapter() {
    return new ChainHub();
  }
}
