package io.github.imageedits.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

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

  /**
   * Parses a JSON body a provider sent us, a callback, the way replies are parsed: the same tree
   * in {@link WireReply#json()} (status 200, {@code headers} as given), {@code b64_json} values
   * streamed aside, a non-JSON or malformed body as {@code json == null}. Reads {@code body} to its
   * end and does not close it.
   *
   * @throws IOException reading {@code body} failed; the exception is the stream's own
   * @throws UnsupportedOperationException the default: this transport cannot parse callbacks
   */
  default WireReply readCallback(Map<String, List<String>> headers, InputStream body) throws IOException {
    throw new UnsupportedOperationException(getClass().getName() + " cannot read callback bodies");
  }

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
