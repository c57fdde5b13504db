package io.github.imageedits.emulator;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.Moshi;
import java.io.IOException;

/**
 * The emulator's JSON, through Moshi (the project's JSON library): plain trees, where objects are
 * maps (member order kept), arrays lists, numbers {@link Double}s, as Moshi reads them.
 */
final class Json {
  // serializeNulls: the providers' bodies carry explicit nulls ("param": null, "finished_at": null).
  private static final JsonAdapter<Object> TREE = new Moshi.Builder().build().adapter(Object.class).serializeNulls();

  private Json() {}

  /**
   * Parses one JSON value; trailing text is an error.
   *
   * @throws IllegalArgumentException when {@code text} is not one JSON value
   */
  static Object parse(String text) {
    try {
      return TREE.fromJson(text);
    } catch (JsonEncodingException | JsonDataException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable JSON: " + e.getMessage(), e);
    }
  }

  /** {@code value} (maps, lists, strings, numbers, booleans, null) as compact JSON text. */
  static String write(Object value) {
    return TREE.toJson(value);
  }

  /**
   * A scalar as the text a form field would carry: strings as they are, whole numbers without a
   * fraction ({@code 2}, not Moshi's {@code 2.0}), others in JSON form.
   */
  static String text(Object value) {
    if (value instanceof String s) return s;
    if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return write(value);
  }
}
