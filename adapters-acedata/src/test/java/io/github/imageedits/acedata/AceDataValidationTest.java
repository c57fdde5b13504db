package io.github.imageedits.acedata;

import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ValidationKit;
import org.junit.jupiter.api.DisplayName;

/**
 * AceData's validation: derived from its capability table, plus its own cases in
 * {@code validation-cases.jsonl} next to this class.
 */
@DisplayName("AceData Cloud validation")
class AceDataValidationTest extends ValidationKit {
  @Override
  protected ProviderAdapter adapter() {
    return new AceData();
  }
}
