package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.imageedits.testkit.TestImages;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's memory promise for Gemini: a 50 MB input image goes out as inline base64 in the JSON
 * body, and a result that decodes to 30 MiB comes back as inline base64, from a JVM capped at
 * {@code -Xmx64m} (the two base64 texts alone, 67 MB and 40 MiB, would not fit). The editing JVM is
 * forked so its heap cap is real. The server here decodes the request's {@code inlineData.data} as
 * it arrives and hashes it, and writes the reply's base64 as it sends it, so it holds almost
 * nothing itself.
 */
@DisplayName("Gemini with a 50 MB input and a 30 MiB result")
class GeminiLargeTest {
  private static final long INPUT_BYTES = 50L * 1000 * 1000;
  private static final long RESULT_BYTES = 30L << 20;
  private static final byte[] DATA_MARKER = "\"data\":\"".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path folder;
  private HttpServer server;
  private final AtomicLong receivedImageBytes = new AtomicLong();
  private final AtomicReference<String> receivedSha256 = new AtomicReference<>();
  private final AtomicReference<String> receivedKey = new AtomicReference<>();
  private final AtomicReference<String> sentSha256 = new AtomicReference<>();

  @BeforeEach
  void startServer() throws IOException {
    byte[] png = TestImages.pngBytes("large-gemini-result", 64, 64);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1beta/models/gemini-large-test:generateContent", exchange -> {
      receivedKey.set(exchange.getRequestHeaders().getFirst("x-goog-api-key"));
      readInlineImage(exchange);
      reply(exchange, png);
    });
    server.start();
  }

  /** Finds the first {@code "data":"} of the body and decodes the base64 up to its closing quote, hashing it. */
  private void readInlineImage(HttpExchange exchange) throws IOException {
    try (InputStream body = new BufferedInputStream(exchange.getRequestBody(), 1 << 16)) {
      int matched = 0;
      while (matched < DATA_MARKER.length) {
        int b = body.read();
        if (b < 0) throw new IOException("no inline data in the body");
        matched = b == DATA_MARKER[matched] ? matched + 1 : (b == DATA_MARKER[0] ? 1 : 0);
      }
      InputStream untilQuote = new InputStream() {
        private boolean done;

        @Override
        public int read() throws IOException {
          if (done) return -1;
          int b = body.read();
          if (b == '"' || b < 0) {
            done = true;
            return -1;
          }
          return b;
        }
      };
      MessageDigest sha = sha256();
      try (InputStream decoded = new DigestInputStream(Base64.getDecoder().wrap(untilQuote), sha)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = decoded.read(buffer)) > 0; ) receivedImageBytes.addAndGet(n);
      }
      receivedSha256.set(HexFormat.of().formatHex(sha.digest()));
      body.transferTo(OutputStream.nullOutputStream());
    }
  }

  /** Sends a Gemini reply whose inlineData is the PNG padded to 30 MiB, base64-encoded as it goes out. */
  private void reply(HttpExchange exchange, byte[] png) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(200, 0); // chunked
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Here it is, larger.\"},"
          + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"").getBytes(StandardCharsets.US_ASCII));
      sentSha256.set(LargeResultTest.writeBase64(out, png, RESULT_BYTES));
      out.write(("\"}}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],"
          + "\"usageMetadata\":{\"promptTokenCount\":560,\"candidatesTokenCount\":2000,\"totalTokenCount\":2560},"
          + "\"responseId\":\"large-1\"}").getBytes(StandardCharsets.US_ASCII));
    }
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  @DisplayName("sends every input byte and saves the result byte for byte from a JVM with -Xmx64m")
  void underASixtyFourMegabyteHeap() throws Exception {
    Path input = TestImages.png(folder, "input.png", 64, 64);
    try (RandomAccessFile raf = new RandomAccessFile(input.toFile(), "rw")) {
      raf.setLength(INPUT_BYTES); // a real PNG header, then zeros (sparse on disk)
    }
    MessageDigest inputSha = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(input), inputSha)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    Path out = Files.createDirectory(folder.resolve("out"));
    Path spill = Files.createDirectory(folder.resolve("spill"));
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m", "-Djava.io.tmpdir=" + spill, "-cp", System.getProperty("java.class.path"),
            GeminiLargeMain.class.getName(), baseUrl, input.toString(), out.toString())
        .redirectErrorStream(true)
        .start();
    boolean finished = child.waitFor(4, TimeUnit.MINUTES);
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) child.destroyForcibly();

    assertThat(finished).as("the edit finishes within its bound").isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(receivedKey.get()).isEqualTo("large-gemini-key");
    assertThat(receivedImageBytes.get()).isEqualTo(INPUT_BYTES);
    assertThat(receivedSha256.get()).isEqualTo(HexFormat.of().formatHex(inputSha.digest()));
    Matcher m = Pattern.compile("saved=(\\S+) peakHeapBytes=(\\d+)").matcher(output);
    assertThat(m.find()).as(output).isTrue();
    Path saved = Path.of(m.group(1));
    assertThat(saved).isEqualTo(out.resolve("large.png"));
    assertThat(Files.size(saved)).isEqualTo(RESULT_BYTES);
    MessageDigest savedSha = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(saved), savedSha)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    assertThat(HexFormat.of().formatHex(savedSha.digest())).isEqualTo(sentSha256.get());
    System.out.println("[gemini large] " + output.strip() + " inputBytes=" + INPUT_BYTES + " resultBytes=" + RESULT_BYTES);
  }

  private static MessageDigest sha256() {
    return LargeResultTest.sha256();
  }
}
