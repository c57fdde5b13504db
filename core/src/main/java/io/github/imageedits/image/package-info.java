/**
 * Image format and dimensions read from a file's header, without decoding it.
 */
@NullMarked
package io.github.imageedits.image;

import org.jspecify.annotations.NullMarked;
