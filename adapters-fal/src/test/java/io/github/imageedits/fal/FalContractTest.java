package io.github.imageedits.fal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.ImageSize;
import io.github.imageedits.InsufficientBalanceException;
import io.github.imageedits.Option;
import io.github.imageedits.ProviderException;
import io.github.imageedits.Quality;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.testkit.ErrorFixture;
import io.github.imageedits.testkit.ProviderContractKit;
import io.github.imageedits.testkit.ProviderProfile;
import io.github.imageedits.testkit.RecordedEdit;
import io.github.imageedits.testkit.ReplyFixture;
import io.github.imageedits.testkit.RequestReader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
      .authHeader("Authorization", "Key ")
      .requestReader(new FalInputReader())
      .options(b -> b.size(ImageSize.of(1024, 1024)).quality(Quality.HIGH).n(2))
      // Honoured under fal's own names.
      .wireFields(Option.N, Map.of("num_images", "2"))
      .wireFields(Option.SIZE, Map.of("image_size", "1024x1024"))
      .queue(ACCEPTED, "/" + TASK + "/status", COMPLETED, "/" + TASK)
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

  /**
   * Reads fal's model input back, independently of the adapter (docs.fal.ai/model-endpoints/queue:
   * the endpoint id is the path, the input the JSON body, the webhook {@code ?fal_webhook=}): the
   * model from the path; the prompt and options as the body's scalar members; {@code image_urls}
   * entries that are data URIs as images (their media type and decoded bytes), the others as URLs;
   * {@code mask_image_url} as the mask.
   */
  static final class FalInputReader implements RequestReader {
    private static final String IMAGES = "image_urls";
    private static final String MASK = "mask_image_url";
    private static final Pattern DATA_URI = Pattern.compile("data:([^;,]+);base64,(.*)", Pattern.DOTALL);

    @Override
    public Map<String, String> fields(RecordedEdit sent) {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("model", sent.path().substring(1));
      sent.json().forEach((name, value) -> {
        if (name.equals(IMAGES) || name.equals(MASK)) return;
        // JSON numbers parse as doubles: an integral one is the integer the adapter sent.
        fields.put(name, value instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue())
            : String.valueOf(value));
      });
      String webhook = sent.request().getUrl().queryParameter("fal_webhook");
      if (webhook != null) fields.put("callback_url", webhook);
      return fields;
    }

    @Override
    public List<RecordedEdit.FormPart> images(RecordedEdit sent) {
      List<RecordedEdit.FormPart> images = new ArrayList<>();
      for (String entry : entries(sent)) {
        if (entry.startsWith("data:")) images.add(decode(IMAGES, entry));
      }
      return images;
    }

    @Override
    public List<String> imageUrls(RecordedEdit sent) {
      return entries(sent).stream().filter(e -> !e.startsWith("data:")).toList();
    }

    @Override
    public RecordedEdit.FormPart mask(RecordedEdit sent) {
      Object mask = sent.json().get(MASK);
      if (mask == null) return null;
      assertThat(mask).as(MASK).isInstanceOf(String.class);
      return decode(MASK, (String) mask);
    }

    private static List<String> entries(RecordedEdit sent) {
      Object images = sent.json().get(IMAGES);
      assertThat(images).as("%s on the wire", IMAGES).isInstanceOf(List.class);
      List<String> entries = new ArrayList<>();
      for (Object entry : (List<?>) images) {
        assertThat(entry).as("an entry of %s", IMAGES).isInstanceOf(String.class);
        entries.add((String) entry);
      }
      return entries;
    }

    private static RecordedEdit.FormPart decode(String field, String dataUri) {
      Matcher m = DATA_URI.matcher(dataUri);
      assertThat(m.matches()).as("%s is a base64 data URI: %.40s…", field, dataUri).isTrue();
      return new RecordedEdit.FormPart(field, null, m.group(1), Base64.getDecoder().decode(m.group(2)));
    }
  }
}
