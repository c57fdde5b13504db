/**
 * fal's queue ({@code queue.fal.run}): {@link io.github.imageedits.fal.Fal}.
 */
@NullMarked
package io.github.imageedits.fal;

import org.jspecify.annotations.NullMarked;
