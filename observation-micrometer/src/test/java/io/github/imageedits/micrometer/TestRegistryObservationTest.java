package io.github.imageedits.micrometer;

import static io.github.imageedits.micrometer.DefaultImageEditObservationConvention.*;
import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.AllProvidersFailedException;
import io.github.imageedits.EditContext;
import io.github.imageedits.EditObserver;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditTask;
import io.github.imageedits.TaskOptions;
import java.time.Duration;
import io.github.imageedits.FallbackClient;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ProviderException;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.emulator.Fault;
import io.github.imageedits.emulator.ProviderEmulator;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edits against the emulators, observed into Micrometer's {@link TestObservationRegistry}, which
 * also validates each observation's lifecycle (started once, stopped once, no error after stop).
 */
@DisplayName("MicrometerEditObserver with TestObservationRegistry")
class TestRegistryObservationTest {
  @TempDir Path dir;
  private final Emulators emulators = new Emulators();
  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private final EditObserver observer = MicrometerEditObserver.create(registry);
  /** The contexts in the order their observations stopped. */
  private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

  {
    registry.observationConfig().observationHandler(new ObservationHandler<>() {
      @Override
      public void onStop(Observation.Context context) {
        stopped.add(context);
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }
    });
  }

  @AfterEach
  void close() {
    emulators.close();
  }

  @Test
  @DisplayName("a success: one edit observation with the GenAI keys and usage, one attempt")
  void success() {
    try (ImageEditClient client = emulators.chainHub(observer)) {
      EditResult result = client.edit(Emulators.request(dir));
      assertThat(result.usage()).isNotNull();

      assertThat(registry).doesNotHaveAnyRemainingCurrentObservation()
          .hasNumberOfObservationsWithNameEqualTo(EDIT, 1)
          .hasNumberOfObservationsWithNameEqualTo(MicrometerEditObserver.ATTEMPT, 1)
          .hasObservationWithNameEqualTo(EDIT).that()
          .hasContextualNameEqualTo("image_edit gpt-image-1")
          .hasLowCardinalityKeyValue(OPERATION, "image_edit")
          .hasLowCardinalityKeyValue(PROVIDER, "chainhub")
          .hasLowCardinalityKeyValue(REQUEST_MODEL, "gpt-image-1")
          .hasLowCardinalityKeyValue(OUTPUT_TYPE, "image")
          .hasLowCardinalityKeyValue(OUTCOME, "success")
          .hasLowCardinalityKeyValue(ERROR_TYPE, "none")
          .hasLowCardinalityKeyValue(HTTP_STATUS, "200")
          .hasLowCardinalityKeyValue(PROVIDER_ERROR_CODE, "none")
          .doesNotHaveLowCardinalityKeyValueWithKey(FALLBACK_POSITION)
          .hasHighCardinalityKeyValue(INPUT_TOKENS, Long.toString(result.usage().inputTokens()))
          .hasHighCardinalityKeyValue(OUTPUT_TOKENS, Long.toString(result.usage().outputTokens()))
          .hasHighCardinalityKeyValue(IMAGES_IN, "1")
          .hasHighCardinalityKeyValue(ATTEMPTS, "1")
          .doesNotHaveHighCardinalityKeyValueWithKey(RETRIES)
          .doesNotHaveHighCardinalityKeyValueWithKey(PROMPT)
          .doesNotHaveError()
          .hasBeenStarted().hasBeenStopped();
      ImageEditObservationContext context = editContext();
      assertThat(context.uploadedBytes()).as("the multipart body went up").isGreaterThan(context.edit().imageBytes());
      assertThat(context.downloadedBytes()).isPositive();
      assertThat(context.edit().imageBytes()).isPositive();
      assertThat(registry).hasObservationWithNameEqualTo(MicrometerEditObserver.ATTEMPT).that()
          .hasContextualNameEqualTo("attempt 1")
          .hasParentObservationContextMatching(parent -> parent == context)
          .hasLowCardinalityKeyValue(HTTP_STATUS, "200")
          .hasLowCardinalityKeyValue(OUTCOME, "success");
    }
  }

