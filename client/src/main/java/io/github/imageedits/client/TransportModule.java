package io.github.imageedits.client;

import dagger.Module;
import dagger.Provides;
import io.github.imageedits.Timeouts;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import java.util.Optional;

/**
 * Binds the transport port: the caller's transport, borrowed, or Retrofit + OkHttp with the
 * timeouts and proxy the caller set (null: the default), owned by the client.
 */
@Module
final class TransportModule {
  private TransportModule() {}

  @Provides
  @PerClient
  static TransportLease lease(Optional<Transport> borrowed, Timeouts timeouts, ProxyChoice proxy) {
    return borrowed.isPresent() ? new TransportLease(borrowed.get(), false)
        : new TransportLease(retrofit(timeouts, proxy), true);
  }

  @Provides
  static Transport transport(TransportLease lease) {
    return lease.transport();
  }

  private static Transport retrofit(Timeouts timeouts, ProxyChoice proxy) {
    RetrofitTransport.Builder builder = RetrofitTransport.builder();
    if (proxy.proxy() != null) builder.proxy(proxy.proxy());
    if (proxy.selector() != null) builder.proxySelector(proxy.selector());
    if (timeouts.connect() != null) builder.connectTimeout(timeouts.connect());
    if (timeouts.write() != null) builder.writeTimeout(timeouts.write());
    if (timeouts.read() != null) builder.readTimeout(timeouts.read());
    if (timeouts.call() != null) builder.callTimeout(timeouts.call());
    return builder.build();
  }
}
