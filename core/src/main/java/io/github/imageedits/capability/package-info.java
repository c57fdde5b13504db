/**
 * What each provider's models accept ({@link io.github.imageedits.capability.CapabilityTable}) and
 * the check of a request against it.
 */
@NullMarked
package io.github.imageedits.capability;

import org.jspecify.annotations.NullMarked;
