/**
 * The ports a provider or a transport implements ({@link io.github.imageedits.spi.ProviderAdapter},
 * {@link io.github.imageedits.spi.Transport}), the wire values between them, and small helpers for
 * provider authors.
 */
@NullMarked
package io.github.imageedits.spi;

import org.jspecify.annotations.NullMarked;
