package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's memory promise: 16 images of 50 MB go through the facade from a JVM capped at
 * {@code -Xmx64m}. The uploading JVM is forked so its heap cap is real; the server here counts the
 * bytes it receives and throws them away (MockWebServer would keep 800 MB of body in memory).
 */
@DisplayName("A 16 x 50 MB upload")
class LargeUploadTest {
  private static final int IMAGES = 16;
  private static final long IMAGE_BYTES = 50L * 1000 * 1000 - 1; // under AceData's 50 MB limit
  private static final String REPLY = "{\"success\":true,\"task_id\":\"large-1\",\"trace_id\":\"t-1\","
      + "\"created\":1721626477,\"data\":[{\"url\":\"https://platform.cdn.acedata.cloud/x.png\"}],"
      + "\"elapsed\":1.5}";

  @TempDir Path folder;
  private HttpServer server;
  private final AtomicLong received = new AtomicLong();
  private final Set<String> filenames = new TreeSet<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/openai/images/edits", exchange -> {
      byte[] buffer = new byte[1 << 16];
      Pattern filename = Pattern.compile("filename=\"([^\"]+)\"");
      String carry = ""; // a part header may straddle two reads
      try (InputStream body = exchange.getRequestBody()) {
        for (int n; (n = body.read(buffer)) > 0; ) {
          received.addAndGet(n);
          String text = carry + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
          Matcher m = filename.matcher(text);
          synchronized (filenames) {
            while (m.find()) filenames.add(m.group(1));
          }
          carry = text.substring(Math.max(0, text.length() - 256));
        }
      }
      byte[] reply = REPLY.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  @DisplayName("succeeds from a JVM with -Xmx64m, every byte arriving")
  void sixteenFiftyMegabyteImagesUnderASixtyFourMegabyteHeap() throws Exception {
    Path images = Files.createDirectory(folder.resolve("images"));
    for (int i = 0; i < IMAGES; i++) largePng(images.resolve(String.format("image-%02d.png", i)));

    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m", "-cp", System.getProperty("java.class.path"),
            LargeUploadMain.class.getName(), baseUrl, images.toString())
        .redirectErrorStream(true)
        .start();
    boolean finished = child.waitFor(4, TimeUnit.MINUTES);
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) child.destroyForcibly();

    assertThat(finished).as("the upload finishes within its bound").isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("images=1 task=large-1");
    assertThat(received.get()).isGreaterThan(IMAGES * IMAGE_BYTES);
    assertThat(filenames).hasSize(IMAGES).contains("image-00.png", "image-15.png");
    System.out.println("[large upload] " + output.strip() + " bytesReceived=" + received.get());
  }

  /** A real 64x64 PNG grown to just under 50 MB with zeros after IEND (sparse on disk). */
  private static void largePng(Path file) throws IOException {
    ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB), "png", file.toFile());
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(IMAGE_BYTES);
    }
  }
}
