package io.github.imageedits;

import java.util.List;

/**
 * The outcome of checking a request against a provider's capability table, without sending it.
 *
 * <pre>{@code
 * ValidationReport report = client.check(request);
 * if (!report.ok()) report.errors().forEach(v -> System.err.println(v.message()));
 * report.warnings().forEach(v -> System.err.println("would drop: " + v.message()));
 * }</pre>
 *
 * @param errors rules the request breaks; the request would be refused
 * @param warnings options the model ignores; dropped under the lenient policy
 */
public record ValidationReport(List<Violation> errors, List<Violation> warnings) {
  public ValidationReport {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  /** True when the request would be sent. */
  public boolean ok() {
    return errors.isEmpty();
  }
}
