package io.github.imageedits.client;

import java.util.Base64;

/** OpenAI's image edit events, as the official SDK receives them, for tests. */
final class StreamEvents {
  private StreamEvents() {}

  static String partial(int index, byte[] png) {
    return "event: image_edit.partial_image\n"
        + "data: {\"type\":\"image_edit.partial_image\",\"b64_json\":\"" + b64(png) + "\","
        + "\"partial_image_index\":" + index + ",\"size\":\"1024x1024\",\"quality\":\"high\","
        + "\"background\":\"opaque\",\"output_format\":\"png\",\"created_at\":" + (1750000000 + index) + "}\n\n";
  }

  static String completed(byte[] png) {
    return "event: image_edit.completed\n"
        + "data: {\"type\":\"image_edit.completed\",\"b64_json\":\"" + b64(png) + "\","
        + "\"size\":\"1024x1024\",\"quality\":\"high\",\"background\":\"opaque\",\"output_format\":\"png\","
        + "\"created_at\":1750000009,\"usage\":{\"input_tokens\":50,\"output_tokens\":4160,"
        + "\"total_tokens\":4210,\"input_tokens_details\":{\"text_tokens\":10,\"image_tokens\":40}}}\n\n";
  }

  static String error(String code, String message) {
    return "event: error\n"
        + "data: {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"code\":\"" + code
        + "\",\"message\":\"" + message + "\",\"param\":null}}\n\n";
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
