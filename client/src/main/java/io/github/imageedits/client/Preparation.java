package io.github.imageedits.client;

import io.github.imageedits.EditRequest;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.RequestValidator;
import io.github.imageedits.spi.PreparedEdit;

/**
 * The engine's half of validation: the capability package checks a request, this turns an accepted
 * one into the provider port's {@link PreparedEdit}. Kept here so that {@code capability} does not
 * know the SPI.
 */
final class Preparation {
  private Preparation() {}

  /**
   * @throws io.github.imageedits.UnsupportedFeatureException the provider lacks a feature the request needs
   * @throws io.github.imageedits.ValidationException the request breaks one or more rules
   */
  static PreparedEdit prepare(EditRequest request, CapabilityTable table) {
    return RequestValidator.prepare(request, table, (kept, capability, imageInfos, maskInfo, warnings) ->
        PreparedEdit.builder(kept, capability)
            .imageInfos(imageInfos)
            .maskInfo(maskInfo)
            .warnings(warnings)
            .build());
  }
}
