package io.github.imageedits;

import static java.util.Objects.requireNonNull;

/**
 * Rendering quality: {@code auto}, {@code high}, {@code medium}, {@code low} (GPT image models) or {@code standard} (dall-e-2).
 *
 * <p>The constants are the values the providers document; {@link #of(String)} accepts a value a
 * provider adds later, so a new value is never a dead end.
 */
public record Quality(String value) {
  public static final Quality AUTO = new Quality("auto");
  public static final Quality HIGH = new Quality("high");
  public static final Quality MEDIUM = new Quality("medium");
  public static final Quality LOW = new Quality("low");
  public static final Quality STANDARD = new Quality("standard");

  public Quality {
    requireNonNull(value, "value == null");
    if (value.isBlank()) throw new IllegalArgumentException("Quality value is blank");
  }

  /** Returns the option for {@code value}, for example {@code Quality.of("auto")}. */
  public static Quality of(String value) {
    return new Quality(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
