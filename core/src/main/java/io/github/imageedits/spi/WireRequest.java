package io.github.imageedits.spi;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.ImageSource;
import io.github.imageedits.Timeouts;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP request as an adapter describes it, for the transport to send. The body is either a
 * multipart form (files stream from their source) or a JSON object.
 *
 * <pre>{@code
 * WireRequest wire = WireRequest.builder()
 *     .method("POST")
 *     .url(context.resolve("/v1/images/edits"))
 *     .header("Authorization", "Bearer " + context.apiKey().reveal())
 *     .body(new WireRequest.Json(fields))
 *     .build();
 * WireRequest slower = wire.toBuilder().timeouts(timeouts).build();
 * }</pre>
 */
public final class WireRequest {
  private final String method;
  private final URI url;
  private final Map<String, String> headers;
  private final Body body;
  private final Timeouts timeouts;
  private final java.util.Set<String> base64ImageKeys;

  private WireRequest(Builder b) {
    this.method = requireNonNull(b.method, "method == null");
    this.url = requireNonNull(b.url, "url == null");
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.body = b.body;
    this.timeouts = b.timeouts;
    this.base64ImageKeys = java.util.Set.copyOf(b.base64ImageKeys);
  }

  /** Starts a request; the method and the URL are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder().method(method).url(url).headers(headers).body(body).timeouts(timeouts)
        .base64ImageKeys(base64ImageKeys);
  }

  /** The HTTP method. */
  public String method() {
    return method;
  }

  /** The full URL. */
  public URI url() {
    return url;
  }

  /** Headers in order; credentials ({@code Authorization}, {@code x-goog-api-key}, …) are redacted by {@link #toString()}. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The body, or null for none. */
  public @Nullable Body body() {
    return body;
  }

  /** Bounds on waiting for this request that override the transport's, or null. */
  public @Nullable Timeouts timeouts() {
    return timeouts;
  }

  /**
   * The keys of the reply's JSON whose string values are base64 images, besides {@code b64_json}
   * (which always is): the transport decodes them while it reads, into memory or a spill file,
   * never into a String, and puts an {@link io.github.imageedits.ImageData} in their place. A key
   * may be qualified by the key of the object it sits in: {@code "inlineData.data"} matches
   * {@code data} only inside an {@code inlineData} object. Empty by default.
   */
  public java.util.Set<String> base64ImageKeys() {
    return base64ImageKeys;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WireRequest r && method.equals(r.method) && url.equals(r.url)
        && headers.equals(r.headers) && Objects.equals(body, r.body) && Objects.equals(timeouts, r.timeouts)
        && base64ImageKeys.equals(r.base64ImageKeys);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, url, headers, body, timeouts, base64ImageKeys);
  }

  @Override
  public String toString() {
    String shown = headers.entrySet().stream()
        .map(e -> e.getKey() + "=" + (secret(e.getKey()) ? "██" : e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
    return "WireRequest[" + method + " " + url + ", headers=" + shown + ", body=" + body
        + (timeouts == null ? "" : ", " + timeouts)
        + (base64ImageKeys.isEmpty() ? "" : ", base64ImageKeys=" + base64ImageKeys) + "]";
  }

  /** Headers that carry credentials: Authorization, api-key, x-goog-api-key, X-Auth-Token and the like. */
  private static boolean secret(String header) {
    String name = header.toLowerCase(java.util.Locale.ROOT);
    return name.contains("auth") || name.contains("key") || name.contains("token") || name.contains("secret");
  }

  /** Builds a {@link WireRequest}. */
  public static final class Builder {
    private String method;
    private URI url;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Body body;
    private Timeouts timeouts;
    private final java.util.Set<String> base64ImageKeys = new java.util.LinkedHashSet<>();

    private Builder() {}

    /** The HTTP method, for example {@code POST}. */
    public Builder method(String method) {
      this.method = requireNonNull(method, "method == null");
      return this;
    }

    /** The full URL. */
    public Builder url(URI url) {
      this.url = requireNonNull(url, "url == null");
      return this;
    }

    /** Replaces the headers with {@code headers}, in their order. */
    public Builder headers(Map<String, String> headers) {
      requireNonNull(headers, "headers == null");
      this.headers.clear();
      this.headers.putAll(headers);
      return this;
    }

    /** Adds or replaces one header. */
    public Builder header(String name, String value) {
      headers.put(requireNonNull(name, "name == null"), requireNonNull(value, "value == null"));
      return this;
    }

    /** The body, or null for none (the default). */
    public Builder body(@Nullable Body body) {
      this.body = body;
      return this;
    }

    /** Bounds that override the transport's for this request; null (the default) keeps them. */
    public Builder timeouts(@Nullable Timeouts timeouts) {
      this.timeouts = timeouts;
      return this;
    }

    /**
     * Replaces the reply keys whose string values are base64 images (see
     * {@link WireRequest#base64ImageKeys()}), for example {@code Set.of("inlineData.data")}.
     */
    public Builder base64ImageKeys(java.util.Set<String> keys) {
      requireNonNull(keys, "keys == null");
      for (String key : keys) {
        if (requireNonNull(key, "key == null").isEmpty() || key.startsWith(".") || key.endsWith(".")) {
          throw new IllegalArgumentException("not a key or parent.key: '" + key + "'");
        }
      }
      base64ImageKeys.clear();
      base64ImageKeys.addAll(keys);
      return this;
    }

    /** @throws NullPointerException when the method or the URL is missing */
    public WireRequest build() {
      return new WireRequest(this);
    }
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
   * A JSON object body. Values are String, Number, Boolean, null, {@link Base64Value}, or List or
   * Map of those.
   */
  public record Json(Map<String, Object> fields) implements Body {
    public Json {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(fields, "fields == null")));
    }
  }

  /**
   * A JSON string value holding an image's bytes in base64 (standard alphabet, padded), after an
   * optional plain-text prefix, which the transport encodes while it streams the image from its
   * source into the request: a body carrying a large file never holds the file, nor its base64
   * text, in memory. For providers whose JSON bodies embed images inline, for example Gemini's
   * {@code inlineData.data}, or as data URIs ({@link #dataUri}), for example fal's
   * {@code image_urls}.
   *
   * <pre>{@code
   * Map<String, Object> inline = Map.of("mimeType", "image/png",
   *     "data", new WireRequest.Base64Value(ImageSource.file(path)));
   * }</pre>
   *
   * @param source a file or bytes; a URL is refused
   * @param prefix text written before the base64 as it is: printable ASCII without {@code "} or
   *     {@code \}, so it needs no JSON escaping
   */
  public record Base64Value(ImageSource source, String prefix) {
    public Base64Value {
      requireNonNull(source, "source == null");
      requireNonNull(prefix, "prefix == null");
      if (source instanceof ImageSource.UrlImage) {
        throw new IllegalArgumentException("a URL image has no bytes to encode: " + source.describe());
      }
      for (int i = 0; i < prefix.length(); i++) {
        char c = prefix.charAt(i);
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
          throw new IllegalArgumentException("a prefix is printable ASCII without \" or \\: " + prefix);
        }
      }
    }

    /** The bytes of {@code source} in base64, with no prefix. */
    public Base64Value(ImageSource source) {
      this(source, "");
    }

    /**
     * The bytes of {@code source} as a data URI ({@code data:image/png;base64,…}, RFC 2397), which
     * providers that take image URLs often accept in their place.
     */
    public static Base64Value dataUri(ImageSource source, String mediaType) {
      requireNonNull(mediaType, "mediaType == null");
      return new Base64Value(source, "data:" + mediaType + ";base64,");
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
