package io.github.imageedits;

import static java.util.Objects.requireNonNull;

/**
 * The provider does not offer a feature the call needs (for example streaming partial images or
 * image URLs). Thrown before anything is sent.
 */
public class UnsupportedFeatureException extends ImageEditException {
  private final String provider;
  private final String feature;

  public UnsupportedFeatureException(String provider, String feature) {
    super(requireNonNull(provider, "provider == null") + " does not support "
        + requireNonNull(feature, "feature == null"), null);
    this.provider = provider;
    this.feature = feature;
  }

  public String provider() {
    return provider;
  }

  public String feature() {
    return feature;
  }
}
