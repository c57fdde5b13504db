package io.github.imageedits.capability;

import io.github.imageedits.EditRequest;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.spi.PreparedEdit;

/**
 * Checks an {@link EditRequest} against a provider's {@link CapabilityTable}, reporting every
 * violation at once. PLACEHOLDER — being written; see issue 2.
 */
public final class RequestValidator {
  private RequestValidator() {}

  public static ValidationReport check(EditRequest request, CapabilityTable table) {
    throw new UnsupportedOperationException("not yet written");
  }

  public static PreparedEdit prepare(EditRequest request, CapabilityTable table) {
    throw new UnsupportedOperationException("not yet written");
  }
}
