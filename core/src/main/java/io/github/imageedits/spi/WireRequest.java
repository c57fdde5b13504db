package io.github.imageedits.spi;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.ImageSource;
import io.github.imageedits.Timeouts;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An HTTP request as an adapter describes it, for the transport to send. The body is either a
 * multipart form (files stream from their source) or a JSON object.
 *
 * @param method the HTTP method
 * @param url the full URL
 * @param headers headers in order; {@code Authorization} is redacted by {@link #toString()}
 * @param body the body, or null for none
 * @param timeouts bounds on waiting for this request that override the transport's, or null
 */
public record WireRequest(String method, URI url, Map<String, String> headers, Body body, Timeouts timeouts) {

  public WireRequest {
    requireNonNull(method, "method == null");
    requireNonNull(url, "url == null");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(headers, "headers == null")));
  }

  /** A request with the transport's own timeouts. */
  public WireRequest(String method, URI url, Map<String, String> headers, Body body) {
    this(method, url, headers, body, null);
  }

  /** This request with {@code timeouts} (null for the transport's own). */
  public WireRequest withTimeouts(Timeouts timeouts) {
    return new WireRequest(method, url, headers, body, timeouts);
  }

  @Override
  public String toString() {
    String shown = headers.entrySet().stream()
        .map(e -> e.getKey() + "=" + (e.getKey().equalsIgnoreCase("authorization") ? "██" : e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
    return "WireRequest[" + method + " " + url + ", headers=" + shown + ", body=" + body
        + (timeouts == null ? "" : ", " + timeouts) + "]";
  }

  /** A request body. */
  public sealed interface Body permits Multipart, Json {}

  /** A multipart/form-data body: parts in order. */
  public record Multipart(List<Part> parts) implements Body {
    public Multipart {
      parts = List.copyOf(requireNonNull(parts, "parts == null"));
    }
  }

  /**
   * A JSON object body. Values are String, Number, Boolean, List or Map of those.
   */
  public record Json(Map<String, Object> fields) implements Body {
    public Json {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(fields, "fields == null")));
    }
  }

  /** One part of a multipart form. */
  public sealed interface Part permits TextPart, FilePart {
    String name();
  }

  /** A text field. */
  public record TextPart(String name, String value) implements Part {
    public TextPart {
      requireNonNull(name, "name == null");
      requireNonNull(value, "value == null");
    }
  }

  /**
   * A file field, streamed from its source.
   *
   * @param name the field name, for example {@code image} or {@code image[]}
   * @param filename the file name sent in Content-Disposition
   * @param contentType the real media type, for example {@code image/png}
   * @param source a file or bytes
   * @param length the length in bytes
   */
  public record FilePart(String name, String filename, String contentType, ImageSource source, long length)
      implements Part {
    public FilePart {
      requireNonNull(name, "name == null");
      requireNonNull(filename, "filename == null");
      requireNonNull(contentType, "contentType == null");
      requireNonNull(source, "source == null");
      if (source instanceof ImageSource.UrlImage) {
        throw new IllegalArgumentException("a URL image is not a file part: " + source.describe());
      }
    }
  }
}
