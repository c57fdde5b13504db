package io.github.imageedits.spring;

import io.github.imageedits.ImageEditClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

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
 * <p>A wrong property stops the start with an {@link InvalidImageEditsPropertyException} naming it;
 * nothing is sent before.
 */
@AutoConfiguration
@EnableConfigurationProperties(ImageEditsProperties.class)
public final class ImageEditsAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "imageedits", name = "provider")
  ImageEditClient imageEditClient(ImageEditsProperties properties,
      ObjectProvider<ImageEditsBuilderCustomizer> customizers) {
    return new ClientFactory(properties, customizers.orderedStream().toList()).create();
  }
}
