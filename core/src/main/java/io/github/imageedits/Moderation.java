package io.github.imageedits;

import static java.util.Objects.requireNonNull;

/**
 * Content moderation level: {@code low} or {@code auto}.
 *
 * <p>The constants are the values the providers document; {@link #of(String)} accepts a value a
 * provider adds later, so a new value is never a dead end.
 */
public record Moderation(String value) {
  public static final Moderation LOW = new Moderation("low");
  public static final Moderation AUTO = new Moderation("auto");

  public Moderation {
    requireNonNull(value, "value == null");
    if (value.isBlank()) throw new IllegalArgumentException("Moderation value is blank");
  }

  /** Returns the option for {@code value}, for example {@code Moderation.of("low")}. */
  public static Moderation of(String value) {
    return new Moderation(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
