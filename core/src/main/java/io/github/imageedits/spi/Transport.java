package io.github.imageedits.spi;

import java.io.Closeable;

/**
 * The port through which adapters reach the network. The transport streams request bodies from
 * their sources, parses JSON replies into {@link WireReply#json()} and bounds everything it reads.
 * It never throws for an HTTP status: a 4xx or 5xx is a {@link WireReply} for the adapter to read.
 */
public interface Transport extends Closeable {

  /** Prepares one call; nothing is sent until {@link Call#execute()}. */
  Call newCall(WireRequest request);

  @Override
  void close();

  /** One HTTP exchange. */
  interface Call {
    /**
     * Sends the request and reads the reply.
     *
     * @throws io.github.imageedits.TransportException the connection failed or broke
     * @throws io.github.imageedits.EditTimeoutException a timeout ran out
     */
    WireReply execute();

    /** Cancels the call; a running {@link #execute()} fails promptly. */
    void cancel();
  }
}
