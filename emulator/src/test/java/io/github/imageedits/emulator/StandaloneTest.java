package io.github.imageedits.emulator;

import static io.github.imageedits.spi.JsonTree.bool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The emulator on a chosen host, and standalone")
class StandaloneTest {
  private static final Wire wire = new Wire();

  @AfterAll
  static void closeWire() {
    wire.close();
  }

  private static void editsAt(ProviderEmulator emulator, URI base) throws Exception {
    Wire.Answer answer = wire.multipart(base.resolve("/openai/images/edits"), emulator.token(), form -> form
        .addFormDataPart("model", "gpt-image-1").addFormDataPart("prompt", "p")
        .addFormDataPart("image", "a.png", Wire.part(Wire.png(8, 8, Color.BLACK))));
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(bool(answer.json(), "success")).isTrue();
  }

  @Test
  @DisplayName("binds IPv6 loopback by host name ::1 and by [::1], and answers there")
  void ipv6() throws Exception {
    for (String host : List.of("::1", "[::1]")) {
      try (ProviderEmulator emulator = ProviderEmulator.builder().host(host).build()) {
        URI base = emulator.start();
        assertThat(base.getHost()).isEqualTo("[::1]");
        editsAt(emulator, base);
      }
    }
  }

  @Test
  @DisplayName("binds a given address, and names loopback in the URL when bound to every interface")
  void bind() throws Exception {
    try (ProviderEmulator emulator = ProviderEmulator.builder().bind(InetAddress.getByName("127.0.0.1")).build()) {
      assertThat(emulator.start().getHost()).isEqualTo("127.0.0.1");
    }
    try (ProviderEmulator emulator = ProviderEmulator.builder().host("0.0.0.0").build()) {
      URI base = emulator.start();
      assertThat(base.getHost()).isEqualTo("127.0.0.1");
      editsAt(emulator, base);
    }
    assertThatThrownBy(() -> ProviderEmulator.builder().host(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProviderEmulator.builder().host("no-such-host.invalid"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-host.invalid");
    assertThatThrownBy(() -> ProviderEmulator.builder().bind(null)).hasMessage("address == null");
  }

  @Test
  @DisplayName("main's setup serves both dialects on ::1 and prints their base URLs and a curl example")
  void main() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<ProviderEmulator> emulators = EmulatorMain.start(
        new String[] {"--host", "::1", "--port", "0", "--token", "cli-token"},
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      String out = bytes.toString(StandardCharsets.UTF_8);
      assertThat(emulators).extracting(ProviderEmulator::dialect)
          .containsExactly(ProviderEmulator.Dialect.ACEDATA, ProviderEmulator.Dialect.CHAINHUB);
      Matcher aceData = Pattern.compile("AceData emulator: +(http://\\S+)").matcher(out);
      Matcher chainHub = Pattern.compile("ChainHub emulator: +(http://\\S+)").matcher(out);
      assertThat(aceData.find()).as(out).isTrue();
      assertThat(chainHub.find()).as(out).isTrue();
      assertThat(aceData.group(1)).isEqualTo(emulators.get(0).baseUrl().toString()).startsWith("http://[::1]:");
      assertThat(chainHub.group(1)).isEqualTo(emulators.get(1).baseUrl().toString());
      assertThat(out).contains("curl -s " + aceData.group(1) + "/openai/images/edits -H 'Authorization: Bearer cli-token'")
          .contains("base URL " + aceData.group(1) + "/v1");
      editsAt(emulators.get(0), URI.create(aceData.group(1)));
    } finally {
      emulators.forEach(ProviderEmulator::close);
    }
  }

  @Test
  @DisplayName("main's setup takes one dialect, strict part types, and refuses bad options")
  void options() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<ProviderEmulator> one = EmulatorMain.start(
        new String[] {"--port", "0", "--dialect", "chainhub", "--strict-part-types"}, out);
    try {
      assertThat(one).singleElement().extracting(ProviderEmulator::dialect).isEqualTo(ProviderEmulator.Dialect.CHAINHUB);
      assertThat(one.get(0).baseUrl().getHost()).isEqualTo(EmulatorMain.DEFAULT_HOST);
    } finally {
      one.forEach(ProviderEmulator::close);
    }
    assertThat(EmulatorMain.start(new String[] {"--help"}, out)).isEmpty();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("--port " + EmulatorMain.DEFAULT_PORT);
    assertThatThrownBy(() -> EmulatorMain.start(new String[] {"--port", "x"}, out)).hasMessageContaining("--port");
    assertThatThrownBy(() -> EmulatorMain.start(new String[] {"--port"}, out)).hasMessage("--port needs a value");
    assertThatThrownBy(() -> EmulatorMain.start(new String[] {"--dialect", "openai"}, out)).hasMessageContaining("openai");
    assertThatThrownBy(() -> EmulatorMain.start(new String[] {"--bogus"}, out)).hasMessage("unknown option '--bogus'");
  }
}
