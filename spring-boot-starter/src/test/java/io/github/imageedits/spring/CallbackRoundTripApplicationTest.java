package io.github.imageedits.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.EditResult;
import io.github.imageedits.EditTask;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.TaskOptions;
import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.emulator.ReceivedEdit;
import java.net.URI;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One real application on a random port (Tomcat, Spring MVC, the actuator) configured only by
 * properties: it submits an asynchronous edit to the AceData emulator with a callback URL naming
 * its own endpoint, the emulator POSTs the signed callback there, and the task completes; the
 * actuator's metrics endpoint shows the edits, observed through the app's ObservationRegistry.
 *
 * <p>The callback URL must name the port, which a random port makes known only once the server has
 * started, after singletons are created; so this application starts lazily and the client is built
 * at its first use, when {@code ${local.server.port}} resolves (the default 0 only serves the
 * condition that asks whether a callback URL is set). An application behind a public URL
 * (the usual case) sets a fixed {@code imageedits.callback.url} and needs none of this.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.main.lazy-initialization=true",
    "imageedits.provider=acedata",
    "imageedits.callback.url=http://127.0.0.1:${local.server.port:0}/imageedits/callback",
    "management.endpoints.web.exposure.include=metrics"})
@DisplayName("A Spring Boot application completes an edit by the emulator's callback to its own endpoint")
class CallbackRoundTripApplicationTest {
  private static final ProviderEmulator EMULATOR =
      ProviderEmulator.builder().callbackDelay(Duration.ofMillis(50)).build();
  /** Callbacks only: polling would start after five minutes. */
  private static final TaskOptions CALLBACK_ONLY = TaskOptions.builder()
      .quietPeriod(Duration.ofMinutes(5)).deadline(Duration.ofSeconds(30)).build();

  @DynamicPropertySource
  static void emulator(DynamicPropertyRegistry registry) {
    EMULATOR.start();
    registry.add("imageedits.base-url", () -> EMULATOR.baseUrl().toString());
    registry.add("imageedits.api-key", EMULATOR::token);
  }

  @AfterAll
  static void stopEmulator() {
    EMULATOR.close();
  }

  @LocalServerPort int port;
  @Autowired ImageEditClient client;
  @Autowired Thumbnails thumbnails;

  @Test
  @DisplayName("submit, signed callback to the app's endpoint, task completed; unsigned posts refused")
  void callbackRoundTrip() throws Exception {
    int requestsBefore = EMULATOR.requestCount();
    int editsBefore = EMULATOR.receivedEdits().size();
    EditTask task = client.submit(TestImages.request(), CALLBACK_ONLY);
    EditResult result = task.await(Duration.ofSeconds(30));
    assertThat(result.taskId()).isEqualTo(task.taskId());
    assertThat(result.images()).hasSize(1);

    List<ReceivedEdit> edits = EMULATOR.receivedEdits();
    assertThat(edits).hasSize(editsBefore + 1);
    URI callback = URI.create(edits.get(edits.size() - 1).field("callback_url"));
    assertThat(callback.getPort()).as("the app's own port").isEqualTo(port);
    assertThat(callback.getPath()).isEqualTo("/imageedits/callback");
    assertThat(callback.getQuery()).contains("imageedits_sig=");
    assertThat(EMULATOR.requestCount()).as("the submission alone: no task was polled").isEqualTo(requestsBefore + 1);

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/imageedits/callback"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"task_id\":\"" + task.taskId() + "\"}"))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).as("no token: refused").isEqualTo(401);
  }

  @Test
  @DisplayName("the README's service edits through the bean")
  void readmeService(@TempDir Path dir) throws Exception {
    Path photo = Files.write(dir.resolve("cat.png"), TestImages.png());
    try (EditResult result = thumbnails.addScarf(photo)) {
      assertThat(result.provider()).isEqualTo("acedata");
      assertThat(result.images()).hasSize(1);
    }
  }

  @Test
  @DisplayName("the actuator's metrics endpoint shows the edits as imageedits.edit, tagged by provider and outcome")
  void actuatorMetrics() throws Exception {
    client.edit(TestImages.request());
    HttpResponse<String> metric = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + port + "/actuator/metrics/imageedits.edit?tag=gen_ai.provider.name:acedata"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metric.statusCode()).as(metric.body()).isEqualTo(200);
    JsonNode body = new ObjectMapper().readTree(metric.body());
    double count = 0;
    for (JsonNode measurement : body.get("measurements")) {
      if (measurement.get("statistic").asString().equals("COUNT")) count = measurement.get("value").asDouble();
    }
    assertThat(count).as("at least the edit above").isGreaterThanOrEqualTo(1);
    List<String> tags = new java.util.ArrayList<>();
    body.get("availableTags").forEach(tag -> tags.add(tag.get("tag").asString()));
    assertThat(tags).contains("gen_ai.operation.name", "gen_ai.request.model", "imageedits.outcome");
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Thumbnails.class)
  static class App {}
}
