package io.github.imageedits.openai;

import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ValidationKit;
import org.junit.jupiter.api.DisplayName;

/**
 * OpenAI's validation: derived from its capability table, plus its own cases in
 * {@code validation-cases.jsonl} next to this class.
 */
@DisplayName("OpenAI validation")
class OpenAiValidationTest extends ValidationKit {
  @Override
  protected ProviderAdapter adapter() {
    return new OpenAi();
  }
}
