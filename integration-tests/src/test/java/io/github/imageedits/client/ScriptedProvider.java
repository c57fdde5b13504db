package io.github.imageedits.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * An AceData-shaped provider whose every move the test decides: it answers each edit with
 * {@code {"task_id": "task-N"}} and records the callback URL it was given, but never calls back
 * (the test delivers callbacks itself); task queries are answered by {@link #onTaskQuery}. Hooks run
 * on the server's thread, before the reply goes out.
 */
final class ScriptedProvider implements AutoCloseable {
  private static final Pattern CALLBACK_URL =
      Pattern.compile("name=\"callback_url\"\r\n(?:[^\r\n]+\r\n)*\r\n([^\r\n]*)\r\n");
  private static final Pattern TASK_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

  final MockWebServer server = new MockWebServer();
  final BlockingQueue<String> callbackUrls = new LinkedBlockingQueue<>();
  final AtomicInteger taskQueries = new AtomicInteger();
  final AtomicInteger edits = new AtomicInteger();
  /** Answers a task query for a task id; by default the task is still running. */
  volatile Function<String, MockResponse> onTaskQuery = ScriptedProvider::running;
  /** Runs with (task id, callback URL) after an edit arrives and before its reply is sent. */
  volatile BiConsumer<String, String> beforeReply = (taskId, url) -> { };

  ScriptedProvider() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        if (path.equals("/openai/images/edits")) {
          String taskId = "task-" + edits.incrementAndGet();
          Matcher m = CALLBACK_URL.matcher(body);
          String url = m.find() ? m.group(1) : null;
          if (url != null) callbackUrls.add(url);
          beforeReply.accept(taskId, url);
          return json("{\"task_id\": \"" + taskId + "\"}");
        }
        if (path.equals("/openai/tasks")) {
          taskQueries.incrementAndGet();
          Matcher m = TASK_ID.matcher(body);
          return onTaskQuery.apply(m.find() ? m.group(1) : "");
        }
        return new MockResponse.Builder().code(404).build();
      }
    });
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getPort());
  }

  /** The callback URL of the next edit, waiting for it to arrive. */
  URI nextCallbackUrl() throws InterruptedException {
    String url = callbackUrls.poll(10, TimeUnit.SECONDS);
    if (url == null) throw new AssertionError("no edit with a callback_url arrived");
    return URI.create(url);
  }

  static MockResponse json(String body) {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
  }

  static MockResponse running(String taskId) {
    return json("{\"id\": \"" + taskId + "\", \"trace_id\": \"t\", \"type\": \"images_edits\","
        + " \"request\": {\"model\": \"gpt-image-1\"}, \"response\": null, \"created_at\": 1721626400,"
        + " \"finished_at\": null, \"duration\": null}");
  }

  /** A finished task record whose one image is {@code url}. */
  static MockResponse finished(String taskId, String url) {
    return json("{\"id\": \"" + taskId + "\", \"trace_id\": \"t\", \"type\": \"images_edits\","
        + " \"request\": {\"model\": \"gpt-image-1\"}, \"response\": {\"success\": true, \"task_id\": \""
        + taskId + "\", \"trace_id\": \"t\", \"created\": 1721626477, \"data\": [{\"url\": \"" + url + "\"}],"
        + " \"elapsed\": 3.5}, \"created_at\": 1721626400, \"finished_at\": 1721626477, \"duration\": 77.0}");
  }

  /** The callback payload of AceData's Images Edits guide for {@code taskId}, with one image at {@code url}. */
  static String callback(String taskId, String url) {
    return "{\"success\": true, \"task_id\": \"" + taskId + "\", \"trace_id\": \"9b4b1ff3\","
        + " \"data\": {\"created\": 1721626477, \"data\": [{\"url\": \"" + url + "\"}]}}";
  }

  @Override
  public void close() {
    server.close();
  }
}
