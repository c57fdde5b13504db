package io.github.imageedits.transport.retrofit;

import io.github.imageedits.spi.WireRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.RequestBody;
import okio.Buffer;
import com.squareup.moshi.JsonWriter;

/** Turns a {@link WireRequest} into a Retrofit call; nothing is read or sent here. */
final class RequestFactory {
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private RequestFactory() {}

  /**
   * The call for {@code wire} to {@code url} (already checked), built by Retrofit from
   * {@link ProviderApi}; nothing is sent until it is executed. The request carries
   * {@code userAgent} unless the adapter set a User-Agent of its own.
   */
  static HttpCall create(ProviderApi api, WireRequest wire, HttpUrl url, CallState state,
      String userAgent) {
    String method = wire.method().toUpperCase(Locale.ROOT);
    RequestBody body = body(wire.body());
    if (!method.equals("POST") && !method.equals("GET")) {
      throw new IllegalArgumentException("unsupported HTTP method: " + wire.method());
    }
    if (method.equals("GET") && body != null) {
      throw new IllegalArgumentException("a GET request cannot carry a body");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    boolean ownAgent = false;
    for (Map.Entry<String, String> header : wire.headers().entrySet()) {
      // Checked here, not by OkHttp: OkHttp's message quotes the value for most headers, and a
      // key must never reach a message.
      if (!sendable(header.getKey(), header.getValue())) {
        throw new IllegalArgumentException("header '" + header.getKey()
            + "' has a name or value that cannot be sent (control or non-ASCII characters)");
      }
      ownAgent |= header.getKey().equalsIgnoreCase("User-Agent");
      headers.put(header.getKey(), header.getValue());
    }
    if (!ownAgent) headers.put("User-Agent", userAgent);
    return method.equals("GET")
        ? api.get(url, headers, state)
        : api.post(url, headers, new SendOnceBody(body == null ? RequestBody.EMPTY : body, state.progress), state);
  }

  /**
   * What OkHttp accepts in a header ({@code Headers.Builder} checks the same): a non-empty name of
   * printable ASCII without spaces, a value of printable ASCII and tabs. A loop over the characters,
   * not a trial {@code Headers} per header: this runs for every header of every call.
   */
  static boolean sendable(String name, String value) {
    if (name == null || value == null || name.isEmpty()) return false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= 0x20 || c >= 0x7f) return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7f) return false;
    }
    return true;
  }

  static RequestBody body(WireRequest.Body body) {
    if (body == null) return null;
    if (body instanceof WireRequest.Multipart multipart) return multipart(multipart.parts());
    Map<String, Object> fields = ((WireRequest.Json) body).fields();
    return StreamingJsonBody.streams(fields) ? new StreamingJsonBody(fields) : json(fields);
  }

  private static RequestBody multipart(List<WireRequest.Part> parts) {
    if (parts.isEmpty()) throw new IllegalArgumentException("a multipart body needs at least one part");
    MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
    for (WireRequest.Part part : parts) {
      if (part instanceof WireRequest.FilePart file) {
        form.addFormDataPart(file.name(), file.filename(), new ImagePartBody(file));
      } else {
        WireRequest.TextPart text = (WireRequest.TextPart) part;
        form.addFormDataPart(text.name(), text.value());
      }
    }
    return form.build();
  }

  /**
   * JSON bodies without images are small (URLs and options), so they are written to a buffer first;
   * those with {@link WireRequest.Base64Value images} stream ({@link StreamingJsonBody}).
   */
  static RequestBody json(Map<String, Object> fields) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true);
      write(writer, fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    return RequestBody.create(buffer.readByteString(), JSON);
  }

  static void write(JsonWriter writer, Object value) throws IOException {
    if (value == null) {
      writer.nullValue();
    } else if (value instanceof String s) {
      writer.value(s);
    } else if (value instanceof Boolean b) {
      writer.value(b.booleanValue());
    } else if (value instanceof Number n) {
      writer.value(n);
    } else if (value instanceof Map<?, ?> map) {
      writer.beginObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new IllegalArgumentException("JSON object keys must be strings at " + writer.getPath());
        }
        writer.name(key);
        write(writer, entry.getValue());
      }
      writer.endObject();
    } else if (value instanceof List<?> list) {
      writer.beginArray();
      for (Object item : list) write(writer, item);
      writer.endArray();
    } else if (value instanceof WireRequest.Base64Value) {
      throw new IllegalStateException("an image value is streamed by StreamingJsonBody");
    } else {
      throw new IllegalArgumentException("cannot write a " + value.getClass().getName()
          + " as JSON at " + writer.getPath() + "; use String, Number, Boolean, List or Map");
    }
  }
}
