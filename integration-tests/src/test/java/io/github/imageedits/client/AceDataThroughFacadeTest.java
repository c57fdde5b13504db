package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.AuthenticationException;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageSize;
import io.github.imageedits.InsufficientBalanceException;
import io.github.imageedits.ModerationException;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.testkit.RecordedEdit;
import io.github.imageedits.testkit.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 3's end-to-end path: the public facade, Dagger-wired to the AceData adapter and the Retrofit
 * transport, against MockWebServer answering with the replies and errors of AceData's documents.
 */
@DisplayName("ImageEditClient with provider acedata")
class AceDataThroughFacadeTest {
  /** The gpt-image-2 reply of AceData's Images Edits guide, verbatim. */
  static final String SYNC_URL_REPLY = """
      {
        "success": true,
        "task_id": "cb104e35-af1f-45be-9fac-b62e2b256753",
        "trace_id": "3e5c77c6-6c2e-4bba-a42d-98ea049b58a8",
        "created": 1777048863,
        "data": [
          {
            "revised_prompt": "Convert this infographic to dark mode.",
            "url": "https://platform.cdn.acedata.cloud/gpt-image/cb104e35-af1f-45be-9fac-b62e2b256753_0.png"
          }
        ],
        "elapsed": 83.859
      }""";
  /** The nano-banana reply of AceData's Images Edits guide, verbatim. */
  static final String NANO_BANANA_REPLY = """
      {
        "created": 0,
        "data": [
          {
            "url": "https://platform.cdn.acedata.cloud/nanobanana/311e95b6-5eb1-4c4a-8ee6-0cb03ee44f61.jpeg",
            "revised_prompt": "add a green leaf on top of the apple"
          }
        ]
      }""";

