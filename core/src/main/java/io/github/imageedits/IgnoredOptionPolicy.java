package io.github.imageedits;

/**
 * What to do with an option the chosen model does not honour (for example {@code size} for
 * nano-banana, or {@code n} for gpt-image-2).
 */
public enum IgnoredOptionPolicy {
  /** Drop the option before sending and report a warning on the result. The default. */
  LENIENT,
  /** Reject the request with a {@link ValidationException}; nothing is sent. */
  STRICT
}
