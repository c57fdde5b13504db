/** The OpenAi provider adapter, found by the client through {@link java.util.ServiceLoader}. */
module io.github.imageedits.openai {
  // Transitive: OpenAi extends core's OpenAiCompatibleAdapter.
  requires transitive io.github.imageedits.core;

  exports io.github.imageedits.openai;

  provides io.github.imageedits.spi.ProviderAdapter with io.github.imageedits.openai.OpenAi;
}
