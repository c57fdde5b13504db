package io.github.imageedits.spring;

import static java.util.Objects.requireNonNull;

/**
 * An {@code imageedits.*} property that cannot make a working client, thrown while the application
 * starts, before anything is sent. The message names the property and says what is wrong with it;
 * it never contains an API key or a callback secret. The starter's failure analyzer prints it with
 * the place the property was set.
 */
public final class InvalidImageEditsPropertyException extends RuntimeException {
  private final String property;
  private final String reason;

  InvalidImageEditsPropertyException(String property, String reason) {
    super("invalid configuration property '" + requireNonNull(property, "property == null") + "': "
        + requireNonNull(reason, "reason == null"));
    this.property = property;
    this.reason = reason;
  }

  /** The property's name, for example {@code imageedits.api-key}. */
  public String property() {
    return property;
  }

  /** What is wrong with it. */
  public String reason() {
    return reason;
  }
}
