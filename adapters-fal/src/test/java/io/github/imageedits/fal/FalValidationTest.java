package io.github.imageedits.fal;

import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ValidationKit;
import org.junit.jupiter.api.DisplayName;

/**
 * fal's validation: derived from its capability table, plus its own cases in
 * {@code validation-cases.jsonl} next to this class.
 */
@DisplayName("fal validation")
class FalValidationTest extends ValidationKit {
  @Override
  protected ProviderAdapter adapter() {
    return new Fal();
  }
}
