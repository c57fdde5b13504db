/**
 * Google Gemini's image models ({@code generateContent}): {@link io.github.imageedits.gemini.Gemini}.
 */
@NullMarked
package io.github.imageedits.gemini;

import org.jspecify.annotations.NullMarked;
