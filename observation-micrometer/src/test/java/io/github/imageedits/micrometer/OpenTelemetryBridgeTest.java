package io.github.imageedits.micrometer;

import static io.github.imageedits.micrometer.DefaultImageEditObservationConvention.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.EditObserver;
import io.github.imageedits.EditResult;
import io.github.imageedits.FallbackClient;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ProviderException;
import io.github.imageedits.emulator.Fault;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.api.trace.StatusCode;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edits against the emulators through a real OpenTelemetry SDK (in-memory span exporter) bridged by
 * Micrometer Tracing, and a {@link SimpleMeterRegistry} for the metrics: the span tree, the span
 * attributes and events, and the meters' names, tags and values.
 */
@DisplayName("MicrometerEditObserver through the OpenTelemetry bridge and a meter registry")
class OpenTelemetryBridgeTest {
  @TempDir Path dir;
  private final Emulators emulators = new Emulators();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
      .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ObservationRegistry registry = ObservationRegistry.create();
  private final EditObserver observer = MicrometerEditObserver.create(registry);

  {
    OtelCurrentTraceContext current = new OtelCurrentTraceContext();
    OtelTracer tracer = new OtelTracer(tracerProvider.get("imageedits-test"), current, event -> {},
        new OtelBaggageManager(current, List.of(), List.of()));
    OtelPropagator propagator = new OtelPropagator(
        ContextPropagators.create(W3CTraceContextPropagator.getInstance()), tracerProvider.get("imageedits-test"));
    // As Spring Boot wires it: a sender context gets a CLIENT span, anything else an INTERNAL one.
    registry.observationConfig()
        .observationHandler(new DefaultMeterObservationHandler(meters))
        .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
            new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
            new DefaultTracingObservationHandler(tracer)));
  }

  @AfterEach
  void close() {
    emulators.close();
    tracerProvider.close();
  }

  @Test
  @DisplayName("a success: a CLIENT span with an attempt child, GenAI attributes, a timer per outcome")
  void success() {
    EditResult result;
    try (ImageEditClient client = emulators.chainHub(observer)) {
      result = client.edit(Emulators.request(dir));
    }
    SpanData edit = single("image_edit gpt-image-1");
    assertThat(edit.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(edit.getParentSpanContext().isValid()).as("a root span").isFalse();
    assertThat(edit.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    assertThat(attributes(edit)).containsEntry(OPERATION, "image_edit").containsEntry(PROVIDER, "chainhub")
        .containsEntry(REQUEST_MODEL, "gpt-image-1").containsEntry(OUTPUT_TYPE, "image")
        .containsEntry(OUTCOME, "success").containsEntry(HTTP_STATUS, "200")
        .containsEntry(INPUT_TOKENS, Long.toString(result.usage().inputTokens()))
        .containsEntry(OUTPUT_TOKENS, Long.toString(result.usage().outputTokens()))
        .containsEntry(IMAGES_IN, "1").containsEntry(ATTEMPTS, "1").containsKey(BYTES_UP).containsKey(BYTES_DOWN);
    assertThat(edit.getEvents()).extracting(EventData::getName)
        .anySatisfy(name -> assertThat(name).startsWith("uploaded ").endsWith(" bytes"))
        .anySatisfy(name -> assertThat(name).startsWith("downloaded "));
    SpanData attempt = single("attempt 1");
    assertThat(attempt.getParentSpanId()).isEqualTo(edit.getSpanId());
    assertThat(attempt.getTraceId()).isEqualTo(edit.getTraceId());
    assertThat(attributes(attempt)).containsEntry(HTTP_STATUS, "200").containsEntry(OUTCOME, "success");

    Timer timer = meters.get(EDIT).timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(tags(timer)).containsEntry(OPERATION, "image_edit").containsEntry(PROVIDER, "chainhub")
        .containsEntry(REQUEST_MODEL, "gpt-image-1").containsEntry(OUTPUT_TYPE, "image")
        .containsEntry(OUTCOME, "success").containsEntry(ERROR_TYPE, "none").containsEntry(HTTP_STATUS, "200")
        .containsEntry(PROVIDER_ERROR_CODE, "none").containsEntry("error", "none")
        .doesNotContainKeys(INPUT_TOKENS, IMAGES_IN, BYTES_UP, ATTEMPTS, PROMPT);
    assertThat(meters.get(EDIT + ".active").longTaskTimer().activeTasks()).isZero();
    assertThat(meters.get(MicrometerEditObserver.ATTEMPT).tag(HTTP_STATUS, "200").timer().count()).isEqualTo(1);
    assertThat(meters.get(EDIT + ".upload").counter().count()).isEqualTo(1);
    assertThat(meters.get(EDIT + ".download").counter().count()).isEqualTo(1);
    assertNoSecrets();
  }

  @Test
  @DisplayName("a retried 429: two attempt spans under the edit, a retry event, attempt timers by status")
  void retried429() {
    emulators.aceData.enqueueFault(Fault.status(429));
    try (ImageEditClient client = emulators.aceData(observer)) {
      client.edit(Emulators.request(dir));
    }
    SpanData edit = single("image_edit gpt-image-1");
    assertThat(children(edit)).extracting(SpanData::getName).containsExactly("attempt 1", "attempt 2");
    assertThat(attributes(single("attempt 1"))).containsEntry(HTTP_STATUS, "429")
        .containsEntry(PROVIDER_ERROR_CODE, "too_many_requests").containsEntry(OUTCOME, "rate_limit")
        .containsEntry(ERROR_TYPE, "429");
    assertThat(single("attempt 1").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(edit.getEvents()).extracting(EventData::getName)
        .anySatisfy(name -> assertThat(name).startsWith("retry after attempt 1 in "));
    assertThat(attributes(edit)).containsEntry(RETRIES, "1").containsEntry(ATTEMPTS, "2").containsEntry(OUTCOME, "success");

    assertThat(meters.get(EDIT).tag(PROVIDER, "acedata").tag(OUTCOME, "success").timer().count()).isEqualTo(1);
    assertThat(meters.get(EDIT + ".retry").tag(PROVIDER, "acedata").counter().count()).isEqualTo(1);
    assertThat(meters.get(MicrometerEditObserver.ATTEMPT).tag(HTTP_STATUS, "429")
        .tag(PROVIDER_ERROR_CODE, "too_many_requests").tag(OUTCOME, "rate_limit").timer().count()).isEqualTo(1);
    assertThat(meters.get(MicrometerEditObserver.ATTEMPT).tag(HTTP_STATUS, "200").timer().count()).isEqualTo(1);
    assertNoSecrets();
  }

  @Test
  @DisplayName("a fallback: the chain's span holds both providers' edit spans, each with its attempts")
  void fallback() {
    emulators.aceData.enqueueFault(Fault.status(500));
    try (ImageEditClient client = FallbackClient.of(emulators.aceData(observer), emulators.chainHub(observer))
        .observer(observer)) {
      assertThat(client.edit(Emulators.request(dir)).provider()).isEqualTo("chainhub");
    }
    SpanData chain = spans.getFinishedSpanItems().stream()
        .filter(s -> !s.getParentSpanContext().isValid()).reduce((a, b) -> {
          throw new AssertionError("two root spans: " + a + " and " + b);
        }).orElseThrow();
    assertThat(chain.getName()).isEqualTo("image_edit gpt-image-1");
    assertThat(attributes(chain)).containsEntry(PROVIDER, "chainhub").containsEntry(FALLBACK_POSITION, "1");
    assertThat(chain.getEvents()).extracting(EventData::getName).containsExactly("fallback from position 0 to chainhub");
    List<SpanData> edits = children(chain);
    assertThat(edits).extracting(s -> attributes(s).get(PROVIDER) + " " + attributes(s).get(OUTCOME))
        .containsExactly("acedata provider", "chainhub success");
    assertThat(edits).allSatisfy(s -> assertThat(children(s)).extracting(SpanData::getName).containsExactly("attempt 1"));
    assertThat(edits.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);

    assertThat(meters.get(FALLBACK).tag(PROVIDER, "chainhub").tag(FALLBACK_POSITION, "1").tag(OUTCOME, "success")
        .timer().count()).isEqualTo(1);
    assertThat(meters.get(FALLBACK + ".fallback").counter().count()).isEqualTo(1);
    assertThat(meters.get(EDIT).tag(PROVIDER, "acedata").tag(OUTCOME, "provider").tag(HTTP_STATUS, "500")
        .tag(ERROR_TYPE, "500").timer().count()).isEqualTo(1);
    assertThat(meters.get(EDIT).tag(PROVIDER, "chainhub").tag(OUTCOME, "success").timer().count()).isEqualTo(1);
    assertNoSecrets();
  }

  @Test
  @DisplayName("a failure: an ERROR span whose description names the class and status, not the provider's message")
  void failure() {
    emulators.aceData.enqueueFault(Fault.status(400, "moderation_blocked",
        "rejected: " + Emulators.PROMPT + " with key " + Emulators.ACEDATA_KEY));
    try (ImageEditClient client = emulators.aceData(observer)) {
      assertThatThrownBy(() -> client.edit(Emulators.request(dir))).isInstanceOf(ProviderException.class)
          .hasMessageContaining("CANARY-PROMPT");
    }
    SpanData edit = single("image_edit gpt-image-1");
    assertThat(edit.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(edit.getStatus().getDescription()).contains("HTTP 400 moderation_blocked");
    assertThat(attributes(edit)).containsEntry(HTTP_STATUS, "400").containsEntry(ERROR_TYPE, "400")
        .containsEntry(PROVIDER_ERROR_CODE, "moderation_blocked");
    Timer timer = meters.get(EDIT).timer();
    assertThat(tags(timer)).containsEntry(HTTP_STATUS, "400").containsEntry(ERROR_TYPE, "400")
        .containsEntry("error", "EditFailure");
    assertThat(tags(timer).get(OUTCOME)).isIn("moderation", "provider");
    assertNoSecrets();
  }

  @Test
  @DisplayName("the key canary: with prompts opted in, the prompt is a span attribute and still never a tag")
  void promptOptIn() {
    EditObserver withPrompts = MicrometerEditObserver.builder(registry).recordPrompts(true).build();
    try (ImageEditClient client = emulators.chainHub(withPrompts)) {
      client.edit(Emulators.request(dir));
    }
    assertThat(attributes(single("image_edit gpt-image-1"))).containsEntry(PROMPT, Emulators.PROMPT);
    assertThat(meterText()).doesNotContain("CANARY-PROMPT");
    assertThat(spanText()).doesNotContain(Emulators.CHAINHUB_KEY).doesNotContain("iVBORw0KGgo");
  }

  /** No key, no prompt and no image bytes (a PNG's base64 start) in any span or meter. */
  private void assertNoSecrets() {
    for (String text : List.of(spanText(), meterText())) {
      assertThat(text).isNotEmpty()
          .doesNotContain(Emulators.ACEDATA_KEY).doesNotContain(Emulators.CHAINHUB_KEY)
          .doesNotContain("canary-acedata").doesNotContain("canary-chainhub")
          .doesNotContain("CANARY-PROMPT").doesNotContain("red scarf")
          .doesNotContain("iVBORw0KGgo");
    }
  }

  private String spanText() {
    // SpanData's toString holds the name, attributes, events (with their attributes) and status.
    return spans.getFinishedSpanItems().toString();
  }

  private String meterText() {
    return meters.getMeters().stream().map(m -> m.getId().toString()).collect(Collectors.joining("\n"));
  }

  private SpanData single(String name) {
    List<SpanData> named = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("spans named " + name).hasSize(1);
    return named.get(0);
  }

  private List<SpanData> children(SpanData parent) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
  }

  private static Map<String, String> attributes(SpanData span) {
    return span.getAttributes().asMap().entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().getKey(), e -> String.valueOf(e.getValue())));
  }

  private static Map<String, String> tags(Meter meter) {
    return meter.getId().getTags().stream().collect(Collectors.toMap(Tag::getKey, Tag::getValue));
  }
}
