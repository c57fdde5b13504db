/**
 * Azure OpenAI's image edits: {@link io.github.imageedits.azure.AzureOpenAi}.
 */
@NullMarked
package io.github.imageedits.azure;

import org.jspecify.annotations.NullMarked;
