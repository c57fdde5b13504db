package io.github.imageedits.acedata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.imageedits.ApiKey;
import io.github.imageedits.AuthenticationException;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageSize;
import io.github.imageedits.InsufficientBalanceException;
import io.github.imageedits.ModerationException;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.image.ImageFormat;
import io.github.imageedits.image.ImageInfo;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.WireRequest;
import io.github.imageedits.testkit.RecordedEdit;
import io.github.imageedits.testkit.TestImages;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What AceData does beyond the contract kit: its entry point, nano-banana's form URLs, the callback payload, error edge cases. */
@DisplayName("The AceData adapter")
class AceDataAdapterTest {
  private static final String TOKEN = "acedata-test-token-3f9c";

  @TempDir Path dir;
  private final MockWebServer server = new MockWebServer();
  private ImageEditClient client;

  @BeforeEach
  void start() throws IOException {
    server.start();
    // Sent once, like the engine's clients the kit builds: these tests count requests.
    client = ImageEdits.builder().provider(new AceData()).baseUrl("http://127.0.0.1:" + server.getPort())
        .apiKey(TOKEN).retryPolicy(RetryPolicy.none()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Nested
  @DisplayName("is reached through AceData")
  class EntryPoint {

    @Test
    @DisplayName("under the name acedata, with AceData's capability table")
    void nameAndTable() {
      ProviderAdapter adapter = new AceData();
      assertThat(AceData.NAME).isEqualTo("acedata");
      assertThat(adapter.name()).isEqualTo(AceData.NAME);
      assertThat(adapter.capabilities().provider()).isEqualTo(AceData.NAME);
      assertThat(adapter.capabilities().models().keySet())
          .isEqualTo(AceDataCapabilities.table().models().keySet());
    }

    @Test
    @DisplayName("posting to https://api.acedata.cloud/openai/images/edits with a Bearer token by default")
    void defaultEndpoint() {
      ProviderAdapter adapter = new AceData();
      assertThat(adapter.defaultBaseUrl()).isEqualTo(URI.create("https://api.acedata.cloud"));
      EditRequest request = EditRequest.builder().model("gpt-image-1").prompt("Add a red scarf")
          .image(TestImages.png(dir, "cat.png", 32, 32)).build();
      PreparedEdit edit = PreparedEdit.builder(request, adapter.capabilities().model("gpt-image-1"))
          .imageInfos(List.of(new ImageInfo(ImageFormat.PNG, 32, 32, false, 100))).build();
      WireRequest wire = adapter.toWire(edit, new ProviderContext(adapter.defaultBaseUrl(), ApiKey.of(TOKEN)));
      assertThat(wire.method()).isEqualTo("POST");
      assertThat(wire.url()).isEqualTo(URI.create("https://api.acedata.cloud/openai/images/edits"));
      assertThat(wire.headers()).containsEntry("Authorization", "Bearer " + TOKEN);
      assertThat(wire.toString()).doesNotContain(TOKEN);
    }
  }

  @Nested
  @DisplayName("sends the requests of AceData's documents")
  class Requests {

    @Test
    @DisplayName("nano-banana with an image URL as a form field, as the Images Edits guide's curl does")
    void nanoBananaUrlInForm() {
      reply(200, AceDataDocs.NANO_BANANA_REPLY);
      EditResult result = client.edit(EditRequest.builder().model("nano-banana")
          .prompt("add a green leaf on top of the apple").imageUrl(AceDataDocs.NANO_BANANA_INPUT_URL).build());
      RecordedEdit sent = take();
      assertThat(sent.isMultipart()).as("Content-Type %s", sent.contentType()).isTrue();
      assertThat(sent.fileParts()).isEmpty();
      assertThat(sent.textFields()).containsExactlyInAnyOrderEntriesOf(Map.of(
          "model", "nano-banana",
          "prompt", "add a green leaf on top of the apple",
          "image", AceDataDocs.NANO_BANANA_INPUT_URL));
      assertThat(result.images()).singleElement().satisfies(image -> assertThat(image.url())
          .isEqualTo("https://platform.cdn.acedata.cloud/nanobanana/311e95b6-5eb1-4c4a-8ee6-0cb03ee44f61.jpeg"));
      assertThat(result.created()).isZero();
    }

    @Test
    @DisplayName("nano-banana with several image URLs as repeated image[] form fields, in order")
    void nanoBananaSeveralUrls() {
      reply(200, AceDataDocs.NANO_BANANA_REPLY);
      List<String> urls = List.of("https://example.com/item1.png", "https://example.com/item2.png");
      EditRequest.Builder request = EditRequest.builder().model("nano-banana-2").prompt("Combine them");
      urls.forEach(request::imageUrl);
      client.edit(request.build());
      RecordedEdit sent = take();
      assertThat(sent.parts("image[]")).extracting(RecordedEdit.FormPart::text).containsExactlyElementsOf(urls);
      assertThat(sent.parts("image[]")).allSatisfy(p -> assertThat(p.isFile()).isFalse());
    }

    @Test
    @DisplayName("nano-banana-pro with a local file, as the Images Edits guide's Python example does")
    void nanoBananaProFile() throws IOException {
      reply(200, AceDataDocs.NANO_BANANA_REPLY);
      Path apple = TestImages.png(dir, "apple.png", 48, 48);
      client.edit(EditRequest.builder().model("nano-banana-pro")
          .prompt("add a green leaf on top of the apple").image(apple).build());
      RecordedEdit.FormPart image = take().part("image");
      assertThat(image.filename()).isEqualTo("apple.png");
      assertThat(image.contentType()).isEqualTo("image/png");
      assertThat(image.body()).isEqualTo(Files.readAllBytes(apple));
    }

    @Test
    @DisplayName("gpt-image-2 with an image URL and a size as the JSON body of the Images Edits guide")
    void gptImage2Json() {
      reply(200, AceDataDocs.GPT_IMAGE_2_REPLY);
      String prompt = AceDataDocs.GPT_IMAGE_2_REVISED_PROMPT;
      client.edit(EditRequest.builder().model("gpt-image-2").prompt(prompt)
          .imageUrl(AceDataDocs.GPT_IMAGE_2_INPUT_URL).size(ImageSize.of(1024, 1536)).build());
      RecordedEdit sent = take();
      assertThat(sent.path()).isEqualTo("/openai/images/edits");
      assertThat(sent.header("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(sent.json()).containsExactlyInAnyOrderEntriesOf(Map.of(
          "model", "gpt-image-2",
          "image", AceDataDocs.GPT_IMAGE_2_INPUT_URL,
          "prompt", prompt,
          "size", "1024x1536"));
    }
  }

  @Nested
  @DisplayName("reads")
  class Replies {

    @Test
    @DisplayName("the callback payload of the Images Edits guide, whose images sit one level deeper")
    void callbackPayload() {
      reply(200, AceDataDocs.CALLBACK_PAYLOAD);
      EditResult result = client.edit(EditRequest.builder().model("gpt-image-1").prompt("gift basket")
          .image(TestImages.png(dir, "test.png", 32, 32)).build());
      assertThat(result.pending()).isFalse();
      assertThat(result.taskId()).isEqualTo("6a97bf49-df50-4129-9e46-119aa9fca73c");
      assertThat(result.traceId()).isEqualTo("9b4b1ff3-90f2-470f-b082-1061ec2948cc");
      assertThat(result.created()).isEqualTo(1721626477L);
      assertThat(result.images()).singleElement().satisfies(image -> {
        assertThat(image.url()).isNull();
        assertThat(image.data().bytes()).isEqualTo(Base64.getDecoder().decode(AceDataDocs.PNG_BASE64));
        assertThat(image.data().format()).contains(ImageFormat.PNG);
      });
    }

    @Test
    @DisplayName("an error inside a 200 reply as the typed error of its code")
    void errorInside200() {
      reply(200, AceDataDocs.error("used_up", "Balance insufficient", "t-200"));
      ProviderException e = editExpectingError();
      assertThat(e).isExactlyInstanceOf(InsufficientBalanceException.class);
      assertThat(e.status()).isEqualTo(200);
      assertThat(e.code()).isEqualTo("used_up");
      assertThat(e.traceId()).isEqualTo("t-200");
    }
  }

  @Nested
  @DisplayName("types errors")
  class Errors {

    @ParameterizedTest(name = "{0} {1} → {2}, transient: {3}")
    @DisplayName("by code first, and says which are worth retrying")
    @CsvSource({
        "400, token_mismatched,    ProviderException,            false",
        "400, api_not_implemented, ProviderException,            false",
        "400, bad_request,         ProviderException,            false",
        "401, invalid_token,       AuthenticationException,      false",
        "401, token_expired,       AuthenticationException,      false",
        "401, no_token,            AuthenticationException,      false",
        "403, disabled,            AuthenticationException,      false",
        "403, used_up,             InsufficientBalanceException, false",
        "403, forbidden,           ModerationException,          false",
        "429, too_many_requests,   RateLimitException,           true",
        "500, api_error,           ProviderException,            true",
        "504, timeout,             ProviderException,            true",
        // Codes AceData may add: the status decides; a 403 is moderation, as AceData's SDK reads it.
        "403, content_flagged,     ModerationException,          false",
        "401, token_revoked,       AuthenticationException,      false",
        "400, prompt_too_long,     ProviderException,            false",
        "502, bad_gateway,         ProviderException,            true",
    })
    void byCode(int status, String code, String type, boolean transientFailure) {
      reply(status, AceDataDocs.error(code, "message for " + code, "trace-" + code));
      ProviderException e = editExpectingError();
      assertThat(e.getClass().getSimpleName()).isEqualTo(type);
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.error().message()).isEqualTo("message for " + code);
      assertThat(e.traceId()).isEqualTo("trace-" + code);
      assertThat(e.isTransient()).isEqualTo(transientFailure);
    }

    @Test
    @DisplayName("whatever the case of the code")
    void caseInsensitive() {
      reply(429, AceDataDocs.error("Too_Many_Requests", "Slow down", "t-case"));
      assertThat(editExpectingError()).isExactlyInstanceOf(RateLimitException.class);
    }

    @Test
    @DisplayName("without the token in any message")
    void noTokenInMessages() {
      reply(401, AceDataDocs.error("invalid_token", "Unauthorized", "t-401"));
      ProviderException e = editExpectingError();
      assertThat(e).isExactlyInstanceOf(AuthenticationException.class);
      assertThat(e.getMessage()).doesNotContain(TOKEN);
      assertThat(e.error().toString()).doesNotContain(TOKEN);
    }
  }

  private void reply(int status, String body) {
    server.enqueue(new MockResponse.Builder().code(status)
        .addHeader("Content-Type", "application/json").body(body).build());
  }

  private ProviderException editExpectingError() {
    Throwable thrown = catchThrowable(() -> client.edit(EditRequest.builder().model("gpt-image-1")
        .prompt("Add a red scarf").image(TestImages.png(dir, "cat.png", 32, 32)).build()));
    assertThat(thrown).isInstanceOf(ProviderException.class);
    return (ProviderException) thrown;
  }

  private RecordedEdit take() {
    try {
      RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
      assertThat(request).as("a request reached the server").isNotNull();
      return RecordedEdit.of(request);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
