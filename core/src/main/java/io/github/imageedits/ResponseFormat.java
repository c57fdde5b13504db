package io.github.imageedits;

import static java.util.Objects.requireNonNull;

/**
 * How the provider returns images: a {@code url} or inline {@code b64_json}.
 *
 * <p>The constants are the values the providers document; {@link #of(String)} accepts a value a
 * provider adds later, so a new value is never a dead end.
 */
public record ResponseFormat(String value) {
  public static final ResponseFormat URL = new ResponseFormat("url");
  public static final ResponseFormat B64_JSON = new ResponseFormat("b64_json");

  public ResponseFormat {
    requireNonNull(value, "value == null");
    if (value.isBlank()) throw new IllegalArgumentException("ResponseFormat value is blank");
  }

  /** Returns the option for {@code value}, for example {@code ResponseFormat.of("url")}. */
  public static ResponseFormat of(String value) {
    return new ResponseFormat(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
