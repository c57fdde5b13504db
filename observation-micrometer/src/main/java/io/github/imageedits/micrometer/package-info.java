/**
 * Micrometer observations of image edits: {@link io.github.imageedits.micrometer.MicrometerEditObserver},
 * its context and conventions. Nothing here is null unless marked
 * {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.github.imageedits.micrometer;

import org.jspecify.annotations.NullMarked;
