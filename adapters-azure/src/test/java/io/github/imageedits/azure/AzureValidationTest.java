package io.github.imageedits.azure;

import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ValidationKit;
import org.junit.jupiter.api.DisplayName;

/**
 * Azure OpenAI's validation: derived from its capability table, plus its own cases in
 * {@code validation-cases.jsonl} next to this class.
 */
@DisplayName("Azure OpenAI validation")
class AzureValidationTest extends ValidationKit {
  @Override
  protected ProviderAdapter adapter() {
    return new AzureOpenAi();
  }
}
