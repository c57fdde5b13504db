/**
 * The domain of imageedits: requests, image sources, capability tables and their validation,
 * results, typed errors, and the ports a provider adapter or a transport implements ({@code spi}).
 * It reads nothing but {@code java.base}; applications use it through {@code io.github.imageedits.client}.
 */
module io.github.imageedits.core {
  // @NullMarked and @Nullable: compile-only, so nothing of JSpecify is needed at run time.
  requires static org.jspecify;
  exports io.github.imageedits;
  exports io.github.imageedits.capability;
  exports io.github.imageedits.image;
  exports io.github.imageedits.spi;
}
