package io.github.imageedits.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.CallbackHandler;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditTask;
import io.github.imageedits.TaskOptions;
import io.github.imageedits.testkit.TestImages;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A callback and a poll that finish the same task: whichever comes first completes it, the other
 * is ignored (the callback answered 409, the poll's answer dropped), and the future completes once.
 * The poll result and the callback result carry different image URLs, so the winner is visible.
 */
@DisplayName("A callback racing a poll")
class CallbackPollRaceTest {
  private static final String BY_POLL = "https://cdn.example.com/by-poll.png";
  private static final String BY_CALLBACK = "https://cdn.example.com/by-callback.png";
  private static final TaskOptions POLL_AT_ONCE = TaskOptions.builder()
      .quietPeriod(Duration.ZERO).pollInterval(Duration.ofMillis(10)).maxPollInterval(Duration.ofMillis(20))
      .deadline(Duration.ofSeconds(30)).build();

  @TempDir Path dir;
  private ScriptedProvider provider;
  private ImageEditClient client;
  private CallbackHandler handler;

  @BeforeEach
  void start() {
    provider = new ScriptedProvider();
    client = ImageEdits.builder().provider("acedata").apiKey("scripted-key")
        .baseUrl(provider.baseUrl().toString())
        .callbackUrl("https://edits.example.com/hooks/imageedits")
        .build();
    handler = client.callbackHandler();
  }

  @AfterEach
  void stop() {
    client.close();
    provider.close();
  }

  private EditTask submit(TaskOptions options) {
    return client.submit(EditRequest.builder().model("gpt-image-1").prompt("Add a red scarf")
        .image(TestImages.png(dir, "cat.png", 32, 32)).build(), options);
  }

  private int deliver(URI url, String taskId) {
    byte[] body = ScriptedProvider.callback(taskId, BY_CALLBACK).getBytes(UTF_8);
    return handler.handle("POST", url.getRawPath(), url.getRawQuery(),
        Map.of("Content-Type", List.of("application/json")), new ByteArrayInputStream(body));
  }

  @Test
  @DisplayName("the poll first: the late callback is answered 409 and changes nothing")
  void pollWins() throws Exception {
    provider.onTaskQuery = id -> ScriptedProvider.finished(id, BY_POLL);
    EditTask task = submit(POLL_AT_ONCE);
    URI url = provider.nextCallbackUrl();
    assertThat(task.await(Duration.ofSeconds(10)).images().get(0).url()).isEqualTo(BY_POLL);
    assertThat(deliver(url, task.taskId())).isEqualTo(409);
    assertThat(task.await(Duration.ZERO).images().get(0).url()).isEqualTo(BY_POLL);
  }

  @Test
  @DisplayName("the callback first: the task is not asked about again")
  void callbackWins() throws Exception {
    CountDownLatch asked = new CountDownLatch(2);
    provider.onTaskQuery = id -> {
      asked.countDown();
      return ScriptedProvider.running(id);
    };
    EditTask task = submit(POLL_AT_ONCE);
    URI url = provider.nextCallbackUrl();
    assertThat(asked.await(10, TimeUnit.SECONDS)).as("polling runs").isTrue();
    assertThat(deliver(url, task.taskId())).isEqualTo(200);
    assertThat(task.await(Duration.ZERO).images().get(0).url()).isEqualTo(BY_CALLBACK);
    int queries = provider.taskQueries.get();
    Thread.sleep(100); // five poll intervals
    assertThat(provider.taskQueries.get()).as("queries after the callback").isLessThanOrEqualTo(queries + 1);
  }

  @RepeatedTest(15)
  @DisplayName("both at the same moment: exactly one completes the task, and the status says which")
  void simultaneous() throws Exception {
    CountDownLatch pollWaiting = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    provider.onTaskQuery = id -> {
      pollWaiting.countDown();
      try {
        go.await(10, TimeUnit.SECONDS); // hold the poll's answer until the callback is on its way
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ScriptedProvider.finished(id, BY_POLL);
    };
    EditTask task = submit(POLL_AT_ONCE);
    AtomicInteger completions = new AtomicInteger();
    task.future().whenComplete((r, e) -> completions.incrementAndGet());
    URI url = provider.nextCallbackUrl();
    assertThat(pollWaiting.await(10, TimeUnit.SECONDS)).isTrue();

    int[] status = new int[1];
    Thread callback = new Thread(() -> status[0] = deliver(url, task.taskId()));
    callback.start();
    go.countDown();
    callback.join(10_000);

    EditResult result = task.await(Duration.ofSeconds(10));
    String winner = result.images().get(0).url();
    if (status[0] == 200) {
      assertThat(winner).as("the callback was accepted, so it is its result").isEqualTo(BY_CALLBACK);
    } else {
      assertThat(status[0]).as("a callback that lost is refused").isEqualTo(409);
      assertThat(winner).isEqualTo(BY_POLL);
    }
    assertThat(completions.get()).isEqualTo(1);
    assertThat(deliver(url, task.taskId())).as("and any later delivery").isEqualTo(409);
  }
}
