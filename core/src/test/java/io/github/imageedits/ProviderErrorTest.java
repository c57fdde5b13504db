package io.github.imageedits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ProviderError messages")
class ProviderErrorTest {
  @Test
  @DisplayName("an id that is both the trace id and the request id is printed once")
  void sameIdOnce() {
    ProviderError error = new ProviderError("acedata", 400, "bad_request", "size is invalid", "abc-1", "abc-1");

    assertThat(error.toString())
        .isEqualTo("acedata answered HTTP 400 bad_request: size is invalid (trace_id and x-request-id abc-1)");
  }

  @Test
  @DisplayName("different ids are both printed, each named")
  void differentIds() {
    ProviderError error = new ProviderError("acedata", 500, null, "boom", "t-1", "r-2");

    assertThat(error.toString()).isEqualTo("acedata answered HTTP 500: boom (trace_id t-1) (x-request-id r-2)");
  }

  @Test
  @DisplayName("a message that is already the whole line about a page in front of the provider is used as it is")
  void pageLine() {
    ProviderError error = new ProviderError("acedata", 502, null,
        "HTTP 502 Bad Gateway from nginx/1.22.1 in front of acedata", null, "r-9");

    assertThat(error.toString())
        .isEqualTo("HTTP 502 Bad Gateway from nginx/1.22.1 in front of acedata (x-request-id r-9)");
  }
}
