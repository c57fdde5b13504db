package io.github.imageedits.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Prints an {@link InvalidImageEditsPropertyException} as "APPLICATION FAILED TO START" with the
 * property, where it was set, and the reason. Boot's own analyzer for invalid property values would
 * also print the values the property has in every other property source, which for
 * {@code imageedits.api-key} are keys; this one prints no value at all.
 */
final class InvalidImageEditsPropertyFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidImageEditsPropertyException> {
  private final @Nullable Environment environment;

  /** Boot builds failure analyzers with the environment when their constructor asks for it. */
  InvalidImageEditsPropertyFailureAnalyzer(@Nullable Environment environment) {
    this.environment = environment;
  }

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidImageEditsPropertyException cause) {
    Origin origin = origin(cause.property());
    String description = "Invalid value for configuration property '" + cause.property() + "'"
        + (origin != null ? " (originating from '" + origin + "')" : "") + ":\n\n    "
        + cause.reason();
    String action = "Review the property '" + cause.property() + "'.";
    return new FailureAnalysis(description, action, cause);
  }

  private @Nullable Origin origin(String property) {
    if (environment == null) return null;
    ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      ConfigurationProperty found = source.getConfigurationProperty(name);
      if (found != null) return found.getOrigin();
    }
    return null;
  }
}
