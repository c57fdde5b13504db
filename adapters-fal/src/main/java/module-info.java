/** The fal provider adapter, found by the client through {@link java.util.ServiceLoader}. */
module io.github.imageedits.fal {
  // @NullMarked and @Nullable: compile-only, so nothing of JSpecify is needed at run time.
  requires static org.jspecify;
  // Transitive: Fal implements core's ProviderAdapter.
  requires transitive io.github.imageedits.core;

  exports io.github.imageedits.fal;

  provides io.github.imageedits.spi.ProviderAdapter with io.github.imageedits.fal.Fal;
}
