package io.github.imageedits.acedata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.ApiKey;
import io.github.imageedits.AuthenticationException;
import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageEditException;
import io.github.imageedits.InsufficientBalanceException;
import io.github.imageedits.ModerationException;
import io.github.imageedits.ProviderException;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.TaskUpdate;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import io.github.imageedits.testkit.PreparedEdits;
import io.github.imageedits.testkit.TestImages;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AceData's asynchronous dialect: the callback payloads of AceData's Images Edits guide and
 * {@code POST /openai/tasks}.
 */
@DisplayName("The AceData adapter, asynchronously,")
class AceDataTasksTest {
  private static final String TASK = "6a97bf49-df50-4129-9e46-119aa9fca73c";
  private static final ProviderContext CONTEXT =
      new ProviderContext(URI.create("https://api.acedata.cloud"), ApiKey.of("acedata-test-token"));

  @TempDir Path dir;
  private final ProviderAdapter adapter = new AceData();
  private final RetrofitTransport transport = RetrofitTransport.create();

  @AfterEach
  void close() {
    transport.close();
  }

  /** {@code json} parsed by the real transport, as the reply of status {@code status}. */
  private WireReply reply(int status, String json) throws IOException {
    WireReply parsed = transport.readCallback(Map.of("Content-Type", List.of("application/json")),
        new ByteArrayInputStream(json.getBytes(UTF_8)));
    return new WireReply(status, parsed.headers(), parsed.json(), parsed.text());
  }

  /**
   * A task record as AceData's task documentation lists its fields, with {@code response} as given
   * (JSON text or null).
   */
  private static String record(String id, String response) {
    return """
        {"id": "%s", "trace_id": "9b4b1ff3-90f2-470f-b082-1061ec2948cc", "type": "images_edits",
         "request": {"model": "gpt-image-1", "prompt": "gift basket"},
         "response": %s, "created_at": 1721626400, "finished_at": %s, "duration": %s}
        """.formatted(id, response, response.equals("null") ? "null" : "1721626477",
        response.equals("null") ? "null" : "77.0");
  }

  @Test
  @DisplayName("asks for a task with POST /openai/tasks {action: retrieve, id}, with its key")
  void taskQuery() {
    WireRequest wire = adapter.toTaskWire(TASK, CONTEXT);
    assertThat(wire.method()).isEqualTo("POST");
    assertThat(wire.url()).isEqualTo(URI.create("https://api.acedata.cloud/openai/tasks"));
    assertThat(wire.headers()).containsEntry("Authorization", "Bearer acedata-test-token")
        .containsEntry("Accept", "application/json");
    assertThat(wire.body()).isEqualTo(new WireRequest.Json(Map.of("action", "retrieve", "id", TASK)));
  }

  @Test
  @DisplayName("sends the trace id beside the callback URL, in a form or in a JSON body")
  void traceIdOnTheWire() {
    PreparedEdit files = PreparedEdits.prepare(EditRequest.builder().model("gpt-image-1").prompt("p")
        .image(TestImages.png(dir, "a.png", 16, 16)).callbackUrl("https://hooks.example.com/cb").build(),
        adapter.capabilities());
    WireRequest form = adapter.toAsyncWire(files, CONTEXT, "order-4711");
    assertThat(((WireRequest.Multipart) form.body()).parts())
        .contains(new WireRequest.TextPart("callback_url", "https://hooks.example.com/cb"),
            new WireRequest.TextPart("trace_id", "order-4711"));
    PreparedEdit urls = PreparedEdits.prepare(EditRequest.builder().model("gpt-image-2").prompt("p")
        .imageUrl("https://images.example.com/in.png").callbackUrl("https://hooks.example.com/cb").build(),
        adapter.capabilities());
    WireRequest json = adapter.toAsyncWire(urls, CONTEXT, "order-4712");
    assertThat(((WireRequest.Json) json.body()).fields())
        .containsEntry("callback_url", "https://hooks.example.com/cb").containsEntry("trace_id", "order-4712");
  }

