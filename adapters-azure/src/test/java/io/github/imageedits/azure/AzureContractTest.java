package io.github.imageedits.azure;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.ModerationException;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ErrorFixture;
import io.github.imageedits.testkit.ProviderContractKit;
import io.github.imageedits.testkit.ProviderProfile;
import io.github.imageedits.testkit.ReplyFixture;
import io.github.imageedits.testkit.TestImages;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;

/**
 * Azure OpenAI's v1 surface ({@code new AzureOpenAi()}, what {@code provider("azure")} finds)
 * against the whole contract kit: {@code /openai/v1/images/edits} with the key in {@code api-key}.
 * The reply and the content-filter errors as Microsoft documents them ("How to use image generation
 * models": the {@code b64_json} reply and the {@code contentFilter} refusals; the content filtering
 * concept page: the {@code content_filter} error with its {@code innererror}), with the 400 status
 * assumed (Microsoft names none for the image API's refusal). The 401, 403, 404, 429 and 500 bodies
 * are Azure's {@code {error:{code, message}}} shape with messages as Azure's service words them, not
 * quoted from a document. The request id is the {@code apim-request-id} header Azure's API
 * specification puts on every reply.
 */
@DisplayName("Azure OpenAI, v1 surface with an api-key")
class AzureContractTest extends ProviderContractKit {
  static final String PNG_BASE64 = Base64.getEncoder().encodeToString(TestImages.pngBytes("azure", 16, 16));
  static final String APIM_ID = "6b1f6c9e-2a7d-4c55-9d0e-3f1a2b3c4d5e";

  @Override
  protected ProviderAdapter adapter() {
    return new AzureOpenAi();
  }

  @Override
  protected ProviderProfile profile() {
    return profile("/openai/v1/images/edits").authHeader("api-key", "").build();
  }

  /** The facts both URL forms share; the caller adds the path and the auth header. */
  static ProviderProfile.Builder profile(String editPath) {
    return ProviderProfile.builder()
        .editPath(editPath)
        .fileModel("gpt-image-1")
        .reply(ReplyFixture.builder("the documented reply: created and b64_json",
                "{\"created\":1698116662,\"data\":[{\"b64_json\":\"" + PNG_BASE64 + "\"}]}")
            .header("apim-request-id", APIM_ID)
            .expectBase64Image(PNG_BASE64, null)
            .expectCreated(1698116662)
            .expectRequestId(APIM_ID)
            .build())
        .reply(ReplyFixture.builder("a reply with x-request-id only, and usage",
                "{\"created\":1698116663,\"data\":[{\"b64_json\":\"" + PNG_BASE64 + "\"}],"
                    + "\"usage\":{\"total_tokens\":4210,\"input_tokens\":50,\"output_tokens\":4160}}")
            .header("x-request-id", "req-azure-2")
            .expectBase64Image(PNG_BASE64, null)
            .expectCreated(1698116663)
            .expectRequestId("req-azure-2")
            .expectUsage(new io.github.imageedits.Usage(50, 4160, 4210))
            .build())
        .error(ErrorFixture.builder("401 a wrong key or endpoint", 401,
                "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key or wrong API"
                    + " endpoint. Make sure to provide a valid key for an active subscription and use a correct"
                    + " regional API endpoint for your resource.\"}}")
            .header("apim-request-id", APIM_ID)
            .expect(AuthenticationException.class, "401", "Access denied due to invalid subscription key or wrong"
                + " API endpoint. Make sure to provide a valid key for an active subscription and use a correct"
                + " regional API endpoint for your resource.")
            .expectRequestId(APIM_ID)
            .build())
        .error(ErrorFixture.builder("403 a token without the role", 403,
                "{\"error\":{\"code\":\"PermissionDenied\",\"message\":\"Principal does not have access to API/Operation.\"}}")
            .expect(AuthenticationException.class, "PermissionDenied", "Principal does not have access to API/Operation.")
            .build())
        .error(ErrorFixture.builder("429 over the deployment's rate limit", 429,
                "{\"error\":{\"code\":\"429\",\"message\":\"Requests to the Images_Edit Operation under Azure OpenAI"
                    + " API version 2025-04-01-preview have exceeded call rate limit of your current pricing tier."
                    + " Please retry after 60 seconds.\"}}")
            .header("retry-after", "60")
            .header("apim-request-id", "7c2e0d1a-0000-4000-8000-000000000429")
            .expect(RateLimitException.class, "429", "Requests to the Images_Edit Operation under Azure OpenAI"
                + " API version 2025-04-01-preview have exceeded call rate limit of your current pricing tier."
                + " Please retry after 60 seconds.")
            .expectRequestId("7c2e0d1a-0000-4000-8000-000000000429")
            .build())
        .error(ErrorFixture.builder("400 contentFilter: the image API's safety system refused the prompt", 400,
                "{\"created\":1698435368,\"error\":{\"code\":\"contentFilter\","
                    + "\"message\":\"Your task failed as a result of our safety system.\"}}")
            .expect(ModerationException.class, "contentFilter", "Your task failed as a result of our safety system.")
            .build())
        .error(ErrorFixture.builder("400 contentFilter: the output image was filtered", 400,
                "{\"created\":1698435368,\"error\":{\"code\":\"contentFilter\","
                    + "\"message\":\"Generated image was filtered as a result of our safety system.\"}}")
            .expect(ModerationException.class, "contentFilter",
                "Generated image was filtered as a result of our safety system.")
            .build())
        .error(ErrorFixture.builder("400 content_filter with innererror ResponsibleAIPolicyViolation", 400,
                "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure OpenAI's"
                    + " content management policy.\",\"type\":null,\"param\":\"prompt\",\"code\":\"content_filter\","
                    + "\"status\":400,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\","
                    + "\"content_filter_result\":{\"hate\":{\"filtered\":true,\"severity\":\"high\"},"
                    + "\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"},"
                    + "\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},"
                    + "\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}}}}")
            .expect(ModerationException.class, "content_filter", "The response was filtered due to the prompt"
                + " triggering Azure OpenAI's content management policy.")
            .build())
        .error(ErrorFixture.builder("404 a wrong route or an old api-version", 404,
                "{\"error\":{\"code\":\"404\",\"message\":\"Resource not found\"}}")
            .expect(ProviderException.class, "404", "Resource not found")
            .build())
        .error(ErrorFixture.builder("500 server error", 500,
                "{\"error\":{\"code\":\"InternalServerError\",\"message\":\"The server had an error while processing"
                    + " your request.\"}}")
            .expect(ProviderException.class, "InternalServerError", "The server had an error while processing"
                + " your request.")
            .build());
  }
}
