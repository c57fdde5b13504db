package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageSource;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.spi.OpenAiCompatibleAdapter;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireRequest;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A transport given to the builder is borrowed: clients share it and closing one leaves it open. */
@DisplayName("A transport given to the builder")
class BorrowedTransportTest {
  private final MockWebServer server = new MockWebServer();
  private byte[] png;

  /** A plain OpenAI-compatible provider, as a third party would write it. */
  static final class Plain extends OpenAiCompatibleAdapter {
    Plain() {
      super("plain", URI.create("https://api.plain.invalid"), "/v1/images/edits");
    }

    @Override
    public CapabilityTable capabilities() {
      return CapabilityTable.builder("plain").model(ModelCapability.builder("plain-1").build()).build();
    }
  }

  @BeforeEach
  void start() throws IOException {
    server.start();
    png = png();
  }

  /** An 8x8 PNG, encoded by the JDK. */
  static byte[] png() throws IOException {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @DisplayName("is shared by several clients and stays open when they close")
  void borrowed() {
    try (Transport shared = RetrofitTransport.create()) {
      ImageEditClient first = client(shared);
      ImageEditClient second = client(shared);
      assertThat(edit(first).images()).hasSize(1);
      first.close();
      assertThat(edit(second).images()).as("the other client, after the first closed").hasSize(1);
      second.close();
      enqueueReply();
      WireRequest probe = WireRequest.builder().method("POST").url(server.url("/probe").uri())
          .headers(Map.of()).body(new WireRequest.Json(Map.of())).build();
      assertThat(shared.newCall(probe).execute().status()).as("the transport after both closed").isEqualTo(200);
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  private ImageEditClient client(Transport transport) {
    return ImageEdits.builder().provider(new Plain()).apiKey("k")
        .baseUrl("http://127.0.0.1:" + server.getPort()).transport(transport).build();
  }

  private EditResult edit(ImageEditClient client) {
    enqueueReply();
    return client.edit(EditRequest.builder().model("plain-1").prompt("p")
        .image(ImageSource.bytes("in.png", png)).build());
  }

  private void enqueueReply() {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"created\":1,\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(png) + "\"}]}")
        .build());
  }
}
