package io.github.imageedits.chainhub;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.spi.AdapterClient;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.testkit.ProviderFaultKit;
import io.github.imageedits.testkit.ProviderProfile;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import org.junit.jupiter.api.DisplayName;

/** ChainHub's adapter, with the real transport and retry loop, through the fault catalogue. */
@DisplayName("ChainHub under faults")
class ChainHubFaultsTest extends ProviderFaultKit {

  @Override
  protected ImageEditClient newClient(ClientSetup setup) {
    ProviderAdapter adapter = ChainHub.adapter();
    return new AdapterClient(adapter, RetrofitTransport.builder().client(setup.http()).build(),
        new ProviderContext(setup.baseUrl(), setup.apiKey()), adapter.capabilities(),
        RetryPolicy.defaults(), setup.retryListener());
  }

  @Override
  protected ProviderProfile profile() {
    return ChainHubContractTest.PROFILE;
  }
}
