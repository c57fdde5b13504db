package io.github.imageedits.capability;

/** How a model treats an optional field. */
public enum Support {
  /** The model uses it. */
  HONOURED,
  /** The provider accepts it but the model silently ignores it: dropped (lenient) or rejected (strict). */
  IGNORED,
  /** The provider answers 400 when it is sent: always rejected before sending. */
  REJECTED
}
