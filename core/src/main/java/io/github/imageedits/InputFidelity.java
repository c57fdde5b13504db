package io.github.imageedits;

import static java.util.Objects.requireNonNull;

/**
 * How strongly the edit keeps the input's style and features: {@code high} or {@code low}.
 *
 * <p>The constants are the values the providers document; {@link #of(String)} accepts a value a
 * provider adds later, so a new value is never a dead end.
 */
public record InputFidelity(String value) {
  public static final InputFidelity HIGH = new InputFidelity("high");
  public static final InputFidelity LOW = new InputFidelity("low");

  public InputFidelity {
    requireNonNull(value, "value == null");
    if (value.isBlank()) throw new IllegalArgumentException("InputFidelity value is blank");
  }

  /** Returns the option for {@code value}, for example {@code InputFidelity.of("high")}. */
  public static InputFidelity of(String value) {
    return new InputFidelity(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
