package io.github.imageedits;

import static java.util.Objects.requireNonNull;

/**
 * A provider credential. Its {@link #toString()} never shows the key, so it is safe in logs and
 * messages; only {@link #reveal()} gives the value, for the Authorization header.
 */
public final class ApiKey {
  private final String value;

  private ApiKey(String value) {
    this.value = value;
  }

  /** Wraps {@code value}; it must not be blank. */
  public static ApiKey of(String value) {
    requireNonNull(value, "apiKey == null");
    if (value.isBlank()) throw new IllegalArgumentException("apiKey is blank");
    return new ApiKey(value.strip());
  }

  /** The key itself. Do not log it. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "ApiKey[redacted]";
  }
}
