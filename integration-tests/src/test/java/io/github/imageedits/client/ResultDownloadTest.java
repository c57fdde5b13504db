package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditedImage;
import io.github.imageedits.ExpiredResultException;
import io.github.imageedits.TransportException;
import io.github.imageedits.testkit.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving results through the facade: links are downloaded without the API key (across a redirect
 * to another host too), expired links say so, a body that is not the announced image is refused,
 * the size is capped as configured, and data URIs save like any inline image. Two MockWebServers
 * play the API host and the CDN host.
 */
@DisplayName("Saving a result")
class ResultDownloadTest {
  private static final String SECRET = "download-secret-9Zx-not-real";
  private static final byte[] PNG = TestImages.pngBytes("download", 96, 96);
  private static final byte[] JPEG = TestImages.jpegBytes("download", 96, 96);

  @TempDir Path dir;
  private MockWebServer api;
  private MockWebServer cdn;
  private Path out;

  @BeforeEach
  void start() throws IOException {
    api = new MockWebServer();
    cdn = new MockWebServer();
    api.start();
    cdn.start();
    out = dir.resolve("out");
  }

  @AfterEach
  void stop() {
    api.close();
    cdn.close();
  }

  private ImageEdits.Builder client(String provider) {
    return ImageEdits.builder().provider(provider).apiKey(SECRET)
        .baseUrl("http://127.0.0.1:" + api.getPort());
  }

  private static MockResponse image(String type, byte[] bytes) {
    return new MockResponse.Builder().addHeader("Content-Type", type).body(new Buffer().write(bytes)).build();
  }

  private List<Path> saved() throws IOException {
    if (!Files.exists(out)) return List.of();
    try (Stream<Path> files = Files.list(out)) {
      return files.toList();
    }
  }

