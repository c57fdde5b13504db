package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One broken rule (or, as a warning, one option that was dropped): the field, the value given, the
 * limit, and the model and provider whose rule it is.
 *
 * @param field the wire name of the field, for example {@code prompt} or {@code image[2]}
 * @param value the offending value as text (shortened when long), or null when absent
 * @param limit the rule that was broken, for example {@code at most 1000 characters}
 * @param model the model id
 * @param provider the provider name
 * @param message a sentence a person understands without reading code
 */
public record Violation(
    String field, @Nullable String value, String limit, @Nullable String model, String provider,
    String message) {

  public Violation {
    requireNonNull(field, "field == null");
    requireNonNull(limit, "limit == null");
    requireNonNull(message, "message == null");
  }

  /**
   * Builds the message from the parts, for example {@code "prompt: '1001 characters' breaks the
   * rule: at most 1000 characters (model dall-e-2, provider acedata)"}.
   */
  public static Violation of(String field, @Nullable Object value, String limit, @Nullable String model,
      String provider) {
    String shown = value == null ? null : shorten(String.valueOf(value));
    String message = field + ": " + (shown == null ? "missing" : "'" + shown + "'")
        + " breaks the rule: " + limit
        + " (model " + (model == null ? "unset" : model) + ", provider " + provider + ")";
    return new Violation(field, shown, limit, model, provider, message);
  }

  private static String shorten(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  @Override
  public String toString() {
    return message;
  }
}
