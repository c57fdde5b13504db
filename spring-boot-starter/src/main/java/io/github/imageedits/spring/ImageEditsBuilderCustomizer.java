package io.github.imageedits.spring;

import io.github.imageedits.client.ImageEdits;

/**
 * Adjusts each client the starter builds (the main provider's and each fallback provider's) after
 * the {@code imageedits.*} properties are applied: declare one as a bean.
 *
 * <pre>{@code
 * @Bean
 * ImageEditsBuilderCustomizer progress() {
 *   return builder -> builder.progressListener(new MyProgressListener());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ImageEditsBuilderCustomizer {
  /** Changes {@code builder}, which already carries the properties. */
  void customize(ImageEdits.Builder builder);
}