  @Test
  @DisplayName("a retried 429: two attempts (429 too_many_requests, then 200) and a retry event")
  void retried429() {
    emulators.aceData.enqueueFault(Fault.status(429));
    try (ImageEditClient client = emulators.aceData(observer)) {
      client.edit(Emulators.request(dir));
    }
    assertThat(registry).doesNotHaveAnyRemainingCurrentObservation()
        .hasNumberOfObservationsWithNameEqualTo(EDIT, 1)
        .hasNumberOfObservationsWithNameEqualTo(MicrometerEditObserver.ATTEMPT, 2)
        .hasObservationWithNameEqualTo(EDIT).that()
        .hasLowCardinalityKeyValue(PROVIDER, "acedata")
        .hasLowCardinalityKeyValue(OUTCOME, "success")
        .hasLowCardinalityKeyValue(HTTP_STATUS, "200")
        .hasHighCardinalityKeyValue(ATTEMPTS, "2")
        .hasHighCardinalityKeyValue(RETRIES, "1")
        .hasEvent("retry");
    List<String> attempts = contexts(MicrometerEditObserver.ATTEMPT).stream()
        .map(c -> c.getContextualName() + " " + c.getLowCardinalityKeyValue(HTTP_STATUS).getValue()
            + " " + c.getLowCardinalityKeyValue(PROVIDER_ERROR_CODE).getValue()
            + " " + c.getLowCardinalityKeyValue(OUTCOME).getValue())
        .toList();
    assertThat(attempts).containsExactly("attempt 1 429 too_many_requests rate_limit", "attempt 2 200 none success");
  }

  @Test
  @DisplayName("a fallback: the chain's observation with a hop, the providers' observations its children")
  void fallback() {
    emulators.aceData.enqueueFault(Fault.status(500)); // not retried (not in the policy), but worth another provider
    try (ImageEditClient client = FallbackClient.of(emulators.aceData(observer), emulators.chainHub(observer))
        .observer(observer)) {
      EditResult result = client.edit(Emulators.request(dir));
      assertThat(result.provider()).isEqualTo("chainhub");
    }
    assertThat(registry).doesNotHaveAnyRemainingCurrentObservation()
        .hasNumberOfObservationsWithNameEqualTo(FALLBACK, 1)
        .hasNumberOfObservationsWithNameEqualTo(EDIT, 2)
        .hasObservationWithNameEqualTo(FALLBACK).that()
        .hasContextualNameEqualTo("image_edit gpt-image-1")
        .hasLowCardinalityKeyValue(PROVIDER, "chainhub")
        .hasLowCardinalityKeyValue(FALLBACK_POSITION, "1")
        .hasLowCardinalityKeyValue(OUTCOME, "success")
        .hasEvent("fallback");
    Observation.Context chain = contexts(FALLBACK).get(0);
    assertThat(contexts(EDIT)).allSatisfy(edit -> assertThat(edit.getParentObservation().getContextView()).isSameAs(chain));
    assertThat(contexts(EDIT)).extracting(c -> c.getLowCardinalityKeyValue(PROVIDER).getValue()
            + " " + c.getLowCardinalityKeyValue(OUTCOME).getValue() + " " + c.getLowCardinalityKeyValue(HTTP_STATUS).getValue())
        .containsExactly("acedata provider 500", "chainhub success 200");
  }

