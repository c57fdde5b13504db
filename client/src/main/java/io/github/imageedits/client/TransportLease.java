package io.github.imageedits.client;

import io.github.imageedits.spi.Transport;

/**
 * The client's transport and whether the client owns it: one the client built is closed with the
 * client; one given to {@link ImageEdits.Builder#transport} is borrowed and stays open, so several
 * clients can share one connection pool.
 */
record TransportLease(Transport transport, boolean owned) {}
