package io.github.imageedits.client;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The callback configuration as the builder collected it, before a receiver is bound.
 *
 * @param url the public callback URL, or null
 * @param receiverAddress where the built-in receiver listens, or null for none
 * @param secret the signing secret, or null for a random one
 * @param maxBodyBytes the largest callback body accepted
 */
record CallbackPlan(URI url, InetSocketAddress receiverAddress, byte[] secret, long maxBodyBytes) {
  /** True when the client receives callbacks at all. */
  boolean enabled() {
    return url != null || receiverAddress != null;
  }
}
