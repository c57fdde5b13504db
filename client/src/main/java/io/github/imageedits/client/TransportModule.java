package io.github.imageedits.client;

import dagger.Module;
import dagger.Provides;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.transport.retrofit.RetrofitTransport;

/** Binds the transport port to Retrofit + OkHttp, configured from {@link TransportSettings}. */
@Module
final class TransportModule {
  private TransportModule() {}

  @Provides
  static Transport transport(TransportSettings settings) {
    RetrofitTransport.Builder builder = RetrofitTransport.builder();
    if (settings.connectTimeout() != null) builder.connectTimeout(settings.connectTimeout());
    if (settings.writeTimeout() != null) builder.writeTimeout(settings.writeTimeout());
    if (settings.readTimeout() != null) builder.readTimeout(settings.readTimeout());
    if (settings.callTimeout() != null) builder.callTimeout(settings.callTimeout());
    return builder.build();
  }
}
