package io.github.imageedits.testkit.emulator;

import static io.github.imageedits.spi.JsonTree.bool;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("EmulatorExtension")
class EmulatorExtensionTest {
  @RegisterExtension
  static EmulatorExtension aceData = EmulatorExtension.aceData();

  private static final Wire wire = new Wire();

  @AfterAll
  static void closeWire() {
    wire.close();
  }

  private static void editOnce(ProviderEmulator emulator) throws Exception {
    Wire.Answer answer = wire.multipart(emulator.baseUrl().resolve("/openai/images/edits"), emulator.token(),
        form -> form.addFormDataPart("model", "gpt-image-1").addFormDataPart("prompt", "p")
            .addFormDataPart("image", "a.png", Wire.part(Wire.png(8, 8, Color.BLACK))));
    assertThat(bool(answer.json(), "success")).isTrue();
  }

  @Test
  @DisplayName("starts the emulator and injects it as a parameter")
  void injects(ProviderEmulator emulator) throws Exception {
    assertThat(emulator).isSameAs(aceData.emulator());
    assertThat(emulator.dialect()).isEqualTo(ProviderEmulator.Dialect.ACEDATA);
    assertThat(aceData.baseUrl().getHost()).isEqualTo("127.0.0.1");
    assertThat(aceData.token()).isEqualTo(ProviderEmulator.DEFAULT_TOKEN);
    editOnce(emulator);
    assertThat(emulator.receivedEdits()).hasSize(1);
  }

  @Test
  @DisplayName("clears received edits, the count and faults before each test (a static field)")
  void resets(ProviderEmulator emulator) throws Exception {
    assertThat(emulator.receivedEdits()).isEmpty();
    assertThat(emulator.requestCount()).isZero();
    emulator.enqueueFault(Fault.status(500)); // left pending on purpose: the next test must not see it
    emulator.enqueueFault(Fault.status(500));
    editOnceExpectingFault(emulator);
  }

  @Test
  @DisplayName("clears received edits, the count and faults before each test (again, whichever runs first)")
  void resetsAgain(ProviderEmulator emulator) throws Exception {
    assertThat(emulator.receivedEdits()).isEmpty();
    assertThat(emulator.requestCount()).isZero();
    editOnce(emulator);
  }

  private static void editOnceExpectingFault(ProviderEmulator emulator) throws Exception {
    Wire.Answer answer = wire.multipart(emulator.baseUrl().resolve("/openai/images/edits"), emulator.token(),
        form -> form.addFormDataPart("prompt", "p"));
    assertThat(answer.status()).isEqualTo(500);
  }

  @Nested
  @DisplayName("in an instance field")
  class InstanceField {
    @RegisterExtension
    final EmulatorExtension chainHub = EmulatorExtension.of(ProviderEmulator.builder()
        .dialect(ProviderEmulator.Dialect.CHAINHUB)
        .token("other")
        .callbackDelay(Duration.ZERO));

    @Test
    @DisplayName("starts a fresh emulator for the test, next to the class's")
    void fresh() {
      URI base = chainHub.baseUrl();
      assertThat(base).isNotEqualTo(aceData.baseUrl());
      assertThat(chainHub.emulator().dialect()).isEqualTo(ProviderEmulator.Dialect.CHAINHUB);
      assertThat(chainHub.token()).isEqualTo("other");
      assertThat(aceData.emulator().baseUrl()).isNotNull(); // the outer one still runs
    }
  }
}
