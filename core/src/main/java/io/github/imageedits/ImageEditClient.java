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

  /**
   * Saves one result image as a new file in {@code folder} named after {@code stem}, with the
   * extension of its real format, never overwriting a file. Inline data is decoded as it is
   * written; a URL is downloaded without the API key, following at most three redirects, with the
   * size capped, and the bytes must be an image of the format the server announced.
   *
   * <pre>{@code
   * for (EditedImage image : result.images()) {
   *   Path file = client.save(image, Path.of("out"), "edited");
   * }
   * }</pre>
   *
   * @throws ExpiredResultException the link answered 403, 404 or 410 (results expire)
   * @throws TransportException the download failed, was too large, or was not the image announced
   * @throws java.io.IOException the file could not be written
   */
  java.nio.file.Path save(EditedImage image, java.nio.file.Path folder, String stem)
      throws java.io.IOException;

  /** Releases threads and connections. */
  @Override
  void close();
}
