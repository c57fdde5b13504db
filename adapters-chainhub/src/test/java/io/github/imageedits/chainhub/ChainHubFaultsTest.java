package io.github.imageedits.chainhub;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.Usage;
import io.github.imageedits.spi.AdapterClient;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.testkit.ErrorFixture;
import io.github.imageedits.testkit.ProviderFaultKit;
import io.github.imageedits.testkit.ProviderProfile;
import io.github.imageedits.testkit.ReplyFixture;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import org.junit.jupiter.api.DisplayName;

/**
 * ChainHub's adapter, with the real transport and retry loop, through the fault catalogue. The
 * profile is the minimum the catalogue needs: ChainHub's documented chat-completion reply (seed
 * 004) with an image link in its message, as the adapter reads it, and an OpenAI-style error.
 */
@DisplayName("ChainHub under faults")
class ChainHubFaultsTest extends ProviderFaultKit {
  /** Seed 004's reply shape; its example content is a greeting, so here it carries an image link. */
  static final String CHAT_COMPLETION_REPLY = "{\"id\":\"chatcmpl-123\",\"object\":\"chat.completion\","
      + "\"created\":1677652288,\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
      + "\"content\":\"![image](https://cdn.chainhub.example/edits/cat-scarf.png)\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12,"
      + "\"total_tokens\":21}}";

  static final ProviderProfile PROFILE = ProviderProfile.builder()
      .editPath("/v1/images/edits")
      .fileModel("gpt-image-1")
      .requiredHeader("Accept", "application/json")
      .reply(ReplyFixture.builder("a chat completion carrying an image link (seed 004's shape)", CHAT_COMPLETION_REPLY)
          .expectUrlImage("https://cdn.chainhub.example/edits/cat-scarf.png", null)
          .expectCreated(1677652288)
          .expectTaskId("chatcmpl-123")
          .expectUsage(new Usage(9, 12, 21))
          .build())
      .error(ErrorFixture.builder("401 in the OpenAI shape", 401,
              "{\"error\":{\"message\":\"Invalid API key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")
          .expect(AuthenticationException.class, "invalid_api_key", "Invalid API key")
          .build())
      .build();

  @Override
  protected ImageEditClient newClient(ClientSetup setup) {
    ProviderAdapter adapter = ChainHub.adapter();
    return new AdapterClient(adapter, RetrofitTransport.builder().client(setup.http()).build(),
        new ProviderContext(setup.baseUrl(), setup.apiKey()), adapter.capabilities(),
        RetryPolicy.defaults(), setup.retryListener());
  }

  @Override
  protected ProviderProfile profile() {
    return PROFILE;
  }
}
