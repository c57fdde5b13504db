package io.github.imageedits.testkit;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.spi.AdapterClient;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The reference adapter under faults")
class ReferenceFaultsTest extends ProviderFaultKit {
  @Override
  protected ImageEditClient newClient(ClientSetup setup) {
    return ReferenceFaultClients.create(setup);
  }

  @Override
  protected ProviderProfile profile() {
    return ReferenceFixtures.plain().build();
  }
}

/** The reference adapter on the kit's OkHttp client, the real transport and the default retries. */
final class ReferenceFaultClients {
  private ReferenceFaultClients() {}

  static ImageEditClient create(ProviderFaultKit.ClientSetup setup) {
    ProviderAdapter adapter = ReferenceAdapter.plain();
    return new AdapterClient(adapter, RetrofitTransport.builder().client(setup.http()).build(),
        new ProviderContext(setup.baseUrl(), setup.apiKey()), adapter.capabilities(),
        RetryPolicy.defaults(), setup.retryListener());
  }
}
