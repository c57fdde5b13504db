package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditedImage;
import io.github.imageedits.FallbackClient;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.emulator.Fault;
import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.emulator.ProviderEmulator.Dialect;
import io.github.imageedits.emulator.ReceivedEdit;
import io.github.imageedits.testkit.TestImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fallback chain across three differently shaped providers, each a client on the emulator in its
 * dialect: Gemini (JSON with inline base64, synchronous), fal (a queue: submit, poll, fetch) and
 * AceData (OpenAI's multipart). Each client sends once ({@link RetryPolicy#none()}): this is about
 * moving on, not retrying in place.
 *
 * <p>Each provider names its models differently and {@link FallbackClient} passes the request on
 * unchanged, so each client here is given its provider's model by {@link OnModel}, a plain
 * forwarding client that sets the request's model before the provider's own client checks it.
 */
@DisplayName("A fallback chain of gemini, fal and acedata")
class MixedFallbackTest {
  static final String TOKEN = "fallback-token";

  @TempDir Path folder;
  ProviderEmulator gemini;
  ProviderEmulator fal;
  ProviderEmulator aceData;
  FallbackClient chain;

  @BeforeEach
  void start() {
    gemini = started(Dialect.GEMINI);
    fal = started(Dialect.FAL);
    aceData = started(Dialect.ACEDATA);
    chain = FallbackClient.of(
        new OnModel("gemini-2.5-flash-image", client("gemini", gemini)),
        new OnModel("fal-ai/flux-pro/kontext", client("fal", fal)),
        new OnModel("gpt-image-1", client("acedata", aceData)));
  }

  @AfterEach
  void stop() {
    chain.close();
    gemini.close();
    fal.close();
    aceData.close();
  }

  @Test
  @DisplayName("gemini answers 429, fal's queue answers 503, acedata serves the edit; each is tried once")
  void movesOnAcrossDialects() throws Exception {
    gemini.enqueueFault(Fault.status(429));
    fal.enqueueFault(Fault.status(503));

    try (EditResult result = chain.edit(request().build())) {
      assertThat(result.provider()).isEqualTo("acedata");
      assertThat(result.model()).isEqualTo("gpt-image-1");
      Path saved = chain.save(result.images().get(0), folder, "served");
      assertThat(ImageIO.read(saved.toFile())).isNotNull();
    }
    assertThat(gemini.requestCount()).as("gemini, tried once").isEqualTo(1);
    assertThat(fal.requestCount()).as("fal's submit, tried once; no poll followed the 503").isEqualTo(1);
    assertThat(aceData.receivedEdits()).as("acedata, once").hasSize(1);
    assertThat(gemini.receivedEdits().get(0).path()).isEqualTo("/v1beta/models/gemini-2.5-flash-image:generateContent");
    assertThat(fal.receivedEdits().get(0).path()).isEqualTo("/fal-ai/flux-pro/kontext");
  }

  @Test
  @DisplayName("a request with a mask skips gemini and fal's FLUX Kontext by their tables, without sending to them")
  void skipsByTable() throws Exception {
    EditRequest masked = request().mask(TestImages.mask(folder, "mask.png", 64, 64)).build();
    assertThat(chain.clients().get(0).check(masked).errors()).extracting(v -> v.field()).contains("mask");
    assertThat(chain.clients().get(1).check(masked).errors()).extracting(v -> v.field()).contains("mask");

    try (EditResult result = chain.edit(masked)) {
      assertThat(result.provider()).isEqualTo("acedata");
    }
    assertThat(gemini.requestCount()).isZero();
    assertThat(fal.requestCount()).isZero();
    assertThat(aceData.receivedEdits()).hasSize(1);
    assertThat(aceData.receivedEdits().get(0).files()).extracting(ReceivedEdit.Part::name).contains("mask");
  }

  @Test
  @DisplayName("with no fault the first provider, gemini, serves and the others are never called")
  void firstServes() throws Exception {
    try (EditResult result = chain.edit(request().build())) {
      assertThat(result.provider()).isEqualTo("gemini");
    }
    assertThat(fal.requestCount() + aceData.requestCount()).isZero();
  }

  EditRequest.Builder request() throws IOException {
    return EditRequest.builder().model("chosen by each client").prompt("Put a red hat on the cat")
        .image(TestImages.png(folder, "cat.png", 64, 64));
  }

  static ProviderEmulator started(Dialect dialect) {
    ProviderEmulator emulator = ProviderEmulator.builder().dialect(dialect).token(TOKEN).build();
    emulator.start();
    return emulator;
  }

  static ImageEditClient client(String provider, ProviderEmulator emulator) {
    return ImageEdits.builder().provider(provider).apiKey(TOKEN).baseUrl(emulator.baseUrl().toString())
        .retryPolicy(RetryPolicy.none()).build();
  }

  /** Forwards to {@code delegate} with the request's model set to {@code model}. */
  record OnModel(String model, ImageEditClient delegate) implements ImageEditClient {
    private EditRequest on(EditRequest request) {
      return request.toBuilder().model(model).build();
    }

    @Override public String provider() {
      return delegate.provider();
    }

    @Override public CapabilityTable capabilities() {
      return delegate.capabilities();
    }

    @Override public ValidationReport check(EditRequest request) {
      return delegate.check(on(request));
    }

    @Override public EditResult edit(EditRequest request) {
      return delegate.edit(on(request));
    }

    @Override public CompletableFuture<EditResult> editAsync(EditRequest request) {
      return delegate.editAsync(on(request));
    }

    @Override public Path save(EditedImage image, Path folder, String stem) throws IOException {
      return delegate.save(image, folder, stem);
    }

    @Override public void close() {
      delegate.close();
    }
  }
}
