package io.github.imageedits;

import static java.util.Objects.requireNonNull;

/**
 * Background handling: {@code transparent} (needs png or webp output), {@code opaque} or {@code auto}.
 *
 * <p>The constants are the values the providers document; {@link #of(String)} accepts a value a
 * provider adds later, so a new value is never a dead end.
 */
public record Background(String value) {
  public static final Background TRANSPARENT = new Background("transparent");
  public static final Background OPAQUE = new Background("opaque");
  public static final Background AUTO = new Background("auto");

  public Background {
    requireNonNull(value, "value == null");
    if (value.isBlank()) throw new IllegalArgumentException("Background value is blank");
  }

  /** Returns the option for {@code value}, for example {@code Background.of("transparent")}. */
  public static Background of(String value) {
    return new Background(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
