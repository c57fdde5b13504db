package io.github.imageedits.testkit;

import io.github.imageedits.ApiKey;
import io.github.imageedits.ImageEditClient;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The featured reference adapter's validation")
class ReferenceValidationTest extends ValidationKit {
  @Override
  protected ImageEditClient newClient(URI baseUrl, ApiKey apiKey) {
    return ReferenceClients.create(ReferenceAdapter.featured(), baseUrl, apiKey);
  }
}
