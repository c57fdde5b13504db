package io.github.imageedits.spi;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.EditRequest;
import io.github.imageedits.Violation;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.image.ImageInfo;
import java.util.Collections;
import java.util.List;

/**
 * A request that passed validation, ready for an adapter to put on the wire.
 *
 * @param request the request with ignored options dropped (lenient policy)
 * @param capability the model's capability it was checked against
 * @param imageInfos the header of each image, aligned with {@code request.images()}; null for URL images
 * @param maskInfo the mask's header, or null
 * @param warnings what was dropped
 */
public record PreparedEdit(
    EditRequest request,
    ModelCapability capability,
    List<ImageInfo> imageInfos,
    ImageInfo maskInfo,
    List<Violation> warnings) {

  public PreparedEdit {
    requireNonNull(request, "request == null");
    requireNonNull(capability, "capability == null");
    // Entries may be null (URL images), which List.copyOf refuses.
    imageInfos = Collections.unmodifiableList(new java.util.ArrayList<>(
        requireNonNull(imageInfos, "imageInfos == null")));
    warnings = List.copyOf(requireNonNull(warnings, "warnings == null"));
    if (imageInfos.size() != request.images().size()) {
      throw new IllegalArgumentException("one image info per image");
    }
  }
}
