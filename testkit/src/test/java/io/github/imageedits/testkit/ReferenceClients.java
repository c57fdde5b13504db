package io.github.imageedits.testkit;

import io.github.imageedits.ApiKey;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.spi.AdapterClient;
import io.github.imageedits.spi.CallbackSettings;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import java.net.URI;

/** The one place the self-tests build a client: an adapter, the real transport, the real validator. */
final class ReferenceClients {
  private ReferenceClients() {}

  static ImageEditClient create(ProviderAdapter adapter, URI baseUrl, ApiKey apiKey) {
    return new AdapterClient(adapter, RetrofitTransport.create(), new ProviderContext(baseUrl, apiKey));
  }

  static ImageEditClient create(ProviderAdapter adapter, URI baseUrl, ApiKey apiKey, CallbackSettings callbacks) {
    return new AdapterClient(adapter, RetrofitTransport.create(), new ProviderContext(baseUrl, apiKey),
        adapter.capabilities(), callbacks);
  }
}