  @TempDir Path folder;
  private MockWebServer server;
  private ImageEditClient client;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    client = ImageEdits.builder()
        .provider("acedata")
        .apiKey("test-token")
        .baseUrl(server.url("/").toString())
        .retryPolicy(RetryPolicy.none()) // error typing here; retries are ReliabilityTest's
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  @DisplayName("edits one PNG file: one 'image' part, the documented reply read whole")
  void oneFile() throws Exception {
    Path png = TestImages.png(folder, "photo.png", 64, 64);
    server.enqueue(json(200, SYNC_URL_REPLY, Map.of("x-request-id", "req-1")));

    EditResult result = client.edit(EditRequest.builder()
        .model("gpt-image-1").prompt("Convert this infographic to dark mode.").image(png)
        .size(ImageSize.of(1024, 1024)).build());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/openai/images/edits");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer test-token");
    RecordedEdit edit = RecordedEdit.of(request);
    assertThat(edit.fileParts()).singleElement().satisfies(part -> {
      assertThat(part.name()).isEqualTo("image");
      assertThat(part.filename()).isEqualTo("photo.png");
      assertThat(part.contentType()).isEqualTo("image/png");
      assertThat(part.body()).isEqualTo(Files.readAllBytes(png));
    });
    assertThat(edit.textFields().get("size")).isEqualTo("1024x1024");
    assertThat(edit.textFields().get("n")).isNull();
    assertThat(result.taskId()).isEqualTo("cb104e35-af1f-45be-9fac-b62e2b256753");
    assertThat(result.traceId()).isEqualTo("3e5c77c6-6c2e-4bba-a42d-98ea049b58a8");
    assertThat(result.requestId()).isEqualTo("req-1");
    assertThat(result.created()).isEqualTo(1777048863L);
    assertThat(result.elapsed().toMillis()).isEqualTo(83_859);
    assertThat(result.images()).singleElement().satisfies(image -> {
      assertThat(image.url()).endsWith("cb104e35-af1f-45be-9fac-b62e2b256753_0.png");
      assertThat(image.revisedPrompt()).isEqualTo("Convert this infographic to dark mode.");
    });
  }

  @Test
  @DisplayName("edits three files: repeated 'image[]' parts, each with its filename and real type")
  void threeFiles() throws Exception {
    Path a = TestImages.png(folder, "a.png", 32, 32);
    Path b = TestImages.jpeg(folder, "b.jpg", 32, 32);
    Path c = TestImages.png(folder, "c.png", 16, 16);
    server.enqueue(json(200, SYNC_URL_REPLY, Map.of()));

    client.edit(EditRequest.builder().model("gpt-image-1").prompt("Combine them")
        .image(a).image(b).image(c).build());

    RecordedEdit edit = RecordedEdit.of(server.takeRequest());
    assertThat(edit.fileParts()).extracting(RecordedEdit.FormPart::name).containsExactly("image[]", "image[]", "image[]");
    assertThat(edit.fileParts()).extracting(RecordedEdit.FormPart::filename).containsExactly("a.png", "b.jpg", "c.png");
    assertThat(edit.fileParts()).extracting(RecordedEdit.FormPart::contentType)
        .containsExactly("image/png", "image/jpeg", "image/png");
  }

  @Test
  @DisplayName("edits a URL image with gpt-image-2 as a JSON body")
  void urlImage() throws Exception {
    server.enqueue(json(200, SYNC_URL_REPLY, Map.of()));
    String url = "https://platform.cdn.acedata.cloud/gpt-image/5c9fa635-8794-4c6d-88f8-584d7f4716c6_0.png";

    EditResult result = client.edit(EditRequest.builder().model("gpt-image-2")
        .prompt("Convert this infographic to dark mode").imageUrl(url)
        .size(ImageSize.of(1024, 1536)).build());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(request.getBody().utf8())
        .contains("\"model\":\"gpt-image-2\"", "\"image\":\"" + url + "\"", "\"size\":\"1024x1536\"");
    assertThat(result.images()).hasSize(1);
  }

  @Test
  @DisplayName("edits with nano-banana: created 0, a url only, revised prompt equal to the prompt")
  void nanoBanana() throws Exception {
    Path png = TestImages.png(folder, "apple.png", 48, 48);
    server.enqueue(json(200, NANO_BANANA_REPLY, Map.of()));

    EditResult result = client.edit(EditRequest.builder().model("nano-banana")
        .prompt("add a green leaf on top of the apple").image(png)
        .size(ImageSize.of(1024, 1024)) // ignored by nano-banana: dropped with a warning
        .build());

    RecordedEdit edit = RecordedEdit.of(server.takeRequest());
    assertThat(edit.textFields().get("size")).isNull();
    assertThat(result.warnings()).extracting(w -> w.field()).containsExactly("size");
    assertThat(result.created()).isZero();
    assertThat(result.images()).singleElement().satisfies(image -> {
      assertThat(image.data()).isNull();
      assertThat(image.url()).endsWith(".jpeg");
      assertThat(image.revisedPrompt()).isEqualTo("add a green leaf on top of the apple");
    });
  }

  static Stream<Arguments> documentedErrors() {
    return Stream.of(
        Arguments.of(400, "token_mismatched", ProviderException.class),
        Arguments.of(400, "api_not_implemented", ProviderException.class),
        Arguments.of(401, "invalid_token", AuthenticationException.class),
        Arguments.of(429, "too_many_requests", RateLimitException.class),
        Arguments.of(500, "api_error", ProviderException.class),
        Arguments.of(401, "token_expired", AuthenticationException.class),
        Arguments.of(401, "no_token", AuthenticationException.class),
        Arguments.of(403, "used_up", InsufficientBalanceException.class),
        Arguments.of(403, "disabled", AuthenticationException.class),
        Arguments.of(400, "bad_request", ProviderException.class),
        Arguments.of(403, "forbidden", ModerationException.class),
        Arguments.of(504, "timeout", ProviderException.class));
  }

  @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
  @MethodSource("documentedErrors")
  @DisplayName("turns each documented error body into its typed error, trace id and request id kept")
  void typedErrors(int status, String code, Class<? extends ProviderException> type) throws Exception {
    Path png = TestImages.png(folder, "e.png", 8, 8);
    server.enqueue(json(status, "{\"success\":false,\"error\":{\"code\":\"" + code
        + "\",\"message\":\"fetch failed\"},\"trace_id\":\"2cf86e86-22a4-46e1-ac2f-032c0f2a4e89\"}",
        Map.of("x-request-id", "req-" + code)));

    ProviderException error = catchThrowableOfType(type, () -> client.edit(EditRequest.builder()
        .model("gpt-image-1").prompt("p").image(png).build()));

    assertThat(error).isExactlyInstanceOf(type);
    assertThat(error.status()).isEqualTo(status);
    assertThat(error.code()).isEqualTo(code);
    assertThat(error.error().message()).isEqualTo("fetch failed");
    assertThat(error.traceId()).isEqualTo("2cf86e86-22a4-46e1-ac2f-032c0f2a4e89");
    assertThat(error.requestId()).isEqualTo("req-" + code);
    assertThat(error.getMessage()).doesNotContain("test-token");
  }

  private static MockResponse json(int status, String body, Map<String, String> headers) {
    MockResponse.Builder b = new MockResponse.Builder().code(status)
        .setHeader("Content-Type", "application/json").body(body);
    headers.forEach(b::setHeader);
    return b.build();
  }
}
