package io.github.imageedits.azure;

import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ProviderContractKit;
import io.github.imageedits.testkit.ProviderProfile;
import org.junit.jupiter.api.DisplayName;

/**
 * The deployment URL form with a Microsoft Entra ID token, against the whole contract kit:
 * {@code /openai/deployments/{deployment}/images/edits} with {@code Authorization: Bearer}.
 */
@DisplayName("Azure OpenAI, deployment URL with an Entra ID token")
class AzureDeploymentContractTest extends ProviderContractKit {
  @Override
  protected ProviderAdapter adapter() {
    return AzureOpenAi.builder().deployment("image-editor").entraIdToken().build();
  }

  @Override
  protected ProviderProfile profile() {
    return AzureContractTest.profile("/openai/deployments/image-editor/images/edits").build();
  }
}
