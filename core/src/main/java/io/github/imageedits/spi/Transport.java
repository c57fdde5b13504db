package io.github.imageedits.spi;

import io.github.imageedits.ProgressListener;
import io.github.imageedits.UnsupportedFeatureException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The port through which adapters reach the network. The transport streams request bodies from
 * their sources, parses JSON replies into {@link WireReply#json()} and bounds everything it reads.
 * It never throws for an HTTP status: a 4xx or 5xx is a {@link WireReply} for the adapter to read.
 */
public interface Transport extends Closeable {

  /** Prepares one call; nothing is sent until {@link Call#execute()}. */
  Call newCall(WireRequest request);

  /**
   * Prepares one call that reports its progress: request body bytes as they are sent and reply body
   * bytes as they are read. A transport that cannot count ignores {@code progress}.
   */
  default Call newCall(WireRequest request, ProgressListener progress) {
    return newCall(request);
  }

  /**
   * Opens a result image by its URL, for streaming: a GET carrying no credentials, following at
   * most a few redirects (each target checked like the first), and failing once more than
   * {@code maxBytes} have been read from the body. The caller closes the download.
   *
   * @throws io.github.imageedits.TransportException the connection failed or too many redirects
   * @throws io.github.imageedits.EditTimeoutException a timeout ran out
   */
  Download download(URI url, long maxBytes);

  /** {@link #download(URI, long)}, reporting body bytes as they are read; may ignore {@code progress}. */
  default Download download(URI url, long maxBytes, ProgressListener progress) {
    return download(url, maxBytes);
  }

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
    @Nullable String contentType();

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

    /**
     * Sends the request and, when the reply is a 2xx {@code text/event-stream}, reads it as
     * server-sent events, handing each event that has data to {@code handler} as soon as it is
     * read, until the handler returns false or the stream ends. Then the reply's status and headers
     * come back, with {@code json} and {@code text} null. Any other reply (an error, a JSON body)
     * is read and returned as {@link #execute()} does, and the handler is not called.
     *
     * <p>Every line and event is bounded; a stream that breaks or ends inside an event fails with
     * a {@link io.github.imageedits.TransportException}. An exception thrown by the handler stops
     * the read, closes the connection and reaches the caller unchanged.
     *
     * @throws UnsupportedFeatureException the transport cannot read event streams (the default);
     *     nothing was sent
     */
    default WireReply execute(EventHandler handler) {
      throw new UnsupportedFeatureException("transport " + getClass().getSimpleName(),
          "server-sent events");
    }

    /** Cancels the call; a running {@link #execute()} fails promptly. */
    void cancel();
  }

  /** Receives the events of a server-sent event stream, one at a time, on the reading thread. */
  @FunctionalInterface
  interface EventHandler {
    /** Handles one event; returns false to stop reading (the connection is then closed). */
    boolean onEvent(WireEvent event);
  }
}
