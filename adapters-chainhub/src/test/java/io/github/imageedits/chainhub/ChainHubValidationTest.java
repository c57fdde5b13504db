package io.github.imageedits.chainhub;

import io.github.imageedits.ApiKey;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.spi.AdapterClient;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.testkit.ValidationKit;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;

/**
 * ChainHub's validation: derived from its capability table, plus its own cases in
 * {@code validation-cases.jsonl} next to this class.
 */
@DisplayName("ChainHub validation")
class ChainHubValidationTest extends ValidationKit {
  @Override
  protected ImageEditClient newClient(URI baseUrl, ApiKey apiKey) {
    return new AdapterClient(ChainHub.adapter(), RetrofitTransport.create(), new ProviderContext(baseUrl, apiKey));
  }
}
