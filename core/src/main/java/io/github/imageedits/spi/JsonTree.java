package io.github.imageedits.spi;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Null-safe reading of the JSON trees in {@link WireReply#json()}: a missing key or a value of the
 * wrong type reads as null (or an empty list), so adapters stay free of casts.
 */
public final class JsonTree {
  private JsonTree() {}

  /** {@code node} as an object, or null. */
  @SuppressWarnings("unchecked")
  public static @Nullable Map<String, Object> object(@Nullable Object node) {
    return node instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
  }

  /** Member {@code key} of {@code node} as an object, or null. */
  public static @Nullable Map<String, Object> object(@Nullable Object node, String key) {
    return object(get(node, key));
  }

  /** Member {@code key} of {@code node} as a list, or an empty list. */
  @SuppressWarnings("unchecked")
  public static List<Object> list(@Nullable Object node, String key) {
    return get(node, key) instanceof List<?> list ? (List<Object>) list : List.of();
  }

  /** Member {@code key} of {@code node} as text (numbers and booleans in their JSON form), or null. */
  public static @Nullable String string(@Nullable Object node, String key) {
    Object value = get(node, key);
    if (value instanceof String s) return s;
    if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      return Long.toString(d.longValue());
    }
    if (value instanceof Number || value instanceof Boolean) return value.toString();
    return null;
  }

  /** Member {@code key} of {@code node} as a number, or null. */
  public static @Nullable Double number(@Nullable Object node, String key) {
    Object value = get(node, key);
    if (value instanceof Number n) return n.doubleValue();
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** Member {@code key} of {@code node} as a boolean, or null. */
  public static @Nullable Boolean bool(@Nullable Object node, String key) {
    return get(node, key) instanceof Boolean b ? b : null;
  }

  /** Member {@code key} of {@code node}, or null. */
  public static @Nullable Object get(@Nullable Object node, String key) {
    Map<String, Object> map = object(node);
    return map == null ? null : map.get(key);
  }
}
