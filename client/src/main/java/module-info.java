/**
 * The entry point for applications: {@link io.github.imageedits.client.ImageEdits} builds an
 * {@link io.github.imageedits.ImageEditClient} for a provider found through {@link
 * java.util.ServiceLoader} (add an adapter module, such as {@code io.github.imageedits.acedata}, to
 * the module path) or given explicitly.
 *
 * <pre>{@code
 * module my.app {
 *   requires io.github.imageedits.client;
 *   requires io.github.imageedits.acedata;
 * }
 * }</pre>
 */
module io.github.imageedits.client {
  // @NullMarked and @Nullable: compile-only, so nothing of JSpecify is needed at run time.
  requires static org.jspecify;
  // The builder and the client it returns are core's types.
  requires transitive io.github.imageedits.core;
  requires io.github.imageedits.transport.retrofit;
  // Dagger's generated component runs on dagger.internal, whose Provider extends
  // jakarta.inject.Provider; dagger is an automatic module, so nothing would resolve
  // jakarta.inject for it. Both are needed at run time.
  requires dagger;
  requires jakarta.inject;
  // The built-in callback receiver (callbackReceiver(address)) serves on com.sun.net.httpserver.
  requires jdk.httpserver;

  exports io.github.imageedits.client;

  uses io.github.imageedits.spi.ProviderAdapter;
}
