package io.github.imageedits.examples;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.emulator.ProviderEmulator;
import java.net.URI;

/** The emulator from plain code (no JUnit): a ChainHub emulator on a free loopback port. */
public final class EmulatorFromCode {
  private EmulatorFromCode() {}

  /** Sends {@code request} to a ChainHub emulator; prints what came back and what arrived. */
  public static void run(EditRequest request) {
    // README: emulator-code
    try (ProviderEmulator emulator = ProviderEmulator.builder()
        .dialect(ProviderEmulator.Dialect.CHAINHUB)   // or ACEDATA, AZURE, GEMINI, FAL
        .build()) {
      URI baseUrl = emulator.start();                 // http://127.0.0.1:<a free port>
      try (ImageEditClient client = ImageEdits.builder()
          .provider("chainhub")
          .apiKey(emulator.token())
          .baseUrl(baseUrl.toString())
          .build();
          EditResult result = client.edit(request)) {
        System.out.println(result.images().size() + " image(s) from " + result.provider());
        System.out.println(emulator.receivedEdits().get(0).fields());  // what arrived on the wire
      }
    }
    // END
  }
}
