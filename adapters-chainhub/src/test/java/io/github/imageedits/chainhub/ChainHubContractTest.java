package io.github.imageedits.chainhub;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.InsufficientBalanceException;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.Usage;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ErrorFixture;
import io.github.imageedits.testkit.ProviderContractKit;
import io.github.imageedits.testkit.ProviderProfile;
import io.github.imageedits.testkit.ReplyFixture;
import io.github.imageedits.testkit.TestImages;
import java.net.URI;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;

/**
 * ChainHub's adapter, with the real transport and validator, against the whole contract kit. Its
 * table declares no URL images and no callbacks, so the kit checks that both fail before sending.
 */
@DisplayName("ChainHub")
class ChainHubContractTest extends ProviderContractKit {
  static final String PNG_BASE64 =
      Base64.getEncoder().encodeToString(TestImages.pngBytes("chainhub-reply", 16, 16));

  /**
   * The 200 reply shape ChainHub's API documentation ("Edit gpt-image-1") shows (a chat
   * completion), carrying the edited image as a markdown link: the documentation's own example
   * content is a greeting, with no image in it.
   */
  static final String CHAT_COMPLETION_REPLY = """
      {
        "id": "chatcmpl-123",
        "object": "chat.completion",
        "created": 1677652288,
        "choices": [
          {
            "index": 0,
            "message": {
              "role": "assistant",
              "content": "![image](https://filesystem.site/cdn/20250612/edited.png)"
            },
            "finish_reason": "stop"
          }
        ],
        "usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21}
      }""";

  /** The same shape with a data URI in the content. */
  static final String CHAT_COMPLETION_DATA_URI_REPLY = """
      {"id":"chatcmpl-456","object":"chat.completion","created":1677652299,
       "choices":[{"index":0,"message":{"role":"assistant",
         "content":"Here you go: ![edit](data:image/png;base64,%s)"},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}}""".formatted(PNG_BASE64);

  /** The OpenAI images shape, which ChainHub's API documentation points to as the official one. */
  static final String IMAGES_REPLY = """
      {"created": 1713833628, "data": [{"b64_json": "%s", "revised_prompt": "A cute little pig"}],
       "usage": {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210}}""".formatted(PNG_BASE64);

  @Override
  protected ProviderAdapter adapter() {
    return new ChainHub();
  }

  @Override
  protected ProviderProfile profile() {
    return PROFILE;
  }

  static final ProviderProfile PROFILE = ProviderProfile.builder()
      .editPath("/v1/images/edits")
      .fileModel("gpt-image-1")
      .requiredHeader("Accept", "application/json")
      .reply(ReplyFixture.builder("the documented chat-completion reply with a markdown image link"
                  + " (ChainHub's API documentation)",
              CHAT_COMPLETION_REPLY)
          .expectUrlImage("https://filesystem.site/cdn/20250612/edited.png", null)
          .expectCreated(1677652288)
          .expectTaskId("chatcmpl-123")
          .expectUsage(new Usage(9, 12, 21))
          .build())
      .reply(ReplyFixture.builder("a chat-completion reply carrying a data URI", CHAT_COMPLETION_DATA_URI_REPLY)
          .expectBase64Image(PNG_BASE64, null)
          .expectCreated(1677652299)
          .expectTaskId("chatcmpl-456")
          .expectUsage(new Usage(9, 12, 21))
          .build())
      .reply(ReplyFixture.builder("the OpenAI images reply with b64_json", IMAGES_REPLY)
          .header("x-request-id", "req-chainhub-1")
          .expectBase64Image(PNG_BASE64, "A cute little pig")
          .expectCreated(1713833628)
          .expectRequestId("req-chainhub-1")
          .expectUsage(new Usage(50, 4160, 4210))
          .build())
      // ChainHub documents no error bodies: map by status, read OpenAI-style bodies when present.
      .error(ErrorFixture.builder("401 with an OpenAI-style body", 401,
              "{\"error\":{\"message\":\"Invalid token\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")
          .expect(AuthenticationException.class, "invalid_api_key", "Invalid token")
          .build())
      .error(ErrorFixture.builder("429 with an OpenAI-style body", 429,
              "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")
          .header("x-request-id", "req-429")
          .expect(RateLimitException.class, "rate_limit_exceeded", "Rate limit reached")
          .expectRequestId("req-429")
          .build())
      .error(ErrorFixture.builder("402 quota exhausted", 402,
              "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}")
          .expect(InsufficientBalanceException.class, "insufficient_quota", "You exceeded your current quota")
          .build())
      .error(ErrorFixture.builder("400 invalid request", 400,
              "{\"error\":{\"message\":\"Invalid value for 'size'\",\"type\":\"invalid_request_error\",\"code\":null}}")
          .expect(ProviderException.class, "invalid_request_error", "Invalid value for 'size'")
          .build())
      .error(ErrorFixture.builder("503 with a plain-text body", 503, "upstream unavailable, try later")
          .contentType("text/plain")
          // A body that is not JSON becomes one line: status, the text (whitespace collapsed), who sent it.
          .expect(ProviderException.class, null, "HTTP 503 upstream unavailable, try later from chainhub")
          .build())
      .build();
}
