package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.imageedits.testkit.TestImages;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's memory promise: an edit whose result decodes to 60 MiB goes through the facade and onto
 * disk with {@code client.save} from a JVM capped at {@code -Xmx64m}, where holding the base64 text
 * alone (80 MiB) would not fit: as AceData's {@code b64_json}, and as a data URI in ChainHub's
 * chat-completion content. The editing JVM is forked so its heap cap is
 * real. The server here generates the reply as it sends it (a real PNG padded with zeros, base64
 * encoded on the fly) and hashes the decoded bytes on the way, so it holds almost nothing itself.
 */
@DisplayName("A result that decodes to 60 MiB")
class LargeResultTest {
  static final long DECODED_BYTES = 60L << 20;
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  @TempDir Path folder;
  private HttpServer server;
  private final AtomicReference<String> sentSha256 = new AtomicReference<>();

  @BeforeEach
  void startServer() throws IOException {
    byte[] png = TestImages.pngBytes("large-result", 64, 64);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/openai/images/edits", exchange -> reply(exchange, png,
        "{\"success\":true,\"task_id\":\"large-1\",\"trace_id\":\"t-1\",\"created\":1777048863,"
            + "\"data\":[{\"revised_prompt\":\"make it large\",\"b64_json\":\"",
        "\"}],\"elapsed\":12.5}"));
    server.createContext("/v1/images/edits", exchange -> reply(exchange, png,
        "{\"id\":\"chatcmpl-large\",\"object\":\"chat.completion\",\"created\":1777048863,"
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Here is the edit: ![edited](data:image/png;base64,",
        ")\"},\"finish_reason\":\"stop\"}]}"));
    server.start();
  }

  /** Sends {@code before}, the base64 of the PNG padded to 60 MiB, then {@code after}. */
  private void reply(HttpExchange exchange, byte[] png, String before, String after) throws IOException {
    try (InputStream body = exchange.getRequestBody()) {
      body.transferTo(OutputStream.nullOutputStream());
    }
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0); // chunked: the length is never computed
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(before.getBytes(StandardCharsets.US_ASCII));
      sentSha256.set(writeBase64(out, png, DECODED_BYTES));
      out.write(after.getBytes(StandardCharsets.US_ASCII));
    }
  }

  /**
   * Writes the base64 of {@code png} padded with zeros to {@code total} bytes onto {@code out} as
   * it encodes, and returns the SHA-256 of the decoded bytes; {@code out} stays open.
   */
  static String writeBase64(OutputStream out, byte[] png, long total) throws IOException {
    MessageDigest sha = sha256();
    // Base64 straight onto the socket; closing the encoder writes its padding, not the socket's end.
    try (OutputStream decoded = new DigestOutputStream(
        Base64.getEncoder().wrap(new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush();
          }
        }), sha)) {
      decoded.write(png);
      byte[] zeros = new byte[64 * 1024];
      for (long left = total - png.length; left > 0; left -= zeros.length) {
        decoded.write(zeros, 0, (int) Math.min(zeros.length, left));
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  @DisplayName("as b64_json is saved from a JVM with -Xmx64m, byte for byte, its temporary file moved into place and none left behind")
  void b64JsonUnderASixtyFourMegabyteHeap() throws Exception {
    editAndSave("acedata");
  }

  @Test
  @DisplayName("as a data URI in chat content is saved the same way")
  void dataUriUnderASixtyFourMegabyteHeap() throws Exception {
    editAndSave("chainhub");
  }

  private void editAndSave(String provider) throws Exception {
    Path input = TestImages.png(folder, "input.png", 64, 64);
    Path out = Files.createDirectory(folder.resolve("out"));
    Path spill = Files.createDirectory(folder.resolve("spill"));
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m", "-Djava.io.tmpdir=" + spill, "-cp", System.getProperty("java.class.path"),
            LargeResultMain.class.getName(), provider, baseUrl, input.toString(), out.toString())
        .redirectErrorStream(true)
        .start();
    boolean finished = child.waitFor(4, TimeUnit.MINUTES);
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) child.destroyForcibly();

    assertThat(finished).as("the edit finishes within its bound").isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    Matcher m = Pattern.compile("saved=(\\S+) spilledBefore=(\\d+) spilledSaved=(\\d+) spilledAfter=(\\d+) peakHeapBytes=(\\d+)")
        .matcher(output);
    assertThat(m.find()).as(output).isTrue();
    Path saved = Path.of(m.group(1));
    assertThat(saved).isEqualTo(out.resolve("large.png"));
    assertThat(m.group(2)).as("the decoded image went to one temporary file").isEqualTo("1");
    assertThat(m.group(3)).as("the save moved it into place").isEqualTo("0");
    assertThat(m.group(4)).as("and closing the result left none behind").isEqualTo("0");

    assertThat(Files.size(saved)).isEqualTo(DECODED_BYTES);
    MessageDigest sha = sha256();
    byte[] header;
    try (InputStream in = new DigestInputStream(Files.newInputStream(saved), sha)) {
      header = in.readNBytes(PNG_SIGNATURE.length);
      in.transferTo(OutputStream.nullOutputStream());
    }
    assertThat(header).isEqualTo(PNG_SIGNATURE);
    assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(sentSha256.get());
    System.out.println("[large result, " + provider + "] " + output.strip() + " decodedBytes=" + DECODED_BYTES);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
