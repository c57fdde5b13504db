package io.github.imageedits.openai;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.ModerationException;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.Usage;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ErrorFixture;
import io.github.imageedits.testkit.ProviderContractKit;
import io.github.imageedits.testkit.ProviderProfile;
import io.github.imageedits.testkit.ReplyFixture;
import io.github.imageedits.testkit.TestImages;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;

/** The plain OpenAI-compatible adapter against the whole contract kit: the guide's last step. */
@DisplayName("A plain OpenAI-compatible endpoint")
class OpenAiContractTest extends ProviderContractKit {
  static final String PNG_BASE64 = Base64.getEncoder().encodeToString(TestImages.pngBytes("openai", 16, 16));

  @Override
  protected ProviderAdapter adapter() {
    return new OpenAi();
  }

  @Override
  protected ProviderProfile profile() {
    return ProviderProfile.builder()
        .editPath("/v1/images/edits")
        .fileModel("gpt-image-1")
        .reply(ReplyFixture.builder("the images reply of a GPT image model: b64_json and usage",
                "{\"created\":1713833628,\"data\":[{\"b64_json\":\"" + PNG_BASE64 + "\"}],"
                    + "\"usage\":{\"total_tokens\":100,\"input_tokens\":50,\"output_tokens\":50}}")
            .header("x-request-id", "req_123")
            .expectBase64Image(PNG_BASE64, null)
            .expectCreated(1713833628)
            .expectRequestId("req_123")
            .expectUsage(new Usage(50, 50, 100))
            .build())
        .reply(ReplyFixture.builder("the images reply of dall-e-2: a url", 
                "{\"created\":1589478378,\"data\":[{\"url\":\"https://files.example/img-1.png\"}]}")
            .expectUrlImage("https://files.example/img-1.png", null)
            .expectCreated(1589478378)
            .build())
        .error(ErrorFixture.builder("401 invalid_api_key", 401,
                "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}")
            .expect(AuthenticationException.class, "invalid_api_key", "Incorrect API key provided")
            .build())
        .error(ErrorFixture.builder("429 rate_limit_exceeded", 429,
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}")
            .expect(RateLimitException.class, "rate_limit_exceeded", "Rate limit reached")
            .build())
        .error(ErrorFixture.builder("400 moderation_blocked", 400,
                "{\"error\":{\"message\":\"Your request was rejected by the safety system\",\"type\":\"image_generation_user_error\",\"param\":null,\"code\":\"moderation_blocked\"}}")
            .expect(ModerationException.class, "moderation_blocked", "Your request was rejected by the safety system")
            .build())
        .error(ErrorFixture.builder("500 server_error", 500,
                "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}")
            .expect(ProviderException.class, "server_error", "The server had an error")
            .build())
        .build();
  }
}
