package io.github.imageedits.client;

import java.time.Duration;

/** What the user configured for the transport; null means the transport's default. */
record TransportSettings(
    Duration connectTimeout, Duration writeTimeout, Duration readTimeout, Duration callTimeout) {}
