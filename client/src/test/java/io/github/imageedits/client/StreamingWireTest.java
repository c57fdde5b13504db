package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.ApiKey;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageData;
import io.github.imageedits.ProviderException;
import io.github.imageedits.TransportException;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.ProviderFeature;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import io.github.imageedits.spi.OpenAiCompatibleAdapter;
import io.github.imageedits.spi.WireRequest;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireEvent;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.EditEvent;
import io.github.imageedits.spi.ProviderContext;

/** The OpenAI protocol's streaming side, written once in {@link OpenAiCompatibleAdapter}. */
@DisplayName("The OpenAI-compatible adapter, streaming")
class StreamingWireTest {
  private static final CapabilityTable TABLE = CapabilityTable.builder("openai-like")
      .feature(ProviderFeature.STREAMING).feature(ProviderFeature.URL_IMAGES)
      .model(ModelCapability.builder("gpt-image-2").urlImages(true).build())
      .build();
  private static final OpenAiCompatibleAdapter ADAPTER =
      new OpenAiCompatibleAdapter("openai-like", URI.create("https://api.example.com"), "/v1/images/edits") {
        @Override
        public CapabilityTable capabilities() {
          return TABLE;
        }
      };
  private static final ProviderContext CONTEXT =
      new ProviderContext(URI.create("https://api.example.com"), ApiKey.of("k"));

  private static PreparedEdit edit() {
    return Preparation.prepare(EditRequest.builder().model("gpt-image-2").prompt("p")
        .imageUrl("https://images.example.com/a.png").partialImages(3).build(), TABLE);
  }

  private static WireEvent event(String type, Map<String, Object> json) {
    return new WireEvent(type, null, new WireReply(200, Map.of("x-request-id", List.of("req-9")), json, null));
  }

  @Test
  @DisplayName("asks for events with a JSON body: \"stream\": true and Accept: text/event-stream, the key kept")
  void jsonBody() {
    WireRequest wire = ADAPTER.toStreamingWire(edit(), CONTEXT);

    assertThat(wire.headers()).containsEntry("Accept", "text/event-stream")
        .containsEntry("Authorization", "Bearer k");
    assertThat(((WireRequest.Json) wire.body()).fields())
        .containsEntry("stream", true)
        .containsEntry("partial_images", 3)
        .containsEntry("image", "https://images.example.com/a.png");
  }

  @Test
  @DisplayName("reads a partial image, a completed image with usage, and ignores what it does not know")
  void events() {
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("b64_json", ImageData.ofBytes(new byte[] {1, 2}));
    partial.put("partial_image_index", 2.0);
    partial.put("output_format", "webp");
    EditEvent first = ADAPTER.readEvent(edit(), event("image_edit.partial_image", partial));
    assertThat(first.partialImage().index()).isEqualTo(2);
    assertThat(first.partialImage().outputFormat()).isEqualTo("webp");
    assertThat(first.result()).isNull();

    Map<String, Object> done = new LinkedHashMap<>();
    done.put("type", "image_edit.completed");
    done.put("b64_json", "AQID");
    done.put("created_at", 1750000001.0);
    done.put("usage", Map.of("input_tokens", 5.0, "output_tokens", 7.0, "total_tokens", 12.0));
    EditResult result = ADAPTER.readEvent(edit(), event(null, done)).result();
    assertThat(result.images().get(0).data().bytes()).containsExactly(1, 2, 3);
    assertThat(result.created()).isEqualTo(1750000001L);
    assertThat(result.usage().totalTokens()).isEqualTo(12);
    assertThat(result.requestId()).isEqualTo("req-9");

    assertThat(ADAPTER.readEvent(edit(), new WireEvent(null, null,
        new WireReply(200, Map.of(), null, "[DONE]")))).isEqualTo(EditEvent.none());
    assertThat(ADAPTER.readEvent(edit(), event("image_edit.progress", Map.of("type", "image_edit.progress"))))
        .isEqualTo(EditEvent.none());
  }

  @Test
  @DisplayName("turns an error event into a provider error, nested or flat")
  void errors() {
    assertThatThrownBy(() -> ADAPTER.readEvent(edit(), event("error",
        Map.of("type", "error", "error", Map.of("code", "server_error", "message", "try again")))))
        .isInstanceOf(ProviderException.class).hasMessageContaining("try again");
    assertThatThrownBy(() -> ADAPTER.readEvent(edit(), event("error",
        Map.of("type", "error", "code", "rate_limit_exceeded", "message", "slow down"))))
        .isInstanceOf(ProviderException.class).hasMessageContaining("slow down")
        .satisfies(e -> assertThat(((ProviderException) e).code()).isEqualTo("rate_limit_exceeded"));
  }

  @Test
  @DisplayName("refuses a partial image event without an image")
  void partialWithoutImage() {
    assertThatThrownBy(() -> ADAPTER.readEvent(edit(), event("image_edit.partial_image", Map.of())))
        .isInstanceOf(TransportException.class).hasMessageContaining("without b64_json");
  }
}
