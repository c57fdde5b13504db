/**
 * LangChain4j's {@code ImageModel} backed by any imageedits provider: {@link
 * io.github.imageedits.langchain4j.ImageEditsImageModel}.
 *
 * <pre>{@code
 * module my.app {
 *   requires io.github.imageedits.langchain4j;
 *   requires io.github.imageedits.client;
 *   requires io.github.imageedits.acedata;
 * }
 * }</pre>
 */
module io.github.imageedits.langchain4j {
  // @NullMarked and @Nullable: compile-only, so nothing of JSpecify is needed at run time.
  requires static org.jspecify;
  // Transitive: the model is built from core's ImageEditClient and throws core's errors.
  requires transitive io.github.imageedits.core;
  // Transitive: the model implements ImageModel and takes and returns LangChain4j's Image. The jar
  // of langchain4j-core 1.19.0 has no module descriptor and no Automatic-Module-Name, so this is
  // the name the JDK derives from its file name (jar --describe-module: langchain4j.core); Maven
  // warns of a filename-based automatic module for that reason. ModulePathTest runs an application
  // module against it.
  requires transitive langchain4j.core;

  exports io.github.imageedits.langchain4j;
}
