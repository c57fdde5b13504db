package io.github.imageedits.gemini;

import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ValidationKit;
import org.junit.jupiter.api.DisplayName;

/**
 * Gemini's validation: derived from its capability table, plus its own cases in
 * {@code validation-cases.jsonl} next to this class.
 */
@DisplayName("Gemini validation")
class GeminiValidationTest extends ValidationKit {
  @Override
  protected ProviderAdapter adapter() {
    return new Gemini();
  }
}
