/**
 * ChainHub's Images Edits API: {@link io.github.imageedits.chainhub.ChainHub}.
 */
@NullMarked
package io.github.imageedits.chainhub;

import org.jspecify.annotations.NullMarked;
