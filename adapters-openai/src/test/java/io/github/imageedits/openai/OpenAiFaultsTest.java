package io.github.imageedits.openai;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.spi.AdapterClient;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.testkit.ProviderFaultKit;
import io.github.imageedits.testkit.ProviderProfile;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import org.junit.jupiter.api.DisplayName;

/** The plain OpenAI-compatible adapter, with the real transport and retry loop, through the fault catalogue. */
@DisplayName("A plain OpenAI-compatible endpoint under faults")
class OpenAiFaultsTest extends ProviderFaultKit {

  @Override
  protected ImageEditClient newClient(ClientSetup setup) {
    ProviderAdapter adapter = OpenAi.adapter();
    return new AdapterClient(adapter, RetrofitTransport.builder().client(setup.http()).build(),
        new ProviderContext(setup.baseUrl(), setup.apiKey()), adapter.capabilities(),
        RetryPolicy.defaults(), setup.retryListener());
  }

  @Override
  protected ProviderProfile profile() {
    return new OpenAiContractTest().profile(); // the same facts as the contract kit's
  }
}