  @Test
  @DisplayName("reads the Images Edits guide's callback payload as the finished task it names")
  void callbackPayload() throws IOException {
    TaskUpdate update = adapter.readCallback(reply(200, AceDataDocs.CALLBACK_PAYLOAD));
    assertThat(update.taskId()).isEqualTo(TASK);
    assertThat(update.done()).isTrue();
    assertThat(update.failure()).isNull();
    assertThat(update.result().traceId()).isEqualTo("9b4b1ff3-90f2-470f-b082-1061ec2948cc");
    assertThat(update.result().created()).isEqualTo(1721626477L);
    assertThat(update.result().images()).singleElement().satisfies(image ->
        assertThat(image.data().bytes()).isEqualTo(Base64.getDecoder().decode(AceDataDocs.PNG_BASE64)));
  }

  @Test
  @DisplayName("reads an error callback as a failed task with the typed error and AceData's status for its code")
  void errorCallback() throws IOException {
    TaskUpdate update = adapter.readCallback(reply(200, """
        {"success": false, "task_id": "%s", "trace_id": "t-1",
         "error": {"code": "used_up", "message": "Balance insufficient"}}
        """.formatted(TASK)));
    assertThat(update.taskId()).isEqualTo(TASK);
    assertThat(update.failure()).isInstanceOfSatisfying(InsufficientBalanceException.class, e -> {
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.code()).isEqualTo("used_up");
      assertThat(e.traceId()).isEqualTo("t-1");
    });
    TaskUpdate apiError = adapter.readCallback(reply(200, """
        {"success": false, "task_id": "%s", "error": {"code": "api_error", "message": "fetch failed"}}
        """.formatted(TASK)));
    assertThat(((ProviderException) apiError.failure()).isTransient()).isTrue();
  }

  @Test
  @DisplayName("refuses a callback without a task id or without images")
  void unreadableCallbacks() {
    assertThatThrownBy(() -> adapter.readCallback(reply(200, "{\"success\": true, \"data\": {\"data\": []}}")))
        .isInstanceOf(TransportException.class).hasMessageContaining("task_id");
    assertThatThrownBy(() -> adapter.readCallback(reply(200,
        "{\"success\": true, \"task_id\": \"x\", \"data\": {\"created\": 1, \"data\": []}}")))
        .isInstanceOf(TransportException.class);
  }

  @Test
  @DisplayName("reads a task record: running without a response, running for {}, finished with the synchronous reply")
  void taskRecords() throws IOException {
    assertThat(adapter.readTask(TASK, reply(200, record(TASK, "null")))).isEqualTo(TaskUpdate.running(TASK));
    assertThat(adapter.readTask(TASK, reply(200, "{}"))).isEqualTo(TaskUpdate.running(TASK));
    TaskUpdate done = adapter.readTask(TASK, reply(200, record(TASK, AceDataDocs.B64_REPLY)));
    assertThat(done.done()).isTrue();
    assertThat(done.result().model()).as("from the record's request").isEqualTo("gpt-image-1");
    assertThat(done.result().taskId()).isEqualTo("0f6d1c4e-5a7b-4c8d-9e0f-1a2b3c4d5e6f");
    assertThat(done.result().images()).singleElement().satisfies(image ->
        assertThat(image.data().bytes()).isEqualTo(Base64.getDecoder().decode(AceDataDocs.PNG_BASE64)));
    TaskUpdate nested = adapter.readTask(TASK, reply(200, record(TASK, AceDataDocs.CALLBACK_PAYLOAD)));
    assertThat(nested.result().images()).hasSize(1);
  }

  @Test
  @DisplayName("reads a task whose response is an error as failed, typed by its code")
  void failedTask() throws IOException {
    TaskUpdate update = adapter.readTask(TASK, reply(200, record(TASK,
        "{\"success\": false, \"error\": {\"code\": \"forbidden\", \"message\": \"refused\"}, \"trace_id\": \"t-2\"}")));
    assertThat(update.failure()).isInstanceOf(ModerationException.class);
    assertThat(((ImageEditException) update.failure()).getMessage()).contains("refused");
  }

  @Test
  @DisplayName("throws for a failed query (a bad key) and for a record about another task")
  void failedQueries() throws IOException {
    WireReply unauthorized = reply(401, AceDataDocs.error("invalid_token", "Unauthorized", "t-401"));
    assertThatThrownBy(() -> adapter.readTask(TASK, unauthorized)).isInstanceOf(AuthenticationException.class);
    WireReply other = reply(200, record("another-task", "null"));
    assertThatThrownBy(() -> adapter.readTask(TASK, other))
        .isInstanceOf(TransportException.class).hasMessageContaining("another-task");
  }
}
