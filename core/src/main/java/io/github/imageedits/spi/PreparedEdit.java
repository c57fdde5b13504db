package io.github.imageedits.spi;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.EditRequest;
import io.github.imageedits.Violation;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.image.ImageInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request that passed validation, ready for an adapter to put on the wire. The engine builds one
 * per edit; adapter tests build their own:
 *
 * <pre>{@code
 * PreparedEdit edit = PreparedEdit.builder(request, table.model(request.model()))
 *     .imageInfos(List.of(ImageInspector.inspect(path)))
 *     .build();
 * WireRequest wire = adapter.toWire(edit, context);
 * }</pre>
 */
public final class PreparedEdit {
  private final EditRequest request;
  private final ModelCapability capability;
  private final List<@Nullable ImageInfo> imageInfos;
  private final ImageInfo maskInfo;
  private final List<Violation> warnings;

  private PreparedEdit(Builder builder) {
    this.request = builder.request;
    this.capability = builder.capability;
    // Entries may be null (URL images), which List.copyOf refuses.
    List<@Nullable ImageInfo> infos = builder.imageInfos != null ? builder.imageInfos
        : Collections.nCopies(request.images().size(), null);
    this.imageInfos = Collections.unmodifiableList(new ArrayList<>(infos));
    this.maskInfo = builder.maskInfo;
    this.warnings = List.copyOf(builder.warnings);
    if (imageInfos.size() != request.images().size()) {
      throw new IllegalArgumentException("one image info per image");
    }
  }

  /** Starts a prepared edit of {@code request}, checked against {@code capability}. */
  public static Builder builder(EditRequest request, ModelCapability capability) {
    return new Builder(request, capability);
  }

  /** A builder holding this edit's values. */
  public Builder toBuilder() {
    return new Builder(request, capability).imageInfos(imageInfos).maskInfo(maskInfo).warnings(warnings);
  }

  /** The request with ignored options dropped (lenient policy). */
  public EditRequest request() {
    return request;
  }

  /** The model's capability the request was checked against. */
  public ModelCapability capability() {
    return capability;
  }

  /** The header of each image, aligned with {@code request().images()}; null entries for URL images. */
  public List<@Nullable ImageInfo> imageInfos() {
    return imageInfos;
  }

  /** The mask's header, or null. */
  public @Nullable ImageInfo maskInfo() {
    return maskInfo;
  }

  /** The options that were dropped. */
  public List<Violation> warnings() {
    return warnings;
  }

  @Override
  public String toString() {
    return "PreparedEdit[" + request + ", model=" + capability.model() + ", warnings=" + warnings + "]";
  }

  /** Builds a {@link PreparedEdit}. */
  public static final class Builder {
    private final EditRequest request;
    private final ModelCapability capability;
    private List<@Nullable ImageInfo> imageInfos;
    private ImageInfo maskInfo;
    private List<Violation> warnings = List.of();

    private Builder(EditRequest request, ModelCapability capability) {
      this.request = requireNonNull(request, "request == null");
      this.capability = requireNonNull(capability, "capability == null");
    }

    /** The header of each image, aligned with the request's images; null for URL images. Default: all null. */
    public Builder imageInfos(List<@Nullable ImageInfo> imageInfos) {
      this.imageInfos = requireNonNull(imageInfos, "imageInfos == null");
      return this;
    }

    /** The mask's header, or null (the default). */
    public Builder maskInfo(@Nullable ImageInfo maskInfo) {
      this.maskInfo = maskInfo;
      return this;
    }

    /** The options validation dropped. Default: none. */
    public Builder warnings(List<Violation> warnings) {
      this.warnings = requireNonNull(warnings, "warnings == null");
      return this;
    }

    /** @throws IllegalArgumentException when the image infos do not match the request's images one to one */
    public PreparedEdit build() {
      return new PreparedEdit(this);
    }
  }
}
