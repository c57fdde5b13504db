package io.github.imageedits.emulator;

import static io.github.imageedits.spi.JsonTree.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The emulator's limits")
class LimitsTest {
  private static final Wire wire = new Wire();

  @AfterAll
  static void closeWire() {
    wire.close();
  }

  private static Wire.Answer edit(ProviderEmulator emulator) throws Exception {
    String path = emulator.dialect() == ProviderEmulator.Dialect.ACEDATA ? "/openai/images/edits" : "/v1/images/edits";
    return wire.multipart(emulator.baseUrl().resolve(path), emulator.token(), form -> form
        .addFormDataPart("model", "gpt-image-1")
        .addFormDataPart("prompt", "p")
        .addFormDataPart("image", "a.png", Wire.part(Wire.png(8, 8, Color.RED))));
  }

  /** Sends {@code n} edits at once and returns the answers. */
  private static List<Wire.Answer> burst(ProviderEmulator emulator, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Wire.Answer>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) futures.add(pool.submit(() -> edit(emulator)));
      List<Wire.Answer> answers = new ArrayList<>();
      for (Future<Wire.Answer> f : futures) answers.add(f.get());
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("concurrencyLimit: beyond it, 429 too_many_requests with Retry-After in AceData's body; refusals counted")
  void aceDataConcurrency() throws Exception {
    try (ProviderEmulator emulator = ProviderEmulator.builder().concurrencyLimit(2)
        .latency(Duration.ofMillis(600)).build()) {
      emulator.start();
      List<Wire.Answer> answers = burst(emulator, 5);

      List<Wire.Answer> refused = answers.stream().filter(a -> a.status() == 429).toList();
      assertThat(answers.stream().filter(a -> a.status() == 200)).hasSizeGreaterThanOrEqualTo(2);
      assertThat(refused).isNotEmpty();
      Wire.Answer one = refused.get(0);
      assertThat(one.header("Retry-After")).isEqualTo("1");
      Map<String, Object> body = object(one.json());
      assertThat(body).containsEntry("success", false).containsKey("trace_id");
      assertThat(object(body.get("error"))).containsEntry("code", "too_many_requests");
      assertThat(emulator.refusedCount()).isEqualTo(refused.size());
      assertThat(emulator.peakConcurrency()).isEqualTo(2);
      assertThat(emulator.receivedEdits()).hasSize(5);
    }
  }

  @Test
  @DisplayName("rateLimit: the request past the minute's allowance is refused in ChainHub's OpenAI-style body")
  void chainHubRate() throws Exception {
    try (ProviderEmulator emulator = ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.CHAINHUB)
        .rateLimit(2).build()) {
      emulator.start();
      assertThat(edit(emulator).status()).isEqualTo(200);
      assertThat(edit(emulator).status()).isEqualTo(200);
      Wire.Answer third = edit(emulator);

      assertThat(third.status()).isEqualTo(429);
      assertThat(Long.parseLong(third.header("Retry-After"))).isBetween(1L, 60L);
      Map<String, Object> error = object(object(third.json()).get("error"));
      assertThat(error).containsEntry("code", "rate_limit_exceeded").containsEntry("type", "rate_limit_error");
      assertThat(emulator.refusedCount()).isEqualTo(1);
      emulator.reset();
      assertThat(emulator.refusedCount()).isZero();
    }
  }

  @Test
  @DisplayName("latency: each edit takes at least the fixed time, or a time inside the range")
  void latency() throws Exception {
    try (ProviderEmulator emulator = ProviderEmulator.builder().latency(Duration.ofMillis(200), Duration.ofMillis(300))
        .build()) {
      emulator.start();
      long start = System.nanoTime();
      assertThat(edit(emulator).status()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
    assertThatThrownBy(() -> ProviderEmulator.builder().latency(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("the standalone command takes --concurrency-limit, --rate-limit and --latency")
  void standalone() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<ProviderEmulator> emulators = EmulatorMain.start(new String[] {"--port", "0", "--dialect", "acedata",
        "--concurrency-limit", "1", "--rate-limit", "100", "--latency", "500ms..700ms"},
        new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      List<Wire.Answer> answers = burst(emulators.get(0), 3);
      assertThat(answers).filteredOn(a -> a.status() == 429).hasSizeGreaterThanOrEqualTo(1);
      assertThat(emulators.get(0).peakConcurrency()).isEqualTo(1);
    } finally {
      emulators.forEach(ProviderEmulator::close);
    }
    assertThat(EmulatorMain.latency("1s")).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThat(EmulatorMain.latency("500ms..2s")).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(2));
    assertThatThrownBy(() -> EmulatorMain.start(new String[] {"--latency", "soon"}, System.out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--latency");
  }
}
