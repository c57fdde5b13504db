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
   * Edits every request of {@code requests} and hands each outcome to {@code listener} as it
   * completes; returns when all have ended. Requests are taken from the iterable only as room frees
   * (at most {@value #EDIT_ALL_WINDOW} edits outstanding at once), so a lazy iterable of 100,000
   * requests needs memory for 256 of them, not for all: no list of futures is kept. The client's
   * flow control decides how many of those run at once.
   *
   * <pre>{@code
   * List<Path> photos = Files.list(folder).toList();
   * client.editAll(photos.stream().map(p -> request.toBuilder().image(p).build()).toList(),
   *     (index, request, result, failure) -> {
   *       if (failure != null) failed.add(index);
   *       else try (result) { client.save(result.images().get(0), out, "photo-" + index); }
   *     });
   * }</pre>
   *
   * <p>A failed edit is reported to the listener, not thrown. If the listener throws, no further
   * request is taken; the edits outstanding finish (their results closed unseen) and the
   * listener's exception is rethrown (a checked one wrapped in a {@link RuntimeException}).
   *
   * @throws java.util.concurrent.CancellationException the calling thread was interrupted; edits
   *     already started are cancelled
   */
  default void editAll(Iterable<EditRequest> requests, BatchListener listener) {
    Batch.run(this, requests, listener, EDIT_ALL_WINDOW);
  }

  /** How many edits {@link #editAll} keeps outstanding at most. */
  int EDIT_ALL_WINDOW = 256;

  /**
   * Sends {@code request} as a streamed edit ({@code stream=true}, server-sent events) and waits for
   * the result, handing each partial image to {@code listener} as it arrives. Ask for partial images
   * with {@link EditRequest.Builder#partialImages(int)} (1 to 3); with none, only the final image
   * comes. The connection is closed on every path: when the result is complete, when the listener
   * throws (the exception is rethrown; a checked one wrapped in {@link java.io.UncheckedIOException}),
   * and when the stream breaks.
   *
   * <pre>{@code
   * EditRequest request = EditRequest.builder().model("gpt-image-1").prompt("Add a red scarf")
   *     .image(Path.of("cat.png")).partialImages(2).build();
   * try (EditResult result = client.stream(request, partial ->
   *     ImageFiles.saveNew(partial.data(), Path.of("preview"), "partial-" + partial.index()))) {
   *   client.save(result.images().get(0), Path.of("out"), "edited");
   * }
   * }</pre>
   *
   * <p>A provider that answers with a plain JSON reply instead of events is read as {@link #edit}
   * reads it: the result comes without partial images.
   *
   * @throws UnsupportedFeatureException the provider does not declare
   *     {@link io.github.imageedits.capability.ProviderFeature#STREAMING}; nothing was sent
   * @throws ValidationException the request breaks a rule; nothing was sent
   * @throws ProviderException the provider answered with an error, before or during the stream
   * @throws TransportException the network failed, or the stream ended before the final image
   */
  default EditResult stream(EditRequest request, PartialImageListener listener) {
    throw new UnsupportedFeatureException(provider(), "streaming partial images");
  }

  /**
   * {@link #stream} without blocking. Cancelling the future cancels the HTTP call and closes the
   * stream; errors, validation errors included, complete the future exceptionally.
   */
  default CompletableFuture<EditResult> streamAsync(EditRequest request, PartialImageListener listener) {
    return CompletableFuture.failedFuture(
        new UnsupportedFeatureException(provider(), "streaming partial images"));
  }

  /**
   * Submits {@code request} as an asynchronous task and returns as soon as the provider has
   * accepted it, with {@link TaskOptions#defaults()}. See {@link #submit(EditRequest, TaskOptions)}.
   */
  default EditTask submit(EditRequest request) {
    return submit(request, TaskOptions.defaults());
  }

  /**
   * Submits {@code request} as an asynchronous task: the provider answers at once with a task id,
   * and the result arrives later by callback (when the client has a callback URL, signed per task)
   * and by polling the provider's task endpoint (where it has one), whichever comes first. A
   * request that carries its own {@code callback_url} keeps it; the client then only polls.
   *
   * <pre>{@code
   * EditTask task = client.submit(request, TaskOptions.builder().deadline(Duration.ofMinutes(5)).build());
   * EditResult result = task.await(Duration.ofMinutes(6));
   * }</pre>
   *
   * @throws UnsupportedFeatureException the provider has no asynchronous edits; nothing was sent
   * @throws IllegalStateException the task could never complete: no callback URL is configured
   *     and the provider has no task retrieval, or the request has no callback URL of its own
   * @throws ValidationException the request breaks a rule; nothing was sent
   * @throws ProviderException the provider refused the submission
   * @throws TransportException the submission failed on the network
   */
  default EditTask submit(EditRequest request, TaskOptions options) {
    throw new UnsupportedFeatureException(provider(), "asynchronous tasks");
  }

  /**
   * Follows a task submitted earlier, perhaps by another process, by its task id: the result is
   * obtained by polling the provider's task endpoint. The deadline counts from now.
   *
   * <pre>{@code
   * EditTask task = client.resume(savedTaskId, TaskOptions.defaults());
   * }</pre>
   *
   * @throws UnsupportedFeatureException the provider has no task retrieval
   */
  default EditTask resume(String taskId, TaskOptions options) {
    throw new UnsupportedFeatureException(provider(), "task retrieval");
  }

  /**
   * The handler for an application's own callback endpoint (see {@link CallbackHandler}).
   *
   * @throws UnsupportedFeatureException the provider sends no callbacks
   */
  default CallbackHandler callbackHandler() {
    throw new UnsupportedFeatureException(provider(), "asynchronous callbacks");
  }

  /**
   * Saves one result image as a new file in {@code folder} named after {@code stem}, with the
   * extension of its real format, never overwriting a file. Inline data is decoded as it is
   * written; a large image the transport already decoded to a temporary file has that file moved
   * into place, not copied (see {@link ImageData}); a URL is downloaded without the API key, following at most three redirects, with the
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
