/**
 * AceData's Images Edits API: {@link io.github.imageedits.acedata.AceData}.
 */
@NullMarked
package io.github.imageedits.acedata;

import org.jspecify.annotations.NullMarked;
