package io.github.imageedits.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.emulator.Fault;
import io.github.imageedits.emulator.ProviderEmulator;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("EmulatorExtension")
class EmulatorExtensionTest {
  @RegisterExtension
  static EmulatorExtension aceData = EmulatorExtension.aceData();

  // No retry on a dropped connection: a fault must surface, not be retried away.
  private static final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  @AfterAll
  static void closeHttp() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** POSTs a multipart edit built by {@code parts} and returns the HTTP status. */
  private static int post(ProviderEmulator emulator, Consumer<MultipartBody.Builder> parts) throws IOException {
    MultipartBody.Builder body = new MultipartBody.Builder().setType(MultipartBody.FORM);
    parts.accept(body);
    Request request = new Request.Builder().url(emulator.baseUrl().resolve("/openai/images/edits").toString())
        .post(body.build()).header("Authorization", "Bearer " + emulator.token()).build();
    try (Response response = http.newCall(request).execute()) {
      return response.code();
    }
  }

  private static void editOnce(ProviderEmulator emulator) throws Exception {
    byte[] image = TestImages.pngBytes("extension", 8, 8);
    int status = post(emulator, form -> form.addFormDataPart("model", "gpt-image-1").addFormDataPart("prompt", "p")
        .addFormDataPart("image", "a.png", RequestBody.create(image, MediaType.get("image/png"))));
    assertThat(status).isEqualTo(200);
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
    assertThat(post(emulator, form -> form.addFormDataPart("prompt", "p"))).isEqualTo(500);
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
