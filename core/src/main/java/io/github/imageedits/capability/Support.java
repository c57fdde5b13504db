package io.github.imageedits.capability;

/** How a model treats an optional field. */
public enum Support {
  /** The model uses it. */
  HONOURED,
  /** The provider accepts it but the model silently ignores it: dropped (lenient) or rejected (strict). */
  IGNORED,
  /** The provider answers 400 when it is sent: always rejected before sending. */
  REJECTED,
  /**
   * The provider has no such field, but the adapter expresses the value in the provider's own
   * terms (an OpenAI {@code size} sent as an aspect ratio and a resolution tier, say). The value
   * is still checked against the model's rules, and the request always carries a warning that says
   * so, under both policies: an adapted value is never changed silently.
   */
  ADAPTED
}
