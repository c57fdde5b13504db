package io.github.imageedits.spi;

import java.io.Closeable;
import java.io.InputStream;
import java.net.URI;

/**
 * The port through which adapters reach the network. The transport streams request bodies from
 * their sources, parses JSON replies into {@link WireReply#json()} and bounds everything it reads.
 * It never throws for an HTTP status: a 4xx or 5xx is a {@link WireReply} for the adapter to read.
 */
public interface Transport extends Closeable {

  /** Prepares one call; nothing is sent until {@link Call#execute()}. */
  Call newCall(WireRequest request);

  /**
   * Opens a result image by its URL, for streaming: a GET carrying no credentials, following at
   * most a few redirects (each target checked like the first), and failing once more than
   * {@code maxBytes} have been read from the body. The caller closes the download.
   *
   * @throws io.github.imageedits.TransportException the connection failed or too many redirects
   * @throws io.github.imageedits.EditTimeoutException a timeout ran out
   */
  Download download(URI url, long maxBytes);

  @Override
  void close();

  /** An open result download. */
  interface Download extends Closeable {
    /** The HTTP status of the last hop. */
    int status();

    /** The Content-Type header without parameters, or null. */
    String contentType();

    /** The body, which fails with an IOException past the byte limit. */
    InputStream body();

    @Override
    void close();
  }

  /** One HTTP exchange. */
  interface Call {
    /**
     * Sends the request and reads the reply, within the request's own
     * {@link WireRequest#timeouts() timeouts} where it has them. A transport never sends the
     * request more than once; retrying is the caller's decision, and a failure tells it whether
     * that is safe: {@link io.github.imageedits.TransportException#requestMayHaveBeenProcessed()}
     * is false only when the whole request certainly did not go out.
     *
     * @throws io.github.imageedits.TransportException the connection failed or broke
     * @throws io.github.imageedits.EditTimeoutException a timeout ran out
     */
    WireReply execute();

    /** Cancels the call; a running {@link #execute()} fails promptly. */
    void cancel();
  }
}
