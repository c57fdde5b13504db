package io.github.imageedits.testkit;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.ModerationException;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.Usage;
import java.util.Base64;

/** Replies and errors in the shapes OpenAI documents for its Images API. */
final class ReferenceFixtures {
  private ReferenceFixtures() {}

  /** A real PNG, so the kit's check of decoded bytes and format has something to bite on. */
  static final String PNG_BASE64 = Base64.getEncoder().encodeToString(TestImages.pngBytes("reply", 16, 16));

  static ProviderProfile.Builder plain() {
    return ProviderProfile.builder()
        .editPath("/v1/images/edits")
        .fileModel(ReferenceAdapter.FILE_MODEL)
        .requiredHeader("Accept", "application/json")
        .reply(ReplyFixture.builder("the images reply with b64_json and usage", """
            {
              "created": 1713833628,
              "data": [
                {
                  "b64_json": "%s"
                }
              ],
              "usage": {
                "total_tokens": 100,
                "input_tokens": 50,
                "output_tokens": 50,
                "input_tokens_details": {
                  "text_tokens": 10,
                  "image_tokens": 40
                }
              }
            }
            """.formatted(PNG_BASE64))
            .header("x-request-id", "req_5f1c2b")
            .expectBase64Image(PNG_BASE64, null)
            .expectCreated(1713833628)
            .expectUsage(new Usage(50, 50, 100))
            .expectRequestId("req_5f1c2b")
            .build())
        .reply(ReplyFixture.builder("the images reply with a url and a revised prompt", """
            {"created": 1589478378, "data": [{"url": "https://cdn.reference.invalid/a.png",
              "revised_prompt": "A cat wearing a red scarf"}]}
            """)
            .expectUrlImage("https://cdn.reference.invalid/a.png", "A cat wearing a red scarf")
            .expectCreated(1589478378)
            .build())
        .error(ErrorFixture.builder("401 invalid_api_key", 401, """
            {
              "error": {
                "message": "Incorrect API key provided.",
                "type": "invalid_request_error",
                "param": null,
                "code": "invalid_api_key"
              }
            }
            """)
            .header("x-request-id", "req_401")
            .expect(AuthenticationException.class, "invalid_api_key", "Incorrect API key provided.")
            .expectRequestId("req_401")
            .build())
        .error(ErrorFixture.builder("429 rate_limit_exceeded", 429, """
            {"error": {"message": "Rate limit reached.", "type": "requests", "param": null,
              "code": "rate_limit_exceeded"}}
            """)
            .expect(RateLimitException.class, "rate_limit_exceeded", "Rate limit reached.")
            .build())
        .error(ErrorFixture.builder("400 content_policy_violation", 400, """
            {"error": {"message": "Your request was rejected by the safety system.",
              "type": "image_generation_user_error", "param": null, "code": "content_policy_violation"}}
            """)
            .expect(ModerationException.class, "content_policy_violation",
                "Your request was rejected by the safety system.")
            .build())
        .error(ErrorFixture.builder("500 server_error", 500, """
            {"error": {"message": "The server had an error.", "type": "server_error", "param": null,
              "code": null}}
            """)
            .expect(ProviderException.class, "server_error", "The server had an error.")
            .build());
  }

  static ProviderProfile.Builder featured() {
    return plain()
        .callback(ReplyFixture.builder("the callback", """
            {"task_id": "ref-task-0001", "status": "succeeded", "created": 1777048900,
             "data": [{"url": "https://cdn.reference.invalid/async.png", "revised_prompt": "scarf"}]}
            """)
            .expectUrlImage("https://cdn.reference.invalid/async.png", "scarf")
            .expectCreated(1777048900)
            .expectTaskId("ref-task-0001")
            .build())
        .taskQuery("/v1/tasks/ref-task-0001", """
            {"id": "ref-task-0001", "status": "running", "result": null}
            """, ReplyFixture.builder("the finished task", """
            {"id": "ref-task-0001", "status": "succeeded", "result": {"task_id": "ref-task-0001",
             "created": 1777048901, "data": [{"b64_json": "%s"}]}}
            """.formatted(PNG_BASE64))
            .expectBase64Image(PNG_BASE64, null)
            .expectCreated(1777048901)
            .expectTaskId("ref-task-0001")
            .build())
        .urlModel(ReferenceAdapter.URL_MODEL)
        .reply(ReplyFixture.builder("the immediate task id of a callback request", """
            {"task_id": "ref-task-0001"}
            """)
            .sentWithCallbackUrl("https://hooks.reference.invalid/done")
            .expectTaskId("ref-task-0001")
            .build())
        .reply(ReplyFixture.builder("the reply to an image URL", """
            {"created": 1777048863, "trace_id": "trace-ref-1",
             "data": [{"url": "https://cdn.reference.invalid/u.png", "revised_prompt": "dark mode"}],
             "elapsed": 12.5}
            """)
            .sentWithModel(ReferenceAdapter.URL_MODEL)
            .sentWithImageUrl("https://images.reference.invalid/in.png")
            .expectUrlImage("https://cdn.reference.invalid/u.png", "dark mode")
            .expectCreated(1777048863)
            .expectTraceId("trace-ref-1")
            .expectElapsed(java.time.Duration.ofMillis(12_500))
            .build());
  }
}
