package io.github.imageedits.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import okhttp3.MultipartBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The emulator's charge counter")
class ChargesTest {
  private final Wire wire = new Wire();
  private final ProviderEmulator emulator = ProviderEmulator.builder().callbackDelay(Duration.ofMillis(20)).build();
  private final URI base = emulator.start();

  @AfterEach
  void close() {
    emulator.close();
    wire.close();
  }

  private int edit(String user, String prompt, Color color, String callbackUrl) throws Exception {
    return wire.multipart(base.resolve("/openai/images/edits"), emulator.token(), form -> {
      form.addFormDataPart("model", "gpt-image-1").addFormDataPart("prompt", prompt)
          .addFormDataPart("image", "a.png", Wire.part(Wire.png(8, 8, color)));
      if (user != null) form.addFormDataPart("user", user);
      if (callbackUrl != null) form.addFormDataPart("callback_url", callbackUrl);
    }).status();
  }

  @Test
  @DisplayName("counts one charge per answered edit, by user when given, else by prompt and first image")
  void perItem() throws Exception {
    assertThat(edit("item-1", "p", Color.RED, null)).isEqualTo(200);
    assertThat(edit("item-1", "p", Color.RED, null)).isEqualTo(200);
    assertThat(edit("item-2", "p", Color.RED, null)).isEqualTo(200);
    assertThat(edit(null, "p", Color.BLUE, null)).isEqualTo(200);
    assertThat(edit(null, "p", Color.BLUE, null)).isEqualTo(200);
    assertThat(edit(null, "other prompt", Color.BLUE, null)).isEqualTo(200);

    Map<String, Integer> charges = emulator.charges();
    assertThat(charges).containsEntry("item-1", 2).containsEntry("item-2", 1).hasSize(4);
    assertThat(charges.entrySet()).filteredOn(e -> e.getKey().startsWith("sha256:"))
        .extracting(Map.Entry::getValue).containsExactlyInAnyOrder(2, 1);
  }

  @Test
  @DisplayName("charges nothing for a refusal, an injected error or a dropped connection; a late reply is charged")
  void notCharged() throws Exception {
    assertThat(wire.multipart(base.resolve("/openai/images/edits"), emulator.token(), form -> form
        .addFormDataPart("model", "gpt-image-1").addFormDataPart("user", "refused")).status()).isEqualTo(400);
    emulator.enqueueFault(Fault.status(503));
    assertThat(edit("faulted", "p", Color.RED, null)).isEqualTo(503);
    emulator.enqueueFault(Fault.delay(Duration.ofMillis(50)));
    assertThat(edit("late", "p", Color.RED, null)).isEqualTo(200);

    assertThat(emulator.charges()).containsExactly(Map.entry("late", 1));
  }

  @Test
  @DisplayName("charges a task once, when accepted, however often it is queried")
  void tasks() throws Exception {
    assertThat(edit("task-item", "p", Color.RED, "http://127.0.0.1:9/callback")).isEqualTo(200);
    String taskId = emulator.receivedEdits().get(0).taskId();
    for (int i = 0; i < 3; i++) {
      assertThat(wire.json(base.resolve("/openai/tasks"), emulator.token(),
          Map.of("action", "retrieve", "id", taskId)).status()).isEqualTo(200);
    }

    assertThat(taskId).isNotNull();
    assertThat(emulator.charges()).containsExactly(Map.entry("task-item", 1));
  }

  @Test
  @DisplayName("answers GET /__emulator/charges with the same map as JSON, uncounted; reset() clears it")
  void overHttp() throws Exception {
    edit("a", "p", Color.RED, null);
    edit("b", "p", Color.RED, null);
    edit("b", "p", Color.RED, null);
    int requests = emulator.requestCount();

    Wire.Answer answer = wire.get(base + "/__emulator/charges");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("content-type")).startsWith("application/json");
    assertThat(answer.json()).isEqualTo(Map.of("a", 1.0, "b", 2.0));
    assertThat(emulator.requestCount()).isEqualTo(requests);
    emulator.reset();
    assertThat(emulator.charges()).isEmpty();
    assertThat(wire.get(base + "/__emulator/charges").text()).isEqualTo("{}");
  }
}
