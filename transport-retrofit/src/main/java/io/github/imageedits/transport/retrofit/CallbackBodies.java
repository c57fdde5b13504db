package io.github.imageedits.transport.retrofit;

import io.github.imageedits.spi.WireReply;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Okio;

/**
 * Parses the body of a callback a provider POSTed to us with the reply reader, so a callback and
 * a reply become the same tree: the same streaming of {@code b64_json} to memory or a spill file,
 * the same limits. The reader takes an OkHttp response; the body is dressed as one (status 200).
 */
final class CallbackBodies {
  private static final Request ORIGIN = new Request.Builder().url("http://localhost/callback").build();

  private CallbackBodies() {}

  static WireReply read(ReplyReader reader, Map<String, List<String>> headers, InputStream body) throws IOException {
    MediaType type = contentType(headers);
    Response response = new Response.Builder()
        .request(ORIGIN)
        .protocol(Protocol.HTTP_1_1)
        .code(200)
        .message("OK")
        .body(ResponseBody.create(Okio.buffer(Okio.source(body)), type, -1))
        .build();
    try {
      WireReply parsed = reader.read(response);
      return new WireReply(parsed.status(), headers, parsed.json(), parsed.text());
    } catch (LimitExceededException e) {
      // Past maxJsonSize or maxImageSize: the port's way of saying so is a 413 with no tree.
      return new WireReply(413, headers, null, e.getMessage());
    }
  }

  private static MediaType contentType(Map<String, List<String>> headers) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey() != null && header.getKey().toLowerCase(Locale.ROOT).equals("content-type")
          && header.getValue() != null && !header.getValue().isEmpty()) {
        return MediaType.parse(header.getValue().get(0));
      }
    }
    return null;
  }
}
