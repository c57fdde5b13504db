package io.github.imageedits.acedata;

import io.github.imageedits.ApiKey;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.spi.AdapterClient;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.testkit.ValidationKit;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;

/**
 * AceData's validation: derived from its capability table, plus its own cases in
 * {@code validation-cases.jsonl} next to this class.
 */
@DisplayName("AceData Cloud validation")
class AceDataValidationTest extends ValidationKit {
  @Override
  protected ImageEditClient newClient(URI baseUrl, ApiKey apiKey) {
    return new AdapterClient(AceData.adapter(), RetrofitTransport.create(), new ProviderContext(baseUrl, apiKey));
  }
}
