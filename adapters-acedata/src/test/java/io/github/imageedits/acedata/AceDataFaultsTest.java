package io.github.imageedits.acedata;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.spi.AdapterClient;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.testkit.ProviderFaultKit;
import io.github.imageedits.testkit.ProviderProfile;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import org.junit.jupiter.api.DisplayName;

/** AceData's adapter, with the real transport and retry loop, through the fault catalogue. */
@DisplayName("AceData Cloud under faults")
class AceDataFaultsTest extends ProviderFaultKit {

  @Override
  protected ImageEditClient newClient(ClientSetup setup) {
    ProviderAdapter adapter = AceData.adapter();
    return new AdapterClient(adapter, RetrofitTransport.builder().client(setup.http()).build(),
        new ProviderContext(setup.baseUrl(), setup.apiKey()), adapter.capabilities(),
        RetryPolicy.defaults(), setup.retryListener());
  }

  @Override
  protected ProviderProfile profile() {
    return AceDataContractTest.PROFILE;
  }
}
