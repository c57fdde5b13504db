package io.github.imageedits.testkit;

import io.github.imageedits.EditRequest;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.RequestValidator;
import io.github.imageedits.spi.PreparedEdit;

/**
 * Prepared edits for an adapter's unit tests, made the way the engine makes them: the request is
 * validated against the table and its images' headers are read.
 *
 * <pre>{@code
 * PreparedEdit edit = PreparedEdits.prepare(request, adapter.capabilities());
 * WireRequest wire = adapter.toWire(edit, context);
 * }</pre>
 */
public final class PreparedEdits {
  private PreparedEdits() {}

  /**
   * @throws io.github.imageedits.UnsupportedFeatureException the provider lacks a feature the request needs
   * @throws io.github.imageedits.ValidationException the request breaks one or more rules
   */
  public static PreparedEdit prepare(EditRequest request, CapabilityTable table) {
    return RequestValidator.prepare(request, table, (kept, capability, imageInfos, maskInfo, warnings) ->
        PreparedEdit.builder(kept, capability)
            .imageInfos(imageInfos)
            .maskInfo(maskInfo)
            .warnings(warnings)
            .build());
  }
}
