/**
 * Spring Boot auto-configuration for imageedits: an {@link io.github.imageedits.ImageEditClient}
 * bean from the {@code imageedits.*} properties ({@link io.github.imageedits.spring.ImageEditsProperties}),
 * the callback endpoint on the application's own server, and a startup failure naming any property
 * that cannot work.
 */
@NullMarked
package io.github.imageedits.spring;

import org.jspecify.annotations.NullMarked;
