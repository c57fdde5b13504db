package io.github.imageedits.cli;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ProgressListener;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.spi.ProviderAdapter;
import java.net.URI;
import java.util.Map;

/**
 * One command's connection to its provider: a client, and for the sandbox the in-process emulator
 * behind it. Closing it stops both.
 */
final class Session implements AutoCloseable {
  private final ImageEditClient client;
  private final ProviderEmulator sandbox;

  private Session(ImageEditClient client, ProviderEmulator sandbox) {
    this.client = client;
    this.sandbox = sandbox;
  }

  /**
   * Opens a session. The sandbox starts the AceData emulator on loopback and talks to it through
   * the real AceData adapter and transport; it needs no token. {@code progress} hears the bytes of
   * every call.
   */
  static Session open(ProviderChoice choice, Map<String, String> env, String baseUrl,
      ProxySettings proxy, ProgressListener progress) {
    return open(choice, env, baseUrl, proxy, progress, null);
  }

  /**
   * Opens a session with {@code adapter}, a configured adapter for {@code choice} (Azure's
   * deployment and API version), or by the choice's name when null.
   */
  static Session open(ProviderChoice choice, Map<String, String> env, String baseUrl,
      ProxySettings proxy, ProgressListener progress, ProviderAdapter adapter) {
    if (choice == ProviderChoice.SANDBOX) {
      ProviderEmulator emulator = ProviderEmulator.builder()
          .dialect(ProviderEmulator.Dialect.ACEDATA)
          .build();
      URI root = emulator.start();
      try {
        ImageEditClient client = ImageEdits.builder()
            .provider(choice.adapterName)
            .apiKey(emulator.token())
            .baseUrl(baseUrl != null ? baseUrl : root.toString())
            .progressListener(progress)
            .build(); // the emulator is on loopback: no proxy
        return new Session(client, emulator);
      } catch (RuntimeException e) {
        emulator.close();
        throw e;
      }
    }
    ImageEdits.Builder builder = (adapter != null
            ? ImageEdits.builder().provider(adapter) : ImageEdits.builder().provider(choice.adapterName))
        .apiKey(choice.token(env))
        .progressListener(progress);
    if (baseUrl != null) builder.baseUrl(baseUrl);
    if (proxy != null) builder.proxySelector(proxy);
    return new Session(builder.build(), null);
  }

  ImageEditClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    if (sandbox != null) sandbox.close();
  }
}
