package io.github.imageedits.capability;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A provider's models and features. A model the table does not list gets the table's permissive
 * default (renamed to the id asked for), so a new model id is never a dead end; callers override it
 * with {@link #with(ModelCapability)}.
 *
 * <pre>{@code
 * CapabilityTable table = client.capabilities()
 *     .with(ModelCapability.builder("gpt-image-3").maxImages(8).build());
 * ModelCapability model = table.model("gpt-image-3");
 * }</pre>
 */
public final class CapabilityTable {
  private final String provider;
  private final Set<ProviderFeature> features;
  private final Map<String, ModelCapability> models;
  private final ModelCapability unknownModel;

  private CapabilityTable(String provider, Set<ProviderFeature> features,
      Map<String, ModelCapability> models, ModelCapability unknownModel) {
    this.provider = provider;
    this.features = Collections.unmodifiableSet(features);
    this.models = Collections.unmodifiableMap(models);
    this.unknownModel = unknownModel;
  }

  /** Starts a table for {@code provider}. */
  public static Builder builder(String provider) {
    return new Builder(provider);
  }

  public String provider() {
    return provider;
  }

  /** The provider-wide features. */
  public Set<ProviderFeature> features() {
    return features;
  }

  public boolean supports(ProviderFeature feature) {
    return features.contains(feature);
  }

  /** The listed models, in the order they were added. */
  public Map<String, ModelCapability> models() {
    return models;
  }

  /** True when {@code model} is listed (not answered by the default). */
  public boolean knows(String model) {
    return models.containsKey(model);
  }

  /** The capability of {@code model}, or the permissive default under that id. */
  public ModelCapability model(String model) {
    requireNonNull(model, "model == null");
    ModelCapability known = models.get(model);
    return known != null ? known : unknownModel.toBuilder().model(model).build();
  }

  /** The default used for models the table does not list. */
  public ModelCapability unknownModel() {
    return unknownModel;
  }

  /** A copy in which {@code capability} is added or replaces the model of the same id. */
  public CapabilityTable with(ModelCapability capability) {
    requireNonNull(capability, "capability == null");
    Map<String, ModelCapability> copy = new LinkedHashMap<>(models);
    copy.put(capability.model(), capability);
    return new CapabilityTable(provider, EnumSet.copyOf(features.isEmpty()
        ? EnumSet.noneOf(ProviderFeature.class) : features), copy, unknownModel);
  }

  @Override
  public String toString() {
    return "CapabilityTable[" + provider + ", models=" + models.keySet() + ", features=" + features + "]";
  }

  /** Builds {@link CapabilityTable}s. */
  public static final class Builder {
    private final String provider;
    private final Set<ProviderFeature> features = EnumSet.noneOf(ProviderFeature.class);
    private final Map<String, ModelCapability> models = new LinkedHashMap<>();
    private ModelCapability unknownModel = ModelCapability.builder("*").build();

    Builder(String provider) {
      this.provider = requireNonNull(provider, "provider == null");
    }

    public Builder feature(ProviderFeature feature) {
      features.add(requireNonNull(feature, "feature == null"));
      return this;
    }

    public Builder model(ModelCapability capability) {
      models.put(capability.model(), capability);
      return this;
    }

    /** The default for models not listed. Permissive unless set. */
    public Builder unknownModel(ModelCapability capability) {
      this.unknownModel = requireNonNull(capability, "capability == null");
      return this;
    }

    public CapabilityTable build() {
      return new CapabilityTable(provider, EnumSet.copyOf(features.isEmpty()
          ? EnumSet.noneOf(ProviderFeature.class) : features), new LinkedHashMap<>(models), unknownModel);
    }
  }
}
