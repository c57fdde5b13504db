/** The ChainHub provider adapter, found by the client through {@link java.util.ServiceLoader}. */
module io.github.imageedits.chainhub {
  // Transitive: ChainHub extends core's OpenAiCompatibleAdapter.
  requires transitive io.github.imageedits.core;

  exports io.github.imageedits.chainhub;

  provides io.github.imageedits.spi.ProviderAdapter with io.github.imageedits.chainhub.ChainHub;
}
