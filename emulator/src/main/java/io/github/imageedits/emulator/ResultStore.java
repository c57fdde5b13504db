package io.github.imageedits.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The emulator's CDN: images by file name ({@code id.ext}), each with the instant its link stops
 * working, like the providers' signed result links. Inputs a test publishes never expire.
 */
final class ResultStore {
  /** One stored image. {@code expires} is null for an image that never expires. */
  record Entry(byte[] bytes, String mediaType, Instant expires) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;

  ResultStore(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /** Stores a result under {@code name}; it expires after the configured time. */
  void putResult(String name, byte[] bytes, String mediaType) {
    entries.put(name, new Entry(bytes, mediaType, clock.instant().plus(ttl)));
  }

  /** Stores an image that never expires. */
  void putPermanent(String name, byte[] bytes, String mediaType) {
    entries.put(name, new Entry(bytes, mediaType, null));
  }

  /** The entry named {@code name}, expired or not, or null. */
  Entry get(String name) {
    return entries.get(name);
  }

  boolean isExpired(Entry entry) {
    return entry.expires() != null && !clock.instant().isBefore(entry.expires());
  }
}
