package io.github.imageedits.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The benchmark is only as honest as its stub: it must see every part it counts, refuse what a
 * provider would refuse, and serve exactly the large image it announces. (The benchmark itself
 * never runs in the build; see docs/benchmarks.md.)
 */
@DisplayName("The benchmark stub")
class StubTest {
  private static final long LARGE = 3L << 20;
  private Stub stub;
  private byte[] small;
  private byte[] head;

  @BeforeEach
  void start() throws Exception {
    small = Benchmarks.png(32, 32);
    head = Benchmarks.png(16, 16);
    stub = new Stub(small, head, LARGE);
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  @DisplayName("counts a named image/png part, its bytes, and answers with the small image")
  void countsParts() throws Exception {
    stub.warmUp(small, 1);

    assertThat(stub.requests.get()).isEqualTo(1);
    assertThat(stub.imageParts.get()).isEqualTo(1);
    assertThat(stub.imagePartsNamed.get()).isEqualTo(1);
    assertThat(stub.imagePartsPng.get()).isEqualTo(1);
    assertThat(stub.bodyBytes.get()).isGreaterThan(small.length);
    assertThat(stub.refused.get()).isZero();
  }

  @Test
  @DisplayName("refuses a request without the key, and one without an image part")
  void refuses() throws Exception {
    assertThat(post("text/plain", "no form here".getBytes(StandardCharsets.UTF_8), "Bearer bench-key"))
        .isEqualTo(400);
    assertThat(post("text/plain", "x".getBytes(StandardCharsets.UTF_8), null)).isEqualTo(400);
    assertThat(stub.refused.get()).isEqualTo(2);
  }

  @Test
  @DisplayName("streams a large b64_json image that decodes to the announced size, a real PNG first")
  void largeReply() throws Exception {
    stub.reply(Stub.Reply.LARGE);
    HttpURLConnection c = open();
    byte[] body = multipart();
    c.setFixedLengthStreamingMode(body.length);
    try (OutputStream out = c.getOutputStream()) {
      out.write(body);
    }
    String json;
    try (InputStream in = c.getInputStream()) {
      json = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
    int from = json.indexOf("\"b64_json\":\"") + 12;
    byte[] image = Base64.getDecoder().decode(json.substring(from, json.indexOf('"', from)));

    assertThat(c.getContentLengthLong()).isEqualTo(json.length());
    assertThat(image).hasSize((int) LARGE);
    assertThat(Arrays.copyOf(image, head.length)).isEqualTo(head);
    assertThat(json).contains("\"created\":1721626477", "\"task_id\":\"bench-task\"");
  }

  @Test
  @DisplayName("answers after the latency from another thread, and refuses with 429 beyond the limit")
  void latencyAndLimit() throws Exception {
    stub.limits(1, 300);
    long start = System.nanoTime();
    java.util.concurrent.CompletableFuture<Integer> first = java.util.concurrent.CompletableFuture.supplyAsync(this::edit);
    while (stub.requests.get() == 0) Thread.sleep(5); // the first holds the one place until answered
    int second = edit();
    int firstStatus = first.join();
    long waited = System.nanoTime() - start;
    int third = edit(); // the place is free again

    assertThat(firstStatus).isEqualTo(200);
    assertThat(second).isEqualTo(429);
    assertThat(third).isEqualTo(200);
    assertThat(waited).isGreaterThanOrEqualTo(300_000_000L);
    assertThat(stub.limited.get()).isEqualTo(1);
  }

  /** One small edit; its HTTP status, the body read to the end. */
  private int edit() {
    try {
      HttpURLConnection c = open();
      byte[] body = multipart();
      c.setRequestProperty("Content-Type", "multipart/form-data; boundary=b");
      c.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      int status = c.getResponseCode();
      try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
        if (in != null) in.readAllBytes();
      }
      return status;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private int post(String type, byte[] body, String auth) throws Exception {
    HttpURLConnection c = open();
    c.setRequestProperty("Content-Type", type);
    if (auth == null) c.setRequestProperty("Authorization", "Basic x");
    try (OutputStream out = c.getOutputStream()) {
      out.write(body);
    }
    return c.getResponseCode();
  }

  private HttpURLConnection open() throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(stub.root() + "/openai/images/edits").toURL().openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Authorization", "Bearer bench-key");
    return c;
  }

  private byte[] multipart() throws Exception {
    String text = "--b\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + BenchText.MODEL
        + "\r\n--b\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n" + BenchText.PROMPT
        + "\r\n--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
        + "Content-Type: image/png\r\n\r\n";
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.write(small);
    out.write("\r\n--b--\r\n".getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }
}
