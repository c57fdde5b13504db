/** The Azure OpenAI provider adapter, found by the client through {@link java.util.ServiceLoader}. */
module io.github.imageedits.azure {
  // @NullMarked and @Nullable: compile-only, so nothing of JSpecify is needed at run time.
  requires static org.jspecify;
  // Transitive: AzureOpenAi extends core's OpenAiCompatibleAdapter.
  requires transitive io.github.imageedits.core;

  exports io.github.imageedits.azure;

  provides io.github.imageedits.spi.ProviderAdapter with io.github.imageedits.azure.AzureOpenAi;
}
