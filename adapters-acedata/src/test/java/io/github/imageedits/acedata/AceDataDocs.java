package io.github.imageedits.acedata;

import io.github.imageedits.testkit.TestImages;
import java.util.Base64;

/**
 * AceData's replies as its public documentation prints them, copied verbatim: the "OpenAI Images
 * Edits API" guide, https://platform.acedata.cloud/documents/251f1efa-aaa6-462e-8af4-66854b1bc94d
 * (its current edition, which adds gpt-image-2 and the nano-banana models, and an earlier edition
 * that used {@code /v1/images/edits}), and the API reference of {@code POST /openai/images/edits}
 * (the OpenAPI page of the same documentation). Where a document names a shape without printing a
 * body (an error code in a list, b64_json read by the curl example) or cuts a value short, the body
 * here is the documented shape with that code, field or a whole value, and says so.
 */
final class AceDataDocs {
  private AceDataDocs() {}

  /** A real PNG, base64-encoded: the b64_json of a synchronous reply. */
  static final String PNG_BASE64 =
      Base64.getEncoder().encodeToString(TestImages.pngBytes("acedata-reply", 16, 16));

  /** The guide's current edition, "Method 1: JSON + Image URL": the gpt-image-2 reply. */
  static final String GPT_IMAGE_2_REPLY = """
      {
        "success": true,
        "task_id": "cb104e35-af1f-45be-9fac-b62e2b256753",
        "trace_id": "3e5c77c6-6c2e-4bba-a42d-98ea049b58a8",
        "created": 1777048863,
        "data": [
          {
            "revised_prompt": "Convert this infographic to dark mode: dark navy background, light cream text, deep gray rounded module cards with soft shadows. Keep all layout, structure, and module arrangement identical — only invert the color scheme.",
            "url": "https://platform.cdn.acedata.cloud/gpt-image/cb104e35-af1f-45be-9fac-b62e2b256753_0.png"
          }
        ],
        "elapsed": 83.859
      }
      """;

  /** The image URL the guide sends with that request. */
  static final String GPT_IMAGE_2_INPUT_URL =
      "https://platform.cdn.acedata.cloud/gpt-image/5c9fa635-8794-4c6d-88f8-584d7f4716c6_0.png";

  static final String GPT_IMAGE_2_REVISED_PROMPT = "Convert this infographic to dark mode: dark navy"
      + " background, light cream text, deep gray rounded module cards with soft shadows. Keep all"
      + " layout, structure, and module arrangement identical — only invert the color scheme.";

  /**
   * The guide's current edition, "Calling via Form + Image URL": the nano-banana reply (created 0,
   * url only).
   */
  static final String NANO_BANANA_REPLY = """
      {
        "created": 0,
        "data": [
          {
            "url": "https://platform.cdn.acedata.cloud/nanobanana/311e95b6-5eb1-4c4a-8ee6-0cb03ee44f61.jpeg",
            "revised_prompt": "add a green leaf on top of the apple"
          }
        ]
      }
      """;

  /** The image URL the guide sends as a form field with nano-banana. */
  static final String NANO_BANANA_INPUT_URL =
      "https://platform.cdn.acedata.cloud/nanobanana/6870b330-65c4-436c-bb80-819fdae7a7a4.png";

  /** The guide, "Asynchronous Callback": the immediate reply to a callback_url request. */
  static final String TASK_ID_REPLY = """
      {
        "task_id": "6a97bf49-df50-4129-9e46-119aa9fca73c"
      }
      """;

  /** The webhook the guide passes as callback_url. */
  static final String CALLBACK_URL = "https://webhook.site/3d32690d-6780-4187-a65c-870061e8c8ab";

  /**
   * The guide's current edition: what AceData later POSTs to the callback_url. The guide cuts the
   * image short ({@code "b64_json": "iVBORw0KGgo..."}, not valid base64); here a whole PNG stands in
   * for it.
   */
  static final String CALLBACK_PAYLOAD = """
      {
        "success": true,
        "task_id": "6a97bf49-df50-4129-9e46-119aa9fca73c",
        "trace_id": "9b4b1ff3-90f2-470f-b082-1061ec2948cc",
        "data": {
          "created": 1721626477,
          "data": [
            {
              "b64_json": "%s"
            }
          ]
        }
      }
      """.formatted(AceDataDocs.PNG_BASE64);

  /**
   * AceData's task documentation: {@code POST /openai/tasks} {@code {"action":"retrieve","id":…}}
   * answers {@code {id, trace_id, type, request, response, created_at, finished_at, duration}};
   * here the task of the guide's callback example, still running. The document prints no example:
   * the values follow the callback example's ids and times.
   */
  static final String TASK_RUNNING = """
      {
        "id": "6a97bf49-df50-4129-9e46-119aa9fca73c",
        "trace_id": "9b4b1ff3-90f2-470f-b082-1061ec2948cc",
        "type": "images_edits",
        "request": {
          "model": "gpt-image-1",
          "prompt": "Create a lovely gift basket with these items in it",
          "callback_url": "https://webhook.site/3d32690d-6780-4187-a65c-870061e8c8ab"
        },
        "response": null,
        "created_at": 1721626400,
        "finished_at": null,
        "duration": null
      }
      """;

  /** The same task finished: {@code response} is the synchronous reply (with a whole PNG). */
  static final String TASK_FINISHED = """
      {
        "id": "6a97bf49-df50-4129-9e46-119aa9fca73c",
        "trace_id": "9b4b1ff3-90f2-470f-b082-1061ec2948cc",
        "type": "images_edits",
        "request": {
          "model": "gpt-image-1",
          "prompt": "Create a lovely gift basket with these items in it",
          "callback_url": "https://webhook.site/3d32690d-6780-4187-a65c-870061e8c8ab"
        },
        "response": {
          "success": true,
          "task_id": "6a97bf49-df50-4129-9e46-119aa9fca73c",
          "trace_id": "9b4b1ff3-90f2-470f-b082-1061ec2948cc",
          "created": 1721626477,
          "data": [
            {
              "b64_json": "%s"
            }
          ],
          "elapsed": 76.5
        },
        "created_at": 1721626400,
        "finished_at": 1721626477,
        "duration": 77.0
      }
      """.formatted(PNG_BASE64);

  /** The guide (both editions), "Error Response Example". */
  static final String API_ERROR = """
      {
        "success": false,
        "error": {
          "code": "api_error",
          "message": "fetch failed"
        },
        "trace_id": "2cf86e86-22a4-46e1-ac2f-032c0f2a4e89"
      }
      """;

  /**
   * The synchronous reply of the guide's current edition with {@code b64_json} in place of
   * {@code url}: the field the curl example of both editions reads
   * ({@code jq -r '.data[0].b64_json'}).
   */
  static final String B64_REPLY = """
      {
        "success": true,
        "task_id": "0f6d1c4e-5a7b-4c8d-9e0f-1a2b3c4d5e6f",
        "trace_id": "7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6",
        "created": 1721626477,
        "data": [
          {
            "b64_json": "%s"
          }
        ],
        "elapsed": 41.2
      }
      """.formatted(PNG_BASE64);

  /**
   * An error body in the documented shape {@code {success:false, error:{code, message}, trace_id}}
   * for {@code code}, with the document's description of that code as the message.
   */
  static String error(String code, String message, String traceId) {
    return """
        {
          "success": false,
          "error": {
            "code": "%s",
            "message": "%s"
          },
          "trace_id": "%s"
        }
        """.formatted(code, message, traceId);
  }
}
