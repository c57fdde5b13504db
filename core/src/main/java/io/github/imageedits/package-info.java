/**
 * The API for apps: {@link io.github.imageedits.ImageEditClient}, requests, results, options and
 * errors.
 * Nothing here is null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.github.imageedits;

import org.jspecify.annotations.NullMarked;
