package io.github.imageedits.client;

import dagger.BindsInstance;
import dagger.Component;
import io.github.imageedits.Timeouts;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.Transport;
import java.util.Map;

/** Wires the provider adapters and the transport. Package-private: users see only {@link ImageEdits}. */
@Component(modules = {ProvidersModule.class, TransportModule.class})
interface EditsComponent {

  /** Every provider of this build, by name. */
  Map<String, ProviderAdapter> providers();

  /** A new transport; called only when the user did not bring one. */
  Transport transport();

  @Component.Builder
  interface Builder {
    @BindsInstance
    Builder timeouts(Timeouts timeouts);

    EditsComponent build();
  }
}
