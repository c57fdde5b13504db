/** The AceData provider adapter, found by the client through {@link java.util.ServiceLoader}. */
module io.github.imageedits.acedata {
  // Transitive: AceData extends core's OpenAiCompatibleAdapter.
  requires transitive io.github.imageedits.core;

  exports io.github.imageedits.acedata;

  provides io.github.imageedits.spi.ProviderAdapter with io.github.imageedits.acedata.AceData;
}
