/**
 * LangChain4j integration: {@link io.github.imageedits.langchain4j.ImageEditsImageModel} is an
 * {@code ImageModel} whose {@code edit} methods go through an {@link
 * io.github.imageedits.ImageEditClient}.
 */
@NullMarked
package io.github.imageedits.langchain4j;

import org.jspecify.annotations.NullMarked;
