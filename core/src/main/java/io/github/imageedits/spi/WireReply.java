package io.github.imageedits.spi;

import static java.util.Objects.requireNonNull;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
    // An adapter that reshapes a reply passes its headers on: they are lowered and copied already.
    if (!(headers instanceof LowerCaseHeaders)) headers = new LowerCaseHeaders(headers);
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

  /** The headers as a reply keeps them: names in lower case, sorted, values copied; unmodifiable. */
  private static final class LowerCaseHeaders extends AbstractMap<String, List<String>> {
    private final Map<String, List<String>> map;

    LowerCaseHeaders(Map<String, List<String>> headers) {
      TreeMap<String, List<String>> lower = new TreeMap<>();
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        lower.put(header.getKey().toLowerCase(Locale.ROOT), List.copyOf(header.getValue()));
      }
      this.map = Collections.unmodifiableMap(lower);
    }

    @Override
    public Set<Entry<String, List<String>>> entrySet() {
      return map.entrySet();
    }

    @Override
    public List<String> get(Object name) {
      return map.get(name);
    }

    @Override
    public boolean containsKey(Object name) {
      return map.containsKey(name);
    }

    @Override
    public int size() {
      return map.size();
    }
  }
}
