package io.github.imageedits.fal;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.InsufficientBalanceException;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ErrorFixture;
import io.github.imageedits.testkit.ProviderContractKit;
import io.github.imageedits.testkit.ProviderProfile;
import io.github.imageedits.testkit.ReplyFixture;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/**
 * fal's adapter, with the real transport and validator, against the whole contract kit: a JSON
 * body with data URIs, {@code Authorization: Key}, and the queue (submission, status, result).
 * Shapes from docs.fal.ai/model-endpoints/queue and /webhooks and the gpt-image-1.5 edit schema.
 */
@DisplayName("fal")
class FalContractTest extends ProviderContractKit {
  static final String MODEL = "fal-ai/gpt-image-1.5/edit";
  static final String REQUEST_ID = "764cabcf-b745-4b3e-ae38-1200304cf45b";
  /** fal queues the edit under the owner and alias: the endpoint's sub-path is not in it. */
  static final String TASK = "fal-ai/gpt-image-1.5/requests/" + REQUEST_ID;
  private static final String QUEUE = "https://queue.fal.run/" + TASK;

  static final String ACCEPTED = """
      {"status": "IN_QUEUE", "request_id": "%s", "response_url": "%s", "status_url": "%s/status",
       "cancel_url": "%s/cancel", "logs": null, "metrics": {}, "queue_position": 0}"""
      .formatted(REQUEST_ID, QUEUE, QUEUE, QUEUE);
  static final String RUNNING = """
      {"status": "IN_PROGRESS", "request_id": "%s", "response_url": "%s", "status_url": "%s/status",
       "cancel_url": "%s/cancel", "logs": null, "metrics": {}}""".formatted(REQUEST_ID, QUEUE, QUEUE, QUEUE);
  static final String COMPLETED = """
      {"status": "COMPLETED", "request_id": "%s", "response_url": "%s", "status_url": "%s/status",
       "cancel_url": "%s/cancel", "logs": null, "metrics": {"inference_time": 11.42}}"""
      .formatted(REQUEST_ID, QUEUE, QUEUE, QUEUE);
  static final String RESULT = """
      {"images": [{"url": "https://v3.fal.media/files/penguin/7dJk3e_scarf-cat.png", "content_type": "image/png",
                   "file_name": "scarf-cat.png", "file_size": 1456210, "width": 1024, "height": 1024}]}""";
  static final String TWO_RESULTS = """
      {"images": [{"url": "https://v3.fal.media/files/koala/a1_edit.jpeg", "content_type": "image/jpeg",
                   "width": 1536, "height": 1024},
                  {"url": "https://v3.fal.media/files/koala/a2_edit.jpeg", "content_type": "image/jpeg",
                   "width": 1536, "height": 1024}]}""";
  static final String WEBHOOK = """
      {"request_id": "%s", "gateway_request_id": "%s", "status": "OK",
       "payload": {"images": [{"url": "https://v3.fal.media/files/penguin/7dJk3e_scarf-cat.png",
                               "content_type": "image/png", "width": 1024, "height": 1024}]}}"""
      .formatted(REQUEST_ID, REQUEST_ID);

  @Override
  protected ProviderAdapter adapter() {
    return new Fal();
  }

  @Override
  protected ProviderProfile profile() {
    return PROFILE;
  }

  static final ProviderProfile PROFILE = ProviderProfile.builder()
      .editPath("/" + MODEL)
      .fileModel(MODEL)
      .urlModel(MODEL)
      .requiredHeader("Accept", "application/json")
      .shape(ProviderProfile.Shape.builder()
          .authorization("Authorization", "Key ")
          .jsonBody("image_urls", "mask_image_url", false, Map.of("n", "num_images", "size", "image_size"))
          .queue(ACCEPTED, "/" + TASK + "/status", COMPLETED, "/" + TASK)
          .callbackQuery("fal_webhook")
          .build())
      .reply(ReplyFixture.builder("the result of a completed request, fetched from its response_url", RESULT)
          .header("x-fal-request-id", REQUEST_ID)
          .expectUrlImage("https://v3.fal.media/files/penguin/7dJk3e_scarf-cat.png", null)
          .expectTaskId(TASK)
          .expectRequestId(REQUEST_ID)
          .build())
      .reply(ReplyFixture.builder("a result with two images (num_images 2)", TWO_RESULTS)
          .expectUrlImage("https://v3.fal.media/files/koala/a1_edit.jpeg", null)
          .expectUrlImage("https://v3.fal.media/files/koala/a2_edit.jpeg", null)
          .expectTaskId(TASK)
          .build())
      .reply(ReplyFixture.builder("the queue's answer to a submission with a webhook", ACCEPTED)
          .sentWithCallbackUrl("https://hooks.example.com/fal/kit")
          .expectTaskId(TASK)
          .expectRequestId(REQUEST_ID)
          .build())
      .callback(ReplyFixture.builder("the webhook of a request that succeeded", WEBHOOK)
          .expectUrlImage("https://v3.fal.media/files/penguin/7dJk3e_scarf-cat.png", null)
          .expectTaskId(TASK)
          .build())
      .taskQuery("/" + TASK + "/status", RUNNING,
          ReplyFixture.builder("the result after the status said COMPLETED", RESULT)
              .header("x-fal-request-id", REQUEST_ID)
              .expectUrlImage("https://v3.fal.media/files/penguin/7dJk3e_scarf-cat.png", null)
              .expectTaskId(TASK)
              .expectRequestId(REQUEST_ID)
              .build())
      .error(ErrorFixture.builder("422 an input that fails the endpoint's schema", 422, """
              {"detail": [{"loc": ["body", "image_urls"], "msg": "field required", "type": "value_error.missing"}]}""")
          .header("x-fal-request-id", "c0ffee00-1111-2222-3333-444455556666")
          .expect(ProviderException.class, "value_error.missing", "body.image_urls: field required")
          .expectRequestId("c0ffee00-1111-2222-3333-444455556666")
          .build())
      .error(ErrorFixture.builder("401 no valid key", 401, """
              {"detail": "Authentication is required to access this application."}""")
          .expect(AuthenticationException.class, null, "Authentication is required to access this application.")
          .build())
      .error(ErrorFixture.builder("403 a user locked for an exhausted balance", 403, """
              {"detail": "User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing."}""")
          .expect(InsufficientBalanceException.class, null,
              "User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing.")
          .build())
      .error(ErrorFixture.builder("429 rate limited", 429, """
              {"detail": "Too many requests"}""")
          .expect(RateLimitException.class, null, "Too many requests")
          .build())
      .error(ErrorFixture.builder("500 with an error type", 500, """
              {"detail": "Internal server error", "error_type": "internal_server_error"}""")
          .header("x-fal-request-id", "deadbeef-1111-2222-3333-444455556666")
          .expect(ProviderException.class, "internal_server_error", "Internal server error")
          .expectRequestId("deadbeef-1111-2222-3333-444455556666")
          .build())
      .build();
}
