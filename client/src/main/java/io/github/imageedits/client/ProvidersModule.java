package io.github.imageedits.client;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import io.github.imageedits.acedata.AceData;
import io.github.imageedits.chainhub.ChainHub;
import io.github.imageedits.openai.OpenAi;
import io.github.imageedits.spi.ProviderAdapter;

/** One map entry per provider module on the classpath of this build; the facade picks by name. */
@Module
final class ProvidersModule {
  private ProvidersModule() {}

  @Provides
  @IntoMap
  @StringKey(AceData.NAME)
  static ProviderAdapter aceData() {
    return AceData.adapter();
  }

  @Provides
  @IntoMap
  @StringKey(ChainHub.NAME)
  static ProviderAdapter chainHub() {
    return ChainHub.adapter();
  }

  @Provides
  @IntoMap
  @StringKey(OpenAi.NAME)
  static ProviderAdapter openAi() {
    return OpenAi.adapter();
  }
}
