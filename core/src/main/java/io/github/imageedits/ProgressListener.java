package io.github.imageedits;

/**
 * Hears how far the bytes of each HTTP exchange have gone: the request body going up (the images
 * of an edit) and the body coming down (an edit's reply, a result download). Set one on the client
 * builder; implement only the method you need.
 *
 * <pre>{@code
 * ImageEditClient client = ImageEdits.builder()
 *     .provider("acedata").apiKey(token)
 *     .progressListener(new ProgressListener() {
 *       @Override
 *       public void uploaded(long sent, long total) {
 *         System.err.printf("\rsent %d of %d bytes", sent, total);
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p>Counts start at 0 for every request and are cumulative within it; the last call of an upload
 * has {@code sent == total}. Calls come on the thread doing the I/O, every 64 KiB or so and at the
 * end, so a listener must be quick and must not throw. Concurrent edits report interleaved.
 */
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = new ProgressListener() {};

  /**
   * Request body bytes handed to the network so far.
   *
   * @param sent bytes sent of this request's body
   * @param total the body's length, or -1 when it is not known in advance
   */
  default void uploaded(long sent, long total) {}

  /**
   * Response body bytes read so far, of an edit's reply or of a result image being saved.
   *
   * @param received bytes read of this response's body
   * @param total the body's announced length, or -1 when the server did not announce one
   */
  default void downloaded(long received, long total) {}
}
