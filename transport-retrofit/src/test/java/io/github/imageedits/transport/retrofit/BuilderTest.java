package io.github.imageedits.transport.retrofit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The builder")
class BuilderTest {
  @Test
  @DisplayName("defaults to timeouts suited to image editing")
  void defaults() {
    try (RetrofitTransport transport = RetrofitTransport.create()) {
      assertThat(transport).hasToString("RetrofitTransport[connect 10 s, write 120 s, read 300 s, call 600 s]");
    }
  }

  @Test
  @DisplayName("takes every timeout")
  void timeouts() {
    try (RetrofitTransport transport = RetrofitTransport.builder()
        .connectTimeout(Duration.ofSeconds(3))
        .writeTimeout(Duration.ofSeconds(4))
        .readTimeout(Duration.ofMillis(1500))
        .callTimeout(Duration.ofMinutes(2))
        .build()) {
      assertThat(transport).hasToString("RetrofitTransport[connect 3 s, write 4 s, read 1500 ms, call 120 s]");
    }
  }

  @Test
  @DisplayName("refuses unbounded waits, empty limits and nulls")
  void refuses() {
    RetrofitTransport.Builder builder = RetrofitTransport.builder();
    assertThatThrownBy(() -> builder.readTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readTimeout");
    assertThatThrownBy(() -> builder.callTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.connectTimeout(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("connectTimeout == null");
    assertThatThrownBy(() -> builder.maxErrorBodySize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.maxJsonSize(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.spillThreshold(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.maxImageSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.logger(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("logger == null");
    assertThatThrownBy(() -> builder.client(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.spillDirectory(null)).isInstanceOf(NullPointerException.class);
  }
}
