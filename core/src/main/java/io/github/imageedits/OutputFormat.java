package io.github.imageedits;

import static java.util.Objects.requireNonNull;

/**
 * The encoding of the returned image: {@code png}, {@code jpeg} or {@code webp}.
 *
 * <p>The constants are the values the providers document; {@link #of(String)} accepts a value a
 * provider adds later, so a new value is never a dead end.
 */
public record OutputFormat(String value) {
  public static final OutputFormat PNG = new OutputFormat("png");
  public static final OutputFormat JPEG = new OutputFormat("jpeg");
  public static final OutputFormat WEBP = new OutputFormat("webp");

  public OutputFormat {
    requireNonNull(value, "value == null");
    if (value.isBlank()) throw new IllegalArgumentException("OutputFormat value is blank");
  }

  /** Returns the option for {@code value}, for example {@code OutputFormat.of("png")}. */
  public static OutputFormat of(String value) {
    return new OutputFormat(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
