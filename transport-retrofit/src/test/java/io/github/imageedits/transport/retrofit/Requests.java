package io.github.imageedits.transport.retrofit;

import io.github.imageedits.Timeouts;
import io.github.imageedits.spi.WireRequest;
import java.net.URI;
import java.util.Map;

/** The wire requests the newer tests send, made in one place. */
final class Requests {
  static final String KEY = "sk-test-2b9e41d7";

  private Requests() {}

  /** A JSON POST with a bearer key, as an adapter makes it. */
  static WireRequest post(URI url) {
    return post(url, Map.of("Authorization", "Bearer " + KEY));
  }

  /** {@link #post(URI)} with timeouts of its own. */
  static WireRequest post(URI url, Timeouts timeouts) {
    return post(url).toBuilder().timeouts(timeouts).build();
  }

  static WireRequest post(URI url, Map<String, String> headers) {
    return WireRequest.builder().method("POST").url(url).headers(headers)
        .body(new WireRequest.Json(Map.of("model", "gpt-image-2"))).build();
  }
}
