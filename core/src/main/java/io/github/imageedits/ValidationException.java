package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The request breaks one or more rules of its model or provider. Nothing was sent. Every violation
 * is listed, not just the first.
 */
public class ValidationException extends ImageEditException {
  private final List<Violation> violations;

  public ValidationException(List<Violation> violations) {
    super(describe(violations), null);
    this.violations = List.copyOf(violations);
  }

  /** Every rule the request breaks, in field order. */
  public List<Violation> violations() {
    return violations;
  }

  private static String describe(List<Violation> violations) {
    requireNonNull(violations, "violations == null");
    if (violations.isEmpty()) throw new IllegalArgumentException("no violations");
    return violations.size() + (violations.size() == 1 ? " problem" : " problems")
        + " with the edit request; nothing was sent:\n"
        + violations.stream().map(v -> "  - " + v.message()).collect(Collectors.joining("\n"));
  }
}
