package io.github.imageedits.micrometer;

import io.github.imageedits.EditObserver;
import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.testkit.TestImages;
import java.nio.file.Path;
import java.time.Duration;

/** Two emulators (AceData and ChainHub) with canary keys, and clients of them with an observer. */
final class Emulators implements AutoCloseable {
  /** Keys and a prompt that must never show up in a span or a metric. */
  static final String ACEDATA_KEY = "sk-canary-acedata-4f1d9c";
  static final String CHAINHUB_KEY = "sk-canary-chainhub-7b2e10";
  static final String PROMPT = "CANARY-PROMPT put a red scarf on the cat";

  final ProviderEmulator aceData = ProviderEmulator.builder().token(ACEDATA_KEY).build();
  final ProviderEmulator chainHub = ProviderEmulator.builder()
      .dialect(ProviderEmulator.Dialect.CHAINHUB).token(CHAINHUB_KEY).build();

  Emulators() {
    aceData.start();
    chainHub.start();
  }

  /** Retries at once, so a retried 429 takes no time. */
  static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(3)
      .initialDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5)).build();

  ImageEditClient aceData(EditObserver observer) {
    return ImageEdits.builder().provider("acedata").apiKey(ACEDATA_KEY)
        .baseUrl(aceData.baseUrl().toString()).retryPolicy(FAST).observer(observer).build();
  }

  ImageEditClient chainHub(EditObserver observer) {
    return ImageEdits.builder().provider("chainhub").apiKey(CHAINHUB_KEY)
        .baseUrl(chainHub.baseUrl().toString()).retryPolicy(FAST).observer(observer).build();
  }

  static EditRequest request(Path dir) {
    return EditRequest.builder().model("gpt-image-1").prompt(PROMPT)
        .image(TestImages.png(dir, "cat.png", 32, 32)).build();
  }

  @Override
  public void close() {
    aceData.close();
    chainHub.close();
  }
}
