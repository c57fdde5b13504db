package io.github.imageedits.fal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditTask;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.TaskOptions;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.emulator.ReceivedEdit;
import io.github.imageedits.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fal adapter against the emulator's fal dialect: the whole queue, and its signed webhook. */
@DisplayName("fal against the emulator")
class FalEmulatorTest {
  @TempDir Path dir;

  @Test
  @DisplayName("edit submits, polls and fetches; the result is a real image of the requested size")
  void editThroughTheQueue() throws Exception {
    try (ProviderEmulator emulator = ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.FAL)
        .token("fal-emulator-key").build()) {
      String base = emulator.start().toString();
      try (ImageEditClient client = ImageEdits.builder().provider(Fal.NAME).baseUrl(base)
          .apiKey("fal-emulator-key").build()) {
        EditResult result = client.edit(EditRequest.builder().model("fal-ai/gpt-image-1/edit-image")
            .prompt("add a red scarf").image(TestImages.png(dir, "cat.png", 96, 64))
            .image(TestImages.jpeg(dir, "scarf.jpg", 32, 32))
            .size(io.github.imageedits.ImageSize.of(1024, 1536)).build());
        assertThat(result.images()).hasSize(1);
        assertThat(result.taskId()).startsWith("fal-ai/gpt-image-1/requests/");
        Path saved = client.save(result.images().get(0), dir, "scarf");
        BufferedImage image = ImageIO.read(saved.toFile());
        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(image.getHeight()).isEqualTo(1536);
      }
      ReceivedEdit submit = emulator.receivedEdits().get(0);
      assertThat(submit.path()).isEqualTo("/fal-ai/gpt-image-1/edit-image");
      assertThat(submit.authorized()).isTrue();
      assertThat(submit.field("prompt")).isEqualTo("add a red scarf");
      assertThat(submit.field("image_size")).isEqualTo("1024x1536");
      assertThat(submit.imageUrls()).hasSize(2).allSatisfy(u -> assertThat(u).startsWith("data:image/"));

      try (ImageEditClient wrongKey = ImageEdits.builder().provider(Fal.NAME).baseUrl(base).apiKey("nope").build()) {
        Throwable thrown = catchThrowable(() -> wrongKey.edit(EditRequest.builder().model("fal-ai/flux-pro/kontext")
            .prompt("x").image(TestImages.png(dir, "a.png", 16, 16)).build()));
        assertThat(thrown).isInstanceOf(AuthenticationException.class);
      }
    }
  }

  @Test
  @DisplayName("a submitted task completes from the emulator's webhook, signed with the key the adapter trusts")
  void signedWebhook() throws Exception {
    KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    try (ProviderEmulator emulator = ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.FAL)
        .token("fal-emulator-key").falWebhookKey(keys.getPrivate()).build()) {
      String base = emulator.start().toString();
      try (ImageEditClient client = ImageEdits.builder()
          .provider(Fal.builder().webhookKey(keys.getPublic()).build())
          .baseUrl(base).apiKey("fal-emulator-key")
          .callbackReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
          .build()) {
        TaskOptions noPolling = TaskOptions.builder().quietPeriod(Duration.ofMinutes(5))
            .deadline(Duration.ofMinutes(5)).build();
        EditTask task = client.submit(EditRequest.builder().model("fal-ai/nano-banana/edit")
            .prompt("add a red scarf").image(TestImages.png(dir, "cat.png", 64, 64)).build(), noPolling);
        EditResult result = task.await(Duration.ofSeconds(20));
        assertThat(result.images()).hasSize(1);
        assertThat(result.taskId()).isEqualTo(task.taskId());
      }
      assertThat(emulator.requestCount()).as("the submission only: the webhook finished the task").isEqualTo(1);
    }
  }
}
