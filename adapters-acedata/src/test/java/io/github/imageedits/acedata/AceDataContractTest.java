package io.github.imageedits.acedata;

import static io.github.imageedits.acedata.AceDataDocs.error;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.InsufficientBalanceException;
import io.github.imageedits.ModerationException;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ErrorFixture;
import io.github.imageedits.testkit.ProviderContractKit;
import io.github.imageedits.testkit.ProviderProfile;
import io.github.imageedits.testkit.ReplyFixture;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

/** AceData's adapter, with the real transport and validator, against the whole contract kit. */
@DisplayName("AceData Cloud")
class AceDataContractTest extends ProviderContractKit {

  // AceData's Images Edits guide describes each code in one sentence; the 400s and the 401 share
  // theirs.
  private static final String BAD_REQUEST = "Bad request, possibly due to missing or invalid parameters.";
  private static final String UNAUTHORIZED = "Unauthorized, invalid or missing authorization token.";

  @Override
  protected ProviderAdapter adapter() {
    return new AceData();
  }

  @Override
  protected ProviderProfile profile() {
    return PROFILE;
  }

  static final ProviderProfile PROFILE = ProviderProfile.builder()
      .editPath("/openai/images/edits")
      .fileModel("gpt-image-1")
      .urlModel("gpt-image-2")
      .requiredHeader("Accept", "application/json")
      .reply(ReplyFixture.builder("the synchronous gpt-image-2 reply to an image URL (Images Edits guide)",
              AceDataDocs.GPT_IMAGE_2_REPLY)
          .sentWithModel("gpt-image-2")
          .sentWithImageUrl(AceDataDocs.GPT_IMAGE_2_INPUT_URL)
          .header("x-request-id", "0b7e5f1a-8c2d-4e3f-9a1b-2c3d4e5f6a7b")
          .expectUrlImage("https://platform.cdn.acedata.cloud/gpt-image/cb104e35-af1f-45be-9fac-b62e2b256753_0.png",
              AceDataDocs.GPT_IMAGE_2_REVISED_PROMPT)
          .expectCreated(1777048863)
          .expectTaskId("cb104e35-af1f-45be-9fac-b62e2b256753")
          .expectTraceId("3e5c77c6-6c2e-4bba-a42d-98ea049b58a8")
          .expectRequestId("0b7e5f1a-8c2d-4e3f-9a1b-2c3d4e5f6a7b")
          .expectElapsed(Duration.ofMillis(83_859))
          .build())
      .reply(ReplyFixture.builder("the synchronous reply with b64_json, as the curl example reads it (Images Edits guide)",
              AceDataDocs.B64_REPLY)
          .expectBase64Image(AceDataDocs.PNG_BASE64, null)
          .expectCreated(1721626477)
          .expectTaskId("0f6d1c4e-5a7b-4c8d-9e0f-1a2b3c4d5e6f")
          .expectTraceId("7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6")
          .expectElapsed(Duration.ofMillis(41_200))
          .build())
      .reply(ReplyFixture.builder("the nano-banana reply: created 0, a url only (Images Edits guide)",
              AceDataDocs.NANO_BANANA_REPLY)
          .sentWithModel("nano-banana")
          .sentWithImageUrl(AceDataDocs.NANO_BANANA_INPUT_URL)
          .expectUrlImage("https://platform.cdn.acedata.cloud/nanobanana/311e95b6-5eb1-4c4a-8ee6-0cb03ee44f61.jpeg",
              "add a green leaf on top of the apple")
          .expectCreated(0)
          .build())
      .reply(ReplyFixture.builder("the immediate task id of a callback_url request (Images Edits guide)",
              AceDataDocs.TASK_ID_REPLY)
          .sentWithCallbackUrl(AceDataDocs.CALLBACK_URL)
          .expectTaskId("6a97bf49-df50-4129-9e46-119aa9fca73c")
          .build())
      .callback(ReplyFixture.builder("the callback payload of the Images Edits guide, the image one level deeper",
              AceDataDocs.CALLBACK_PAYLOAD)
          .expectBase64Image(AceDataDocs.PNG_BASE64, null)
          .expectCreated(1721626477)
          .expectTaskId("6a97bf49-df50-4129-9e46-119aa9fca73c")
          .expectTraceId("9b4b1ff3-90f2-470f-b082-1061ec2948cc")
          .build())
      .taskQuery("/openai/tasks", AceDataDocs.TASK_RUNNING,
          ReplyFixture.builder("the finished task record", AceDataDocs.TASK_FINISHED)
              .sentWithModel("gpt-image-1")
              .expectBase64Image(AceDataDocs.PNG_BASE64, null)
              .expectCreated(1721626477)
              .expectTaskId("6a97bf49-df50-4129-9e46-119aa9fca73c")
              .expectTraceId("9b4b1ff3-90f2-470f-b082-1061ec2948cc")
              .expectElapsed(Duration.ofMillis(76_500))
              .build())
      // AceData's Images Edits guide lists five codes with their status; its spec and SDK add seven
      // more. The statuses of those seven follow AceData's SDK tests (used_up 403) and HTTP's meaning.
      .error(ErrorFixture.builder("400 token_mismatched", 400,
              error("token_mismatched", BAD_REQUEST, "a1f0c6de-5c2b-4f8e-9d3a-7b6c5d4e3f21"))
          .expect(ProviderException.class, "token_mismatched", BAD_REQUEST)
          .expectTraceId("a1f0c6de-5c2b-4f8e-9d3a-7b6c5d4e3f21")
          .build())
      .error(ErrorFixture.builder("400 api_not_implemented", 400,
              error("api_not_implemented", BAD_REQUEST, "b2e1d7ef-6d3c-4a9f-8e4b-8c7d6e5f4a32"))
          .expect(ProviderException.class, "api_not_implemented", BAD_REQUEST)
          .expectTraceId("b2e1d7ef-6d3c-4a9f-8e4b-8c7d6e5f4a32")
          .build())
      .error(ErrorFixture.builder("400 bad_request", 400,
              error("bad_request", "size must be auto or WIDTHxHEIGHT", "c3f2e8a0-7e4d-4b0a-9f5c-9d8e7f6a5b43"))
          .expect(ProviderException.class, "bad_request", "size must be auto or WIDTHxHEIGHT")
          .expectTraceId("c3f2e8a0-7e4d-4b0a-9f5c-9d8e7f6a5b43")
          .build())
      .error(ErrorFixture.builder("401 invalid_token", 401,
              error("invalid_token", UNAUTHORIZED, "d4a3f9b1-8f5e-4c1b-a06d-0e9f8a7b6c54"))
          .header("x-request-id", "req-401-invalid-token")
          .expect(AuthenticationException.class, "invalid_token", UNAUTHORIZED)
          .expectTraceId("d4a3f9b1-8f5e-4c1b-a06d-0e9f8a7b6c54")
          .expectRequestId("req-401-invalid-token")
          .build())
      .error(ErrorFixture.builder("401 token_expired", 401,
              error("token_expired", "The token has expired.", "e5b4a0c2-9a6f-4d2c-b17e-1f0a9b8c7d65"))
          .expect(AuthenticationException.class, "token_expired", "The token has expired.")
          .expectTraceId("e5b4a0c2-9a6f-4d2c-b17e-1f0a9b8c7d65")
          .build())
      .error(ErrorFixture.builder("401 no_token", 401,
              error("no_token", "No token was given.", "f6c5b1d3-0b7a-4e3d-c28f-2a1b0c9d8e76"))
          .expect(AuthenticationException.class, "no_token", "No token was given.")
          .expectTraceId("f6c5b1d3-0b7a-4e3d-c28f-2a1b0c9d8e76")
          .build())
      .error(ErrorFixture.builder("403 disabled", 403,
              error("disabled", "The token is disabled.", "07d6c2e4-1c8b-4f4e-d39a-3b2c1d0e9f87"))
          .expect(AuthenticationException.class, "disabled", "The token is disabled.")
          .expectTraceId("07d6c2e4-1c8b-4f4e-d39a-3b2c1d0e9f87")
          .build())
      .error(ErrorFixture.builder("403 used_up", 403,
              error("used_up", "Balance insufficient", "18e7d3f5-2d9c-4a5f-e4ab-4c3d2e1f0a98"))
          .expect(InsufficientBalanceException.class, "used_up", "Balance insufficient")
          .expectTraceId("18e7d3f5-2d9c-4a5f-e4ab-4c3d2e1f0a98")
          .build())
      .error(ErrorFixture.builder("403 forbidden", 403,
              error("forbidden", "The content was refused by moderation.", "29f8e4a6-3e0d-4b6a-f5bc-5d4e3f2a1b09"))
          .expect(ModerationException.class, "forbidden", "The content was refused by moderation.")
          .expectTraceId("29f8e4a6-3e0d-4b6a-f5bc-5d4e3f2a1b09")
          .build())
      .error(ErrorFixture.builder("429 too_many_requests", 429,
              error("too_many_requests", "Too many requests, you have exceeded the rate limit.",
                  "3a09f5b7-4f1e-4c7b-06cd-6e5f4a3b2c1a"))
          .expect(RateLimitException.class, "too_many_requests", "Too many requests, you have exceeded the rate limit.")
          .expectTraceId("3a09f5b7-4f1e-4c7b-06cd-6e5f4a3b2c1a")
          .build())
      .error(ErrorFixture.builder("500 api_error, the documented example (Images Edits guide)", 500, AceDataDocs.API_ERROR)
          .header("x-request-id", "req-500-api-error")
          .expect(ProviderException.class, "api_error", "fetch failed")
          .expectTraceId("2cf86e86-22a4-46e1-ac2f-032c0f2a4e89")
          .expectRequestId("req-500-api-error")
          .build())
      .error(ErrorFixture.builder("504 timeout", 504,
              error("timeout", "The upstream did not answer in time.", "4b1a06c8-5a2f-4d8c-17de-7f6a5b4c3d2b"))
          .expect(ProviderException.class, "timeout", "The upstream did not answer in time.")
          .expectTraceId("4b1a06c8-5a2f-4d8c-17de-7f6a5b4c3d2b")
          .build())
      .build();
}
