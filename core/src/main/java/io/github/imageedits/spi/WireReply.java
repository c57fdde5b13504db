package io.github.imageedits.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP reply as the transport read it.
 *
 * <p>{@code json} is the parsed body when it was JSON: a tree of {@code Map<String, Object>},
 * {@code List<Object>}, {@code String}, {@code Double}, {@code Boolean} and null, in which the
 * transport may replace a large {@code b64_json} string (or one under a key the request's
 * {@link WireRequest#base64ImageKeys()} names) by an {@link io.github.imageedits.ImageData}
 * it streamed aside, and a {@code content} string that carries {@code data:image/…;base64,} URIs by
 * a list of its text ({@code String}) and its images ({@code ImageData}), in order. {@code text} is a bounded prefix of the raw body when it was not JSON (an HTML
 * error page, say), else null.
 *
 * @param status the HTTP status
 * @param headers the headers, names in lower case
 * @param json the parsed JSON body, or null
 * @param text a bounded prefix of a non-JSON body, or null
 */
public record WireReply(int status, Map<String, List<String>> headers, @Nullable Object json, @Nullable String text) {

  public WireReply {
    requireNonNull(headers, "headers == null");
    Map<String, List<String>> lower = new TreeMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    headers = java.util.Collections.unmodifiableMap(lower);
  }

  /** The first value of header {@code name} (any case), or null. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** True for 2xx. */
  public boolean successful() {
    return status >= 200 && status < 300;
  }
}
