/**
 * OpenAI's Images Edits API: {@link io.github.imageedits.openai.OpenAi}.
 */
@NullMarked
package io.github.imageedits.openai;

import org.jspecify.annotations.NullMarked;
