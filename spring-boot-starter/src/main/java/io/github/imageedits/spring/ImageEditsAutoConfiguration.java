package io.github.imageedits.spring;

import io.github.imageedits.EditObserver;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.micrometer.ImageEditObservationConvention;
import io.github.imageedits.micrometer.MicrometerEditObserver;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An {@link ImageEditClient} bean built from the {@code imageedits.*} properties
 * ({@link ImageEditsProperties}) when {@code imageedits.provider} is set and the application
 * defines no client of its own: a {@link io.github.imageedits.FallbackClient} when
 * {@code imageedits.fallback} lists more providers. The bean is closed with the context.
 *
 * <pre>{@code
 * @Service
 * class Thumbnails {
 *   private final ImageEditClient client;
 *
 *   Thumbnails(ImageEditClient client) {
 *     this.client = client;
 *   }
 * }
 * }</pre>
 *
 * <p>With imageedits-micrometer on the class path and an {@link ObservationRegistry} bean (Boot's
 * actuator makes one), every edit is observed there: a timer {@code imageedits.edit} and spans.
 *
 * <p>A wrong property stops the start with an {@link InvalidImageEditsPropertyException} naming it;
 * nothing is sent before.
 */
// After Boot's observation auto-configuration, whose registry the observer reports to.
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@EnableConfigurationProperties(ImageEditsProperties.class)
public final class ImageEditsAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "imageedits", name = "provider")
  ImageEditClient imageEditClient(ImageEditsProperties properties, ObjectProvider<EditObserver> observer,
      ObjectProvider<ImageEditsBuilderCustomizer> customizers) {
    return new ClientFactory(properties, observer.getIfUnique(), customizers.orderedStream().toList())
        .create();
  }

  /**
   * Observations in the application's {@link ObservationRegistry} (which Boot gives its meter and
   * tracing handlers), through imageedits-micrometer when it is on the class path. An
   * {@link EditObserver} bean of the application's own replaces it; an
   * {@link ImageEditObservationConvention} bean renames or re-keys the observations.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MicrometerEditObserver.class, ObservationRegistry.class})
  static class MicrometerObservations {
    @Bean
    @ConditionalOnMissingBean(EditObserver.class)
    @ConditionalOnBean(ObservationRegistry.class)
    MicrometerEditObserver imageEditsObserver(ObservationRegistry registry,
        ImageEditsProperties properties, ObjectProvider<ImageEditObservationConvention> convention) {
      return MicrometerEditObserver.builder(registry)
          .convention(convention.getIfUnique())
          .recordPrompts(properties.getObservations().isRecordPrompts())
          .build();
    }
  }
}