  private RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the server").isNotNull();
    return request;
  }

  @Test
  @DisplayName("follows a redirect from the API host to the CDN host, and neither download carries the API key")
  void redirectWithoutToken() throws Exception {
    String link = "http://127.0.0.1:" + api.getPort() + "/results/cb104e35_0.png?sig=abc";
    api.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"success\":true,\"task_id\":\"cb104e35\",\"trace_id\":\"tr-1\",\"created\":1777048863,"
            + "\"data\":[{\"revised_prompt\":\"dark mode\",\"url\":\"" + link + "\"}],\"elapsed\":2.5}")
        .build());
    api.enqueue(new MockResponse.Builder().code(302)
        .addHeader("Location", cdn.url("/cdn/cb104e35_0.png").toString()).build());
    cdn.enqueue(image("image/png", PNG));

    try (ImageEditClient client = client("acedata").build();
        EditResult result = client.edit(EditRequest.builder().model("gpt-image-2").prompt("dark mode")
            .image(TestImages.png(dir, "in.png", 64, 64)).build())) {
      Path file = client.save(result.images().get(0), out, "edited-" + result.taskId());

      assertThat(file).isEqualTo(out.resolve("edited-cb104e35.png"));
      assertThat(Files.readAllBytes(file)).isEqualTo(PNG);
    }
    assertThat(take(api).getHeaders().get("Authorization")).as("the edit itself").isEqualTo("Bearer " + SECRET);
    RecordedRequest first = take(api);
    assertThat(first.getUrl().encodedPath()).isEqualTo("/results/cb104e35_0.png");
    assertThat(first.getHeaders().get("Authorization")).as("the download from the API host").isNull();
    RecordedRequest second = take(cdn);
    assertThat(second.getMethod()).isEqualTo("GET");
    assertThat(second.getHeaders().get("Authorization")).as("the download from the CDN").isNull();
    assertThat(second.getHeaders().toString()).doesNotContain(SECRET);
  }

  @Test
  @DisplayName("gives up after three redirects, saving nothing")
  void tooManyRedirects() {
    for (int i = 0; i < 4; i++) {
      cdn.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/hop-" + i + ".png").build());
    }
    try (ImageEditClient client = client("acedata").build()) {
      assertThatThrownBy(() -> client.save(new EditedImage(cdn.url("/start.png").toString(), null, null), out, "x"))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("more than 3 times");
    }
    assertThat(cdn.getRequestCount()).isEqualTo(4);
  }

  @Nested
  @DisplayName("says clearly that a link has expired")
  class Expired {
    @Test
    @DisplayName("when it answers 403, as an expired signed link does")
    void forbidden() throws IOException {
      cdn.enqueue(new MockResponse.Builder().code(403).addHeader("Content-Type", "application/xml")
          .body("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>").build());
      try (ImageEditClient client = client("acedata").build()) {
        assertThatThrownBy(() -> client.save(
            new EditedImage(cdn.url("/cdn/old.png?Expires=1&Signature=s3cr3t").toString(), null, null), out, "old"))
            .isInstanceOf(ExpiredResultException.class)
            .hasMessageContaining("HTTP 403")
            .hasMessageContaining("expired")
            .hasMessageNotContaining("s3cr3t")
            .satisfies(e -> assertThat(((ExpiredResultException) e).status()).isEqualTo(403));
      }
      assertThat(saved()).isEmpty();
    }

    @Test
    @DisplayName("when it answers 410")
    void gone() throws IOException {
      cdn.enqueue(new MockResponse.Builder().code(410).build());
      try (ImageEditClient client = client("acedata").build()) {
        assertThatThrownBy(() -> client.save(new EditedImage(cdn.url("/cdn/gone.png").toString(), null, null), out, "gone"))
            .isInstanceOf(ExpiredResultException.class)
            .satisfies(e -> assertThat(((ExpiredResultException) e).status()).isEqualTo(410));
      }
      assertThat(saved()).isEmpty();
    }
  }

  @Nested
  @DisplayName("refuses a body that is not the image announced, saving nothing:")
  class WrongFormat {
    @Test
    @DisplayName("an HTML page served as image/png")
    void htmlAsPng() throws IOException {
      cdn.enqueue(image("image/png", "<html><body>Sign in to continue</body></html>".getBytes()));
      try (ImageEditClient client = client("acedata").build()) {
        assertThatThrownBy(() -> client.save(new EditedImage(cdn.url("/cdn/a.png").toString(), null, null), out, "a"))
            .isInstanceOf(TransportException.class)
            .hasMessageContaining("did not serve an image");
      }
      assertThat(saved()).isEmpty();
    }

    @Test
    @DisplayName("a JPEG announced as image/png")
    void jpegAsPng() throws IOException {
      cdn.enqueue(image("image/png", JPEG));
      try (ImageEditClient client = client("acedata").build()) {
        assertThatThrownBy(() -> client.save(new EditedImage(cdn.url("/cdn/b.png").toString(), null, null), out, "b"))
            .isInstanceOf(TransportException.class)
            .hasMessageContaining("announced image/png but served image/jpeg");
      }
      assertThat(saved()).isEmpty();
    }
  }

  @Test
  @DisplayName("caps the size at the builder's maxDownloadBytes, leaving no partial file")
  void sizeCap() throws IOException {
    byte[] large = TestImages.pngBytes("large-download", 300, 300);
    assertThat(large.length).isGreaterThan(2048);
    cdn.enqueue(image("image/png", large));
    try (ImageEditClient client = client("acedata").maxDownloadBytes(1024).build()) {
      assertThatThrownBy(() -> client.save(new EditedImage(cdn.url("/cdn/big.png").toString(), null, null), out, "big"))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("1024 bytes")
          .hasMessageContaining("nothing was saved");
    }
    assertThat(saved()).isEmpty();
  }

  @Test
  @DisplayName("refuses a non-positive maxDownloadBytes when building")
  void sizeCapMustBePositive() {
    assertThatThrownBy(() -> ImageEdits.builder().maxDownloadBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("saves a data URI from ChainHub's chat-completion content like any inline image, downloading nothing")
  void dataUri() throws Exception {
    String content = "Here is your edited image: ![edited](data:image/png;base64,"
        + Base64.getEncoder().encodeToString(PNG) + ")";
    api.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body("{\"id\":\"chatcmpl-7\",\"object\":\"chat.completion\",\"created\":1721626477,"
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
            + content + "\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":0,\"total_tokens\":12}}")
        .build());

    try (ImageEditClient client = client("chainhub").build();
        EditResult result = client.edit(EditRequest.builder().model("gpt-image-1").prompt("edit")
            .image(TestImages.png(dir, "in.png", 64, 64)).build())) {
      EditedImage image = result.images().get(0);
      assertThat(image.url()).isNull();
      Path file = client.save(image, out, "chat");

      assertThat(file).isEqualTo(out.resolve("chat.png"));
      assertThat(Files.readAllBytes(file)).isEqualTo(PNG);
    }
    assertThat(api.getRequestCount()).as("only the edit; nothing downloaded").isEqualTo(1);
    assertThat(cdn.getRequestCount()).isZero();
  }

  @Test
  @DisplayName("never overwrites: a second save of the same image gets a new name")
  void neverOverwrites() throws IOException {
    cdn.enqueue(image("image/png", PNG));
    cdn.enqueue(image("image/png", PNG));
    try (ImageEditClient client = client("acedata").build()) {
      EditedImage image = new EditedImage(cdn.url("/cdn/c.png").toString(), null, null);
      Path first = client.save(image, out, "../../c");
      Path second = client.save(image, out, "../../c");

      assertThat(first.getParent()).isEqualTo(out.toAbsolutePath().normalize());
      assertThat(second).isNotEqualTo(first);
      assertThat(second.getParent()).isEqualTo(first.getParent());
      assertThat(Files.readAllBytes(second)).isEqualTo(PNG);
    }
  }
}
