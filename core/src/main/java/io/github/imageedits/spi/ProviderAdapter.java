package io.github.imageedits.spi;

import io.github.imageedits.EditResult;
import io.github.imageedits.capability.CapabilityTable;
import java.net.URI;

/**
 * A provider's dialect: where to send an edit, how to phrase it, and how to read the reply. An
 * adapter does no I/O itself; the {@link Transport} does. Most adapters extend
 * {@link OpenAiCompatibleAdapter} and override only what their provider does differently.
 */
public interface ProviderAdapter {

  /** The name users pick the provider by, for example {@code acedata}. */
  String name();

  /** The provider's models and features. */
  CapabilityTable capabilities();

  /** The API root used when the caller gives none. */
  URI defaultBaseUrl();

  /** Describes the HTTP request for a validated edit. */
  WireRequest toWire(PreparedEdit edit, ProviderContext context);

  /**
   * Reads the reply to {@link #toWire}.
   *
   * @throws io.github.imageedits.ProviderException for an error reply, including a 2xx that
   *     reports failure
   * @throws io.github.imageedits.TransportException for a reply that cannot be read
   */
  EditResult readReply(PreparedEdit edit, WireReply reply);
}
