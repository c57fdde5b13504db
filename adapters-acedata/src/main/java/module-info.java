/** The AceData provider adapter, found by the client through {@link java.util.ServiceLoader}. */
module io.github.imageedits.acedata {
  // @NullMarked and @Nullable: compile-only, so nothing of JSpecify is needed at run time.
  requires static org.jspecify;
  // Transitive: AceData extends core's OpenAiCompatibleAdapter.
  requires transitive io.github.imageedits.core;

  exports io.github.imageedits.acedata;

  provides io.github.imageedits.spi.ProviderAdapter with io.github.imageedits.acedata.AceData;
}
