/**
 * Builds an {@link io.github.imageedits.ImageEditClient}:
 * {@link io.github.imageedits.client.ImageEdits#builder()}.
 * Everything else in this package is the engine, and not API.
 */
@NullMarked
package io.github.imageedits.client;

import org.jspecify.annotations.NullMarked;
