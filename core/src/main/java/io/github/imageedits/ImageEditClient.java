package io.github.imageedits;

import io.github.imageedits.capability.CapabilityTable;
import java.io.Closeable;
import java.util.concurrent.CompletableFuture;

/**
 * Edits images through one provider (or a chain of them). Every implementation validates the
 * request against the provider's capability table before a byte is sent.
 *
 * <pre>{@code
 * try (ImageEditClient client = ImageEdits.builder().provider("acedata").apiKey(token).build()) {
 *   EditResult result = client.edit(request);
 * }
 * }</pre>
 */
public interface ImageEditClient extends Closeable {

  /** The provider's name, for example {@code acedata}. */
  String provider();

  /** The provider's models and features. */
  CapabilityTable capabilities();

  /** Checks {@code request} without sending it: what would be refused, what would be dropped. */
  ValidationReport check(EditRequest request);

  /**
   * Sends {@code request} and waits for the result.
   *
   * @throws ValidationException the request breaks a rule; nothing was sent
   * @throws ProviderException the provider answered with an error
   * @throws TransportException the network failed or a timeout ran out
   */
  EditResult edit(EditRequest request);

  /**
   * Sends {@code request} without blocking. Validation errors complete the future exceptionally;
   * cancelling the future cancels the HTTP call.
   */
  CompletableFuture<EditResult> editAsync(EditRequest request);

  /** Releases threads and connections. */
  @Override
  void close();
}
