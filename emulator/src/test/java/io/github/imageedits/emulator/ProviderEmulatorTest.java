package io.github.imageedits.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ProviderEmulator's lifecycle and settings")
class ProviderEmulatorTest {
  @Test
  @DisplayName("starts once on loopback, refuses a second start, and closes idempotently")
  void lifecycle() {
    ProviderEmulator emulator = ProviderEmulator.builder().build();
    assertThatThrownBy(emulator::baseUrl).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
    var base = emulator.start();
    assertThat(base.getScheme()).isEqualTo("http");
    assertThat(base.getHost()).isEqualTo("127.0.0.1");
    assertThat(base.getPath()).isEmpty();
    assertThat(emulator.baseUrl()).isEqualTo(base);
    assertThat(emulator.toString()).contains(base.toString()).doesNotContain(emulator.token());
    assertThatThrownBy(emulator::start).isInstanceOf(IllegalStateException.class);
    emulator.close();
    emulator.close();
    assertThatThrownBy(emulator::start).isInstanceOf(IllegalStateException.class).hasMessage("closed");
  }

  @Test
  @DisplayName("closes without having started")
  void closeUnstarted() {
    ProviderEmulator emulator = ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.CHAINHUB).build();
    emulator.close();
    assertThat(emulator.dialect()).isEqualTo(ProviderEmulator.Dialect.CHAINHUB);
  }

  @Test
  @DisplayName("checks its settings and faults")
  void arguments() {
    ProviderEmulator.Builder builder = ProviderEmulator.builder();
    assertThatThrownBy(() -> builder.token(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.token(null)).hasMessage("token == null");
    assertThatThrownBy(() -> builder.port(70000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.resultTtl(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.callbackDelay(null)).hasMessage("callbackDelay == null");
    assertThatThrownBy(() -> Fault.status(200)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.delay(Duration.ofMillis(5)).retryAfter(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Fault.status(429).retryAfter(Duration.ofSeconds(2)).delayed(Duration.ofMillis(10)))
        .hasToString("Fault{status 429 after PT0.01S retry-after PT2S}");
    assertThat(Fault.disconnect()).hasToString("Fault{disconnect}");
  }

  @Test
  @DisplayName("wraps a long prompt into at most three lines, ending with an ellipsis")
  void wrap() {
    BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    FontMetrics fm = g.getFontMetrics();
    int width = fm.stringWidth("mmmmmmmmmm");

    List<String> lines = ImageEditor.wrap("one two three four five six seven eight nine ten eleven twelve thirteen "
        + "supercalifragilisticexpialidocious", fm, width);
    List<String> short1 = ImageEditor.wrap("  a   tidy\nprompt ", fm, width * 10);
    g.dispose();

    assertThat(lines).hasSize(3);
    assertThat(lines).allSatisfy(line -> assertThat(fm.stringWidth(line)).isLessThanOrEqualTo(width));
    assertThat(lines.get(0)).startsWith("one two");
    assertThat(lines.get(2)).endsWith("…");
    assertThat(short1).containsExactly("a tidy prompt");
  }
}
