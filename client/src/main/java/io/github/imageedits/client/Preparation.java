package io.github.imageedits.client;

import io.github.imageedits.EditRequest;
import io.github.imageedits.Violation;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.RequestValidator;
import io.github.imageedits.image.ImageInfo;
import io.github.imageedits.spi.PreparedEdit;
import java.util.List;

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
    return RequestValidator.prepare(request, table, ToPrepared.INSTANCE);
  }

  /** The accepted request as a {@link PreparedEdit}; a named class, not a lambda (no hidden class on a cold JVM). */
  private static final class ToPrepared implements RequestValidator.Accepted<PreparedEdit> {
    static final ToPrepared INSTANCE = new ToPrepared();

    @Override
    public PreparedEdit accept(EditRequest kept, ModelCapability capability, List<ImageInfo> imageInfos,
        ImageInfo maskInfo, List<Violation> warnings) {
      return PreparedEdit.builder(kept, capability)
          .imageInfos(imageInfos)
          .maskInfo(maskInfo)
          .warnings(warnings)
          .build();
    }
  }
}
