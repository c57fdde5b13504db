package io.github.imageedits.client;

import dagger.BindsInstance;
import dagger.Component;
import io.github.imageedits.RetryListener;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.Timeouts;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.Transport;
import java.util.Optional;

/**
 * The object graph of ONE client: {@link ImageEdits.Builder#build()} creates a component from the
 * configuration and takes the engine from it. Package-private: users never see a Dagger type.
 */
@PerClient
@Component(modules = {TransportModule.class, EngineModule.class})
interface ClientComponent {

  /** The engine, the client the builder returns. */
  EditEngine engine();

  /** The built-in callback receiver, if any; bound before the engine so a failed build can close it. */
  java.util.Optional<EmbeddedReceiver> receiver();

  /** The transport and whether this client owns it. */
  TransportLease transport();

  @Component.Builder
  interface Builder {
    @BindsInstance
    Builder adapter(ProviderAdapter adapter);

    @BindsInstance
    Builder context(ProviderContext context);

    @BindsInstance
    Builder capabilities(CapabilityTable capabilities);

    /** The built-in transport's timeouts; unused when a transport is borrowed. */
    @BindsInstance
    Builder timeouts(Timeouts timeouts);

    /** The built-in transport's proxy; unused when a transport is borrowed. */
    @BindsInstance
    Builder proxy(ProxyChoice proxy);

    @BindsInstance
    Builder retryPolicy(RetryPolicy retryPolicy);

    @BindsInstance
    Builder retryListener(RetryListener retryListener);

    @BindsInstance
    Builder options(ClientOptions options);

    @BindsInstance
    Builder callbacks(CallbackPlan callbacks);

    @BindsInstance
    Builder flow(FlowSettings flow);

    /** A transport the caller keeps (borrowed), or empty for one the client builds and owns. */
    @BindsInstance
    Builder borrowedTransport(Optional<Transport> transport);

    ClientComponent build();
  }
}