  @Test
  @DisplayName("an async fallback: the providers' observations are children of the chain's, across threads")
  void fallbackAsync() throws Exception {
    emulators.aceData.enqueueFault(Fault.status(502).retryAfter(java.time.Duration.ZERO));
    emulators.aceData.enqueueFault(Fault.status(502));
    emulators.aceData.enqueueFault(Fault.status(502));
    try (ImageEditClient client = FallbackClient.of(emulators.aceData(observer), emulators.chainHub(observer))
        .observer(observer)) {
      EditResult result = client.editAsync(Emulators.request(dir)).get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(result.provider()).isEqualTo("chainhub");
    }
    Observation.Context chain = contexts(FALLBACK).get(0);
    assertThat(contexts(EDIT)).hasSize(2)
        .allSatisfy(edit -> assertThat(edit.getParentObservation().getContextView()).isSameAs(chain));
    assertThat(contexts(MicrometerEditObserver.ATTEMPT)).hasSize(4);
    assertThat(chain.getLowCardinalityKeyValue(FALLBACK_POSITION).getValue()).isEqualTo("1");
    assertThat(registry).doesNotHaveAnyRemainingCurrentObservation();
  }

  @Test
  @DisplayName("a failure: the error is redacted (no provider message), the outcome classified")
  void failure() {
    emulators.aceData.enqueueFault(Fault.status(401, "invalid_token", "token " + Emulators.ACEDATA_KEY + " is not valid"));
    try (ImageEditClient client = emulators.aceData(observer)) {
      assertThatThrownBy(() -> client.edit(Emulators.request(dir))).isInstanceOf(ProviderException.class);
    }
    assertThat(registry).doesNotHaveAnyRemainingCurrentObservation()
        .hasObservationWithNameEqualTo(EDIT).that()
        .hasLowCardinalityKeyValue(OUTCOME, "provider")
        .hasLowCardinalityKeyValue(ERROR_TYPE, "401")
        .hasLowCardinalityKeyValue(HTTP_STATUS, "401")
        .hasLowCardinalityKeyValue(PROVIDER_ERROR_CODE, "invalid_token")
        .hasError()
        .assertThatError().isInstanceOf(EditFailure.class)
        .message().doesNotContain(Emulators.ACEDATA_KEY).contains("401");
    assertThat(editContext().failure()).as("the context keeps the original").isInstanceOf(ProviderException.class);
  }

  @Test
  @DisplayName("every provider of a chain failing: AllProvidersFailedException, classified by the last failure")
  void allFailed() {
    for (int i = 0; i < 3; i++) emulators.aceData.enqueueFault(Fault.status(503));
    for (int i = 0; i < 3; i++) emulators.chainHub.enqueueFault(Fault.status(429));
    try (ImageEditClient client = FallbackClient.of(emulators.aceData(observer), emulators.chainHub(observer))
        .observer(observer)) {
      assertThatThrownBy(() -> client.edit(Emulators.request(dir))).isInstanceOf(AllProvidersFailedException.class);
    }
    assertThat(registry).doesNotHaveAnyRemainingCurrentObservation()
        .hasObservationWithNameEqualTo(FALLBACK).that()
        .hasLowCardinalityKeyValue(OUTCOME, "rate_limit")
        .hasLowCardinalityKeyValue(FALLBACK_POSITION, "1")
        .hasError();
  }

  @Test
  @DisplayName("a task submission: one image_edit_submit observation that ends at the acceptance, with the ids")
  void submit() throws Exception {
    try (ImageEditClient client = emulators.aceData(observer)) {
      EditTask task = client.submit(Emulators.request(dir).toBuilder()
              .callbackUrl("https://hooks.example.com/imageedits/never-called").build(),
          TaskOptions.builder().traceId("order-4711").pollInterval(Duration.ofMillis(20))
              .deadline(Duration.ofSeconds(30)).build());
      assertThat(registry).hasObservationWithNameEqualTo(EDIT).that()
          .hasContextualNameEqualTo("image_edit_submit gpt-image-1")
          .hasLowCardinalityKeyValue(OPERATION, "image_edit_submit")
          .hasLowCardinalityKeyValue(OUTCOME, "success")
          .hasHighCardinalityKeyValue(TRACE_ID, "order-4711")
          .hasHighCardinalityKeyValue(TASK_ID, task.taskId())
          .doesNotHaveHighCardinalityKeyValueWithKey(PROMPT)
          .hasBeenStopped();
      task.await(Duration.ofSeconds(30)).close();
    }
    assertThat(registry).hasNumberOfObservationsWithNameEqualTo(EDIT, 1);
  }

