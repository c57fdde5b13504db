package io.github.imageedits.testkit;

import static java.util.Objects.requireNonNull;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * An edit request as MockWebServer received it, with its body taken apart: the parts of a
 * multipart form (name, file name, content type, bytes) or the members of a JSON object. Parsing
 * is done here, independently of the transport that wrote the bytes.
 *
 * <pre>{@code
 * RecordedEdit sent = RecordedEdit.of(server.takeRequest());
 * assertThat(sent.part("image").filename()).isEqualTo("photo.png");
 * assertThat(sent.textFields()).containsEntry("model", "gpt-image-1");
 * }</pre>
 */
public final class RecordedEdit {
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);
  private final RecordedRequest request;
  private final byte[] body;
  private List<FormPart> parts;
  private Map<String, Object> json;

  private RecordedEdit(RecordedRequest request) {
    this.request = request;
    this.body = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
  }

  /** Wraps a request taken from MockWebServer. */
  public static RecordedEdit of(RecordedRequest request) {
    return new RecordedEdit(requireNonNull(request, "request == null"));
  }

  /** The request as MockWebServer recorded it. */
  public RecordedRequest request() {
    return request;
  }

  public String method() {
    return request.getMethod();
  }

  /** The path, without the query. */
  public String path() {
    return request.getUrl().encodedPath();
  }

  /** The first value of header {@code name}, or null. */
  public @Nullable String header(String name) {
    return request.getHeaders().get(name);
  }

  /** The Content-Type header, or null. */
  public @Nullable String contentType() {
    return header("Content-Type");
  }

  /** The media type of the body, lower case, without parameters, or an empty string. */
  public String mediaType() {
    String type = contentType();
    if (type == null) return "";
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  public boolean isMultipart() {
    return mediaType().equals("multipart/form-data");
  }

  public boolean isJson() {
    return mediaType().equals("application/json");
  }

  /** The raw body. */
  public byte[] body() {
    return body.clone();
  }

  /** Every part of a multipart body, in order. */
  public List<FormPart> parts() {
    if (parts == null) {
      if (!isMultipart()) throw new AssertionError("not a multipart/form-data body: " + contentType());
      parts = Collections.unmodifiableList(parseMultipart(body, boundary()));
    }
    return parts;
  }

  /** The parts named {@code name}, in order. */
  public List<FormPart> parts(String name) {
    return parts().stream().filter(p -> p.name().equals(name)).toList();
  }

  /** The one part named {@code name}; fails when there is none or more than one. */
  public FormPart part(String name) {
    List<FormPart> named = parts(name);
    if (named.size() != 1) {
      throw new AssertionError("expected one part named " + name + ", found " + named.size()
          + " among " + parts().stream().map(FormPart::name).toList());
    }
    return named.get(0);
  }

  /** The parts that carry a file name. */
  public List<FormPart> fileParts() {
    return parts().stream().filter(FormPart::isFile).toList();
  }

  /** The parts without a file name, as name to text, in order; fails on a repeated name. */
  public Map<String, String> textFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    for (FormPart part : parts()) {
      if (part.isFile()) continue;
      if (fields.put(part.name(), part.text()) != null) {
        throw new AssertionError("text field " + part.name() + " sent more than once");
      }
    }
    return fields;
  }

  /** The members of a JSON object body, in order, as Moshi reads them (numbers are doubles). */
  @SuppressWarnings("unchecked")
  public Map<String, Object> json() {
    if (json == null) {
      if (!isJson()) throw new AssertionError("not an application/json body: " + contentType());
      Object value;
      try {
        value = JSON.fromJson(new String(body, StandardCharsets.UTF_8));
      } catch (IOException | RuntimeException e) {
        throw new AssertionError("the JSON body does not parse: " + e.getMessage(), e);
      }
      if (!(value instanceof Map)) throw new AssertionError("the JSON body is not an object");
      json = Collections.unmodifiableMap((Map<String, Object>) value);
    }
    return json;
  }

  @Override
  public String toString() {
    return "RecordedEdit[" + method() + " " + path() + ", " + contentType() + ", " + body.length + " bytes]";
  }

  private String boundary() {
    String boundary = parameter(contentType(), "boundary");
    if (boundary == null || boundary.isEmpty()) throw new AssertionError("no boundary in " + contentType());
    return boundary;
  }

  /**
   * One part of a multipart form.
   *
   * @param name the field name from Content-Disposition
   * @param filename the file name from Content-Disposition, or null for a text field
   * @param contentType the part's Content-Type, or null
   * @param body the part's bytes
   */
  public record FormPart(String name, @Nullable String filename, @Nullable String contentType, byte[] body) {
    public FormPart {
      requireNonNull(name, "name == null");
      body = requireNonNull(body, "body == null").clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    /** The bytes as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** True when the part carries a file name. */
    public boolean isFile() {
      return filename != null;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof FormPart p && name.equals(p.name) && java.util.Objects.equals(filename, p.filename)
          && java.util.Objects.equals(contentType, p.contentType) && Arrays.equals(body, p.body);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
      return "FormPart[" + name + (filename == null ? "" : ", filename=" + filename)
          + (contentType == null ? "" : ", " + contentType) + ", "
          + (isFile() ? body.length + " bytes" : "'" + text() + "'") + "]";
    }
  }

  // RFC 7578: "--boundary" CRLF headers CRLF CRLF body CRLF "--boundary" ... "--boundary--".
  private static List<FormPart> parseMultipart(byte[] body, String boundary) {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    byte[] separator = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<FormPart> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    if (at < 0) throw new AssertionError("no boundary in the multipart body");
    at += delimiter.length;
    while (true) {
      if (startsWith(body, at, "--")) return parts;
      if (!startsWith(body, at, "\r\n")) throw new AssertionError("malformed multipart body at " + at);
      int start = at + 2;
      int end = indexOf(body, separator, start);
      if (end < 0) throw new AssertionError("multipart body not closed");
      parts.add(parsePart(Arrays.copyOfRange(body, start, end)));
      at = end + separator.length;
    }
  }

  private static FormPart parsePart(byte[] part) {
    byte[] blank = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    int headerEnd = indexOf(part, blank, 0);
    if (headerEnd < 0) throw new AssertionError("a multipart part without headers");
    String headers = new String(part, 0, headerEnd, StandardCharsets.UTF_8);
    byte[] content = Arrays.copyOfRange(part, headerEnd + blank.length, part.length);
    String disposition = null;
    String type = null;
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (name.equals("content-disposition")) disposition = value;
      if (name.equals("content-type")) type = value;
    }
    if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
      throw new AssertionError("a part without Content-Disposition: form-data: " + headers);
    }
    String name = parameter(disposition, "name");
    if (name == null) throw new AssertionError("a part without a name: " + disposition);
    return new FormPart(name, parameter(disposition, "filename"), type, content);
  }

  /** Parameter {@code key} of a header value like {@code form-data; name="a"; filename="b.png"}. */
  static String parameter(String header, String key) {
    if (header == null) return null;
    int i = header.indexOf(';');
    while (i >= 0 && i < header.length()) {
      int eq = header.indexOf('=', i);
      if (eq < 0) return null;
      String name = header.substring(i + 1, eq).trim();
      int at = eq + 1;
      String value;
      if (at < header.length() && header.charAt(at) == '"') {
        StringBuilder s = new StringBuilder();
        at++;
        while (at < header.length() && header.charAt(at) != '"') {
          char c = header.charAt(at++);
          if (c == '\\' && at < header.length()) c = header.charAt(at++);
          s.append(c);
        }
        value = s.toString();
        at++; // closing quote
        i = header.indexOf(';', at);
      } else {
        int semicolon = header.indexOf(';', at);
        value = (semicolon < 0 ? header.substring(at) : header.substring(at, semicolon)).trim();
        i = semicolon;
      }
      if (name.equalsIgnoreCase(key)) return value;
    }
    return null;
  }

  private static boolean startsWith(byte[] data, int at, String text) {
    byte[] prefix = text.getBytes(StandardCharsets.ISO_8859_1);
    if (at + prefix.length > data.length) return false;
    for (int i = 0; i < prefix.length; i++) {
      if (data[at + i] != prefix[i]) return false;
    }
    return true;
  }

  private static int indexOf(byte[] data, byte[] target, int from) {
    outer:
    for (int i = from; i <= data.length - target.length; i++) {
      for (int j = 0; j < target.length; j++) {
        if (data[i + j] != target[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
