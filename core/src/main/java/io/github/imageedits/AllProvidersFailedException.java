package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every provider of a {@link FallbackClient} failed or could not serve the request. Each provider's
 * own error is kept, in the order they were tried.
 */
public class AllProvidersFailedException extends ImageEditException {
  private final Map<String, ImageEditException> failures;

  public AllProvidersFailedException(Map<String, ImageEditException> failures) {
    super(describe(failures), failures.isEmpty() ? null : failures.values().iterator().next());
    this.failures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failures));
  }

  /** Each provider's error, by provider name, in the order tried. */
  public Map<String, ImageEditException> failures() {
    return failures;
  }

  private static String describe(Map<String, ImageEditException> failures) {
    requireNonNull(failures, "failures == null");
    return "every provider failed:\n" + failures.entrySet().stream()
        .map(e -> "  - " + e.getKey() + ": " + e.getValue().getMessage().replace("\n", "\n    "))
        .collect(Collectors.joining("\n"));
  }
}
