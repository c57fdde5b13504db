package io.github.imageedits.client;

import dagger.Module;
import dagger.Provides;
import io.github.imageedits.Timeouts;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.transport.retrofit.RetrofitTransport;

/** Binds the transport port to Retrofit + OkHttp, with the timeouts the user set (null: the default). */
@Module
final class TransportModule {
  private TransportModule() {}

  @Provides
  static Transport transport(Timeouts timeouts) {
    RetrofitTransport.Builder builder = RetrofitTransport.builder();
    if (timeouts.connect() != null) builder.connectTimeout(timeouts.connect());
    if (timeouts.write() != null) builder.writeTimeout(timeouts.write());
    if (timeouts.read() != null) builder.readTimeout(timeouts.read());
    if (timeouts.call() != null) builder.callTimeout(timeouts.call());
    return builder.build();
  }
}