  @Test
  @DisplayName("an edit that waited in the flow limiter's queue: its queue wait and the concurrency limit as keys and an event")
  void queueWait() throws Exception {
    // One edit at a time, each served after 400 ms: the second edit waits in the queue for the first.
    try (ProviderEmulator slow = ProviderEmulator.builder().token(Emulators.ACEDATA_KEY)
            .latency(Duration.ofMillis(400)).build()) {
      slow.start();
      try (ImageEditClient client = ImageEdits.builder().provider("acedata").apiKey(Emulators.ACEDATA_KEY)
          .baseUrl(slow.baseUrl().toString()).retryPolicy(Emulators.FAST).maxConcurrentEdits(1)
          .observer(observer).build()) {
        // One request for both: writing its image file again could cut the file the first is sending.
        EditRequest request = Emulators.request(dir);
        CompletableFuture<EditResult> first = client.editAsync(request);
        CompletableFuture<EditResult> second = client.editAsync(request);
        first.get(30, TimeUnit.SECONDS).close();
        second.get(30, TimeUnit.SECONDS).close();
      }
    }
    List<ImageEditObservationContext> edits = contexts(EDIT).stream()
        .map(ImageEditObservationContext.class::cast).toList();
    assertThat(edits).hasSize(2).allSatisfy(edit -> {
      assertThat(edit.concurrencyLimit()).isEqualTo(1);
      assertThat(edit.queueWait()).isNotNull();
      assertThat(edit.getHighCardinalityKeyValue(CONCURRENCY_LIMIT).getValue()).isEqualTo("1");
      assertThat(edit.getHighCardinalityKeyValue(QUEUE_WAIT).getValue())
          .isEqualTo(Long.toString(edit.queueWait().toMillis()));
    });
    ImageEditObservationContext waited = edits.stream()
        .max(java.util.Comparator.comparing(ImageEditObservationContext::queueWait)).orElseThrow();
    assertThat(waited.queueWait()).as("the second edit waited for the first's 400 ms")
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(registry).hasObservationWithNameEqualTo(EDIT).that()
        .hasHighCardinalityKeyValueWithKey(QUEUE_WAIT)
        .hasHighCardinalityKeyValue(CONCURRENCY_LIMIT, "1")
        .hasEvent("queued");
  }

  @Test
  @DisplayName("prompts are recorded only when opted in, as a high-cardinality key")
  void promptsOptIn() {
    EditObserver withPrompts = MicrometerEditObserver.builder(registry).recordPrompts(true).build();
    try (ImageEditClient client = emulators.chainHub(withPrompts)) {
      client.edit(Emulators.request(dir));
    }
    assertThat(registry).hasObservationWithNameEqualTo(EDIT).that()
        .hasHighCardinalityKeyValue(PROMPT, Emulators.PROMPT)
        .doesNotHaveLowCardinalityKeyValueWithKey(PROMPT);
  }

  @Test
  @DisplayName("a registry without handlers costs nothing: the port's NONE comes back, no context is built")
  void noopRegistry() {
    EditObserver observer = MicrometerEditObserver.create(ObservationRegistry.NOOP);
    EditContext context = EditContext.builder(EditContext.IMAGE_EDIT, "openai", "gpt-image-1").build();
    assertThat(observer.start(context)).isSameAs(EditObserver.Observation.NONE);
    assertThat(MicrometerEditObserver.create(ObservationRegistry.create()).start(context))
        .as("no handler registered").isSameAs(EditObserver.Observation.NONE);
  }

  private ImageEditObservationContext editContext() {
    return (ImageEditObservationContext) contexts(EDIT).get(0);
  }

  private List<Observation.Context> contexts(String name) {
    return stopped.stream().filter(c -> c.getName().equals(name)).toList();
  }
}
