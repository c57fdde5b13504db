package io.github.imageedits.testkit;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.imageedits.ApiKey;
import io.github.imageedits.CallbackHandler;
import io.github.imageedits.EditTask;
import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditedImage;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageSource;
import io.github.imageedits.Option;
import io.github.imageedits.ProviderException;
import io.github.imageedits.TaskOptions;
import io.github.imageedits.UnsupportedFeatureException;
import io.github.imageedits.ValidationException;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.Violation;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.ProviderFeature;
import io.github.imageedits.capability.Support;
import io.github.imageedits.image.ImageFormat;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.spi.ProviderAdapter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every provider adapter must pass, run against a fresh MockWebServer for each check.
 * An adapter's test extends this class and supplies two things: the adapter, and the provider's
 * {@link ProviderProfile}. The kit builds the client around the adapter itself, the way an
 * application does ({@code ImageEdits.builder().provider(adapter)}), so the adapter is checked
 * with the real engine and transport.
 *
 * <pre>{@code
 * class AceDataContractTest extends ProviderContractKit {
 *   @Override
 *   protected ProviderAdapter adapter() {
 *     return new AceData();
 *   }
 *
 *   @Override
 *   protected ProviderProfile profile() {
 *     return ProviderProfile.builder().editPath("/openai/images/edits").fileModel("gpt-image-1")
 *         ... .build();
 *   }
 * }
 * }</pre>
 *
 * <p>The checks, in {@code @Nested} groups: the request on the wire (method, path, auth, multipart
 * parts with their names, file names, content types and bytes, text fields only when set, the
 * mask, JSON for image URLs); every documented reply read into the right result; every documented
 * error turned into its typed exception; bad input refused with no request reaching the server;
 * and the capability table's promises: a feature it declares must work, one it does not must fail
 * with {@link UnsupportedFeatureException} or {@link ValidationException} before anything is sent
 * (image URLs, callbacks, and streamed partial images in OpenAI's server-sent events).
 * A declared feature is never skipped.
 */
public abstract class ProviderContractKit {
  /** Non-ASCII on purpose: the prompt must cross the wire as UTF-8. */
  static final String PROMPT = "Put a red scarf on the cat – «très chic» 🧣";
  static final String CALLBACK_URL = "https://hooks.example.com/imageedits/kit-task";
  static final List<String> IMAGE_URLS = List.of(
      "https://images.example.com/kit/item1.png",
      "https://images.example.com/kit/item2.png",
      "https://images.example.com/kit/item3.png");
  private static final String SECRET = "kit-secret-7Hq2-not-a-real-key";
  private static final String NO_REPLY_BODY =
      "{\"error\":{\"code\":\"kit_no_reply\",\"message\":\"the contract kit queued no reply for this request\"}}";

  @TempDir Path dir;
  private ProviderProfile profile;
  private Session session;

  /** The adapter under test: a new instance for each check. */
  protected abstract ProviderAdapter adapter();

  /** The provider's facts: edit path, models to try, documented replies and errors. */
  protected abstract ProviderProfile profile();

  /**
   * A client for the adapter under test that sends to {@code baseUrl} (a MockWebServer on
   * loopback, sometimes with a path) with {@code apiKey}, and, when {@code callbackUrl} is not
   * null, receives callbacks there (the kit hands them to its
   * {@link ImageEditClient#callbackHandler()} itself). Each edit is sent once: the kit counts
   * requests.
   */
  private ImageEditClient newClient(URI baseUrl, ApiKey apiKey, String callbackUrl) {
    ImageEdits.Builder builder = ImageEdits.builder()
        .provider(requireNonNull(adapter(), "adapter() returned null"))
        .baseUrl(baseUrl.toString())
        .apiKey(apiKey)
        .retryPolicy(RetryPolicy.none());
    if (callbackUrl != null) builder.callbackUrl(callbackUrl);
    return builder.build();
  }

  @BeforeEach
  void kitOpenSession() {
    profile = requireNonNull(profile(), "profile() returned null");
    session = new Session("/");
  }

  @AfterEach
  void kitCloseSession() {
    if (session != null) session.close();
  }

  @Nested
  @DisplayName("sends an edit request")
  class RequestShape {

    @Test
    @DisplayName("as a POST to the provider's edit path")
    void postToEditPath() {
      send(minimal(png("photo.png")));
      RecordedEdit sent = session.take();
      assertThat(sent.method()).isEqualTo("POST");
      assertThat(sent.path()).isEqualTo(profile.editPath());
      ProviderProfile.Queue queue = profile.queue();
      if (queue != null) {
        // Through a queue the edit goes on: the accepted task's status, then (completed) its result.
        for (String path : List.of(queue.statusPath(), queue.resultPath())) {
          RecordedEdit followUp = session.take();
          assertThat(followUp.method()).as("%s", path).isEqualTo("GET");
          assertThat(followUp.path()).isEqualTo(path);
          assertCredential(followUp);
        }
      }
      assertThat(session.server.getRequestCount()).isEqualTo(requestsPerEdit());
    }

    @Test
    @DisplayName("below the path of a base URL that has one, as behind a gateway")
    void keepsBasePath() {
      try (Session gateway = new Session("/gateway/v0/")) {
        gateway.enqueue(profile.successReply());
        gateway.client.edit(minimal(png("photo.png")));
        assertThat(gateway.take().path()).isEqualTo("/gateway/v0" + profile.editPath());
      }
    }

    @Test
    @DisplayName("with the API key in the provider's auth header (a Bearer token unless the profile says otherwise) and every header the provider requires")
    void bearerTokenAndRequiredHeaders() {
      send(minimal(png("photo.png")));
      RecordedEdit sent = session.take();
      assertCredential(sent);
      profile.requiredHeaders().forEach((name, value) ->
          assertThat(sent.header(name)).as("header %s", name).isEqualTo(value));
    }

    @Test
    @DisplayName("as multipart/form-data with a boundary when every image is a file (JSON for a provider whose profile reads a JSON body)")
    void multipartForFiles() {
      send(minimal(png("photo.png")));
      RecordedEdit sent = session.take();
      if (profile.requestReader() != null) {
        assertThat(sent.isJson()).as("Content-Type %s", sent.contentType()).isTrue();
        assertThat(sent.header("Content-Length")).as("a JSON body of known length")
            .isEqualTo(Integer.toString(sent.body().length));
        return;
      }
      assertThat(sent.isMultipart()).as("Content-Type %s", sent.contentType()).isTrue();
      assertThat(RecordedEdit.parameter(sent.contentType(), "boundary")).isNotBlank();
    }

    @Test
    @DisplayName("with one image as a part named image, with its file name, real content type and bytes")
    void oneImagePart() throws IOException {
      Path photo = png("photo.png");
      send(minimal(photo));
      RecordedEdit sent = session.take();
      if (profile.requestReader() != null) {
        List<RecordedEdit.FormPart> images = profile.requestReader().images(sent);
        assertThat(images).hasSize(1);
        assertImage(images.get(0), photo, "photo.png", "image/png");
        return;
      }
      assertThat(sent.fileParts()).extracting(RecordedEdit.FormPart::name).containsExactly("image");
      assertFilePart(sent.part("image"), photo, "photo.png", "image/png");
    }

    @Test
    @DisplayName("with several images as repeated image[] parts, in order, each with its file name, real content type and bytes")
    void severalImageParts() throws IOException {
      Path first = png("first.png");
      Path second = jpeg("second.jpg");
      Path third = png("third.png");
      send(builder().image(first).image(second).image(third).build());
      RecordedEdit sent = session.take();
      if (profile.requestReader() != null) {
        List<RecordedEdit.FormPart> images = profile.requestReader().images(sent);
        assertThat(images).hasSize(3);
        assertImage(images.get(0), first, "first.png", "image/png");
        assertImage(images.get(1), second, "second.jpg", "image/jpeg");
        assertImage(images.get(2), third, "third.png", "image/png");
        return;
      }
      assertThat(sent.fileParts()).extracting(RecordedEdit.FormPart::name)
          .containsExactly("image[]", "image[]", "image[]");
      List<RecordedEdit.FormPart> images = sent.parts("image[]");
      assertFilePart(images.get(0), first, "first.png", "image/png");
      assertFilePart(images.get(1), second, "second.jpg", "image/jpeg");
      assertFilePart(images.get(2), third, "third.png", "image/png");
    }

    @Test
    @DisplayName("with an image held in memory under the file name the caller gave it")
    void imageFromMemory() {
      byte[] jpeg = TestImages.jpegBytes("memory", 64, 64);
      send(builder().image(ImageSource.bytes("from-memory.jpg", jpeg)).build());
      RecordedEdit sent = session.take();
      RecordedEdit.FormPart part = profile.requestReader() == null ? sent.part("image")
          : profile.requestReader().images(sent).get(0);
      if (profile.requestReader() != null) assertThat(profile.requestReader().images(sent)).hasSize(1);
      if (profile.requestReader() == null || part.filename() != null) {
        assertThat(part.filename()).isEqualTo("from-memory.jpg");
      }
      assertThat(part.contentType()).isEqualTo("image/jpeg");
      assertThat(part.body()).isEqualTo(jpeg);
    }

    @Test
    @DisplayName("with only model and prompt as text fields when no option is set, the prompt in UTF-8")
    void onlySetFields() {
      send(minimal(png("photo.png")));
      assertThat(sentFields(session.take()))
          .containsExactlyInAnyOrderEntriesOf(Map.of("model", profile.fileModel(), "prompt", PROMPT));
    }

    @Test
    @DisplayName("with each option that is set as a text field under its wire name, none that the model ignores, and each adapted one as the profile says, with a warning")
    void optionsUnderWireNames() {
      EditRequest request = profile.applyOptions(builder().image(png("photo.png"))).build();
      EditResult result = send(request);
      Set<String> warned = result.warnings().stream().map(Violation::field).collect(Collectors.toSet());
      Map<String, String> expected = new LinkedHashMap<>();
      expected.put("model", request.model());
      expected.put("prompt", request.prompt());
      for (Option option : Option.values()) {
        Object value = request.get(option);
        if (option == Option.MASK || value == null) continue;
        Map<String, String> onWire = profile.wireFields(option);
        if (fileCapability().support(option) == Support.ADAPTED) {
          assertThat(warned).as("an adapted option is never changed silently").contains(option.wireName());
          expected.putAll(onWire);
          continue;
        }
        if (warned.contains(option.wireName())) continue; // dropped
        if (onWire.isEmpty()) {
          expected.put(option.wireName(), value.toString());
        } else {
          expected.putAll(onWire); // honoured under the provider's own name
        }
      }
      assertThat(expected).as("the profile's options must include one the file model honours or adapts")
          .hasSizeGreaterThan(2);
      assertThat(sentFields(session.take())).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    @DisplayName("with the mask as a PNG part named mask, or without it, as the model's capability says")
    void maskPart() throws IOException {
      Path photo = png("photo.png");
      Path mask = TestImages.mask(dir, "mask.png", 64, 64);
      EditRequest request = builder().image(photo).mask(mask).build();
      Support support = fileCapability().support(Option.MASK);
      switch (support) {
        case HONOURED -> {
          send(request);
          RecordedEdit sent = session.take();
          if (profile.requestReader() != null) {
            RecordedEdit.FormPart sentMask = profile.requestReader().mask(sent);
            assertThat(sentMask).as("the mask on the wire").isNotNull();
            assertImage(sentMask, mask, "mask.png", "image/png");
            List<RecordedEdit.FormPart> images = profile.requestReader().images(sent);
            assertThat(images).hasSize(1);
            assertImage(images.get(0), photo, "photo.png", "image/png");
            return;
          }
          assertFilePart(sent.part("mask"), mask, "mask.png", "image/png");
          assertFilePart(sent.part("image"), photo, "photo.png", "image/png");
        }
        case IGNORED -> {
          EditResult result = send(request);
          RecordedEdit sent = session.take();
          if (profile.requestReader() != null) {
            assertThat(profile.requestReader().mask(sent)).as("an ignored mask is not sent").isNull();
            assertThat(profile.requestReader().images(sent)).as("an ignored mask is not sent as an image")
                .hasSize(1);
          } else {
            assertThat(sent.parts("mask")).as("an ignored mask is not sent").isEmpty();
          }
          assertThat(result.warnings()).extracting(Violation::field).contains("mask");
        }
        case REJECTED, ADAPTED -> assertRefused(request);
      }
    }
  }

  @Nested
  @DisplayName("reads every documented reply")
  class Replies {

    @TestFactory
    @DisplayName("into a result with exactly the images and fields the reply carries")
    Stream<DynamicTest> everyReply() {
      return profile.replies().stream().map(fixture -> dynamicTest(fixture.name(), () -> {
        try (Session fresh = new Session("/")) {
          fresh.enqueue(fixture);
          EditRequest request = requestFor(fixture);
          EditResult result = fresh.client.edit(request);
          assertResult(fixture, request, result, fresh.client);
          assertThat(fresh.server.getRequestCount())
              .isEqualTo(fixture.pending() ? 1 : requestsPerEdit());
        }
      }));
    }

    @Test
    @DisplayName("the same way through editAsync")
    void throughEditAsync() throws Exception {
      ReplyFixture fixture = profile.successReply();
      session.enqueue(fixture);
      EditRequest request = requestFor(fixture);
      EditResult result = session.client.editAsync(request).get(1, TimeUnit.MINUTES);
      assertResult(fixture, request, result, session.client);
    }
  }

  @Nested
  @DisplayName("turns every documented error into its typed exception")
  class Errors {

    @TestFactory
    @DisplayName("of the exact class, with status, code, message, trace id and request id")
    Stream<DynamicTest> everyError() {
      return profile.errors().stream().map(fixture -> dynamicTest(fixture.name(), () -> {
        try (Session fresh = new Session("/")) {
          fresh.enqueue(fixture);
          Throwable thrown = catchThrowable(() -> fresh.client.edit(minimal(png("photo.png"))));
          assertError(fixture, thrown, fresh.client);
        }
      }));
    }

    @Test
    @DisplayName("and an HTML page from a gateway into a provider error with the status and the start of the page")
    void htmlGatewayPage() {
      String page = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
          + "</h1></center><hr><center>nginx</center></body></html>";
      session.dispatcher.enqueue(new MockResponse.Builder().code(502)
          .addHeader("Content-Type", "text/html").body(page).build());
      Throwable thrown = catchThrowable(() -> session.client.edit(minimal(png("photo.png"))));
      assertThat(thrown).isInstanceOf(ProviderException.class);
      ProviderException e = (ProviderException) thrown;
      assertThat(e.status()).isEqualTo(502);
      assertThat(e.isTransient()).isTrue();
      assertThat(e.getMessage()).contains("502 Bad Gateway");
    }

    @Test
    @DisplayName("and fails the future of editAsync with the same exception")
    void throughEditAsync() {
      ErrorFixture fixture = profile.errors().get(0);
      session.enqueue(fixture);
      CompletableFuture<EditResult> future = session.client.editAsync(minimal(png("photo.png")));
      Throwable thrown = catchThrowable(() -> future.get(1, TimeUnit.MINUTES));
      assertThat(thrown).isInstanceOf(ExecutionException.class);
      assertError(fixture, thrown.getCause(), session.client);
    }
  }

  @Nested
  @DisplayName("refuses bad input before anything reaches the server")
  class Validation {

    @Test
    @DisplayName("a blank prompt")
    void blankPrompt() {
      assertRefused(minimal(png("photo.png")).toBuilder().prompt("   ").build(), "prompt");
    }

    @Test
    @DisplayName("a missing prompt")
    void missingPrompt() {
      assertRefused(EditRequest.builder().model(profile.fileModel()).image(png("photo.png")).build(), "prompt");
    }

    @Test
    @DisplayName("a prompt longer than the model allows")
    void promptTooLong() {
      String prompt = "a".repeat(fileCapability().promptMaxChars() + 1);
      assertRefused(minimal(png("photo.png")).toBuilder().prompt(prompt).build(), "prompt");
    }

    @Test
    @DisplayName("a request without an image")
    void noImage() {
      assertRefused(builder().build(), "image");
    }

    @Test
    @DisplayName("more images than the model takes")
    void tooManyImages() {
      EditRequest.Builder request = builder();
      for (int i = 0; i <= fileCapability().maxImages(); i++) {
        request.image(TestImages.png(dir, "many-" + i + ".png", 8, 8));
      }
      assertRefused(request.build(), "image");
    }

    @Test
    @DisplayName("an image file that does not exist")
    void missingFile() {
      assertRefused(builder().image(dir.resolve("no-such-photo.png")).build(), "image");
    }

    @Test
    @DisplayName("a file that is not an image, whatever its name says")
    void notAnImage() {
      assertRefused(builder().image(TestImages.notAnImage(dir, "fake.png")).build(), "image");
    }

    @Test
    @DisplayName("listing every problem at once, not just the first")
    void everyProblemAtOnce() {
      EditRequest request = EditRequest.builder().model(profile.fileModel()).prompt(" ")
          .image(dir.resolve("no-such-photo.png")).build();
      ValidationException e = assertRefused(request, "prompt");
      assertThat(e.violations()).hasSizeGreaterThanOrEqualTo(2);
      assertThat(e.violations()).anySatisfy(v -> assertThat(v.field()).startsWith("image"));
    }

    @Test
    @DisplayName("and check() reports the same problems without sending")
    void checkWithoutSending() {
      EditRequest request = minimal(png("photo.png")).toBuilder().prompt("").build();
      ValidationReport report = session.client.check(request);
      assertThat(report.ok()).isFalse();
      assertThat(report.errors()).extracting(Violation::field).contains("prompt");
      assertThat(session.server.getRequestCount()).isZero();
    }

    @Test
    @DisplayName("and editAsync fails its future with the same ValidationException")
    void throughEditAsync() {
      EditRequest request = minimal(png("photo.png")).toBuilder().prompt("").build();
      Throwable thrown = catchThrowable(() -> session.client.editAsync(request).get(1, TimeUnit.MINUTES));
      assertThat(thrown).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(ValidationException.class);
      assertThat(session.server.getRequestCount()).isZero();
    }
  }

  @Nested
  @DisplayName("keeps the promises of its capability table")
  class Capabilities {

    @Test
    @DisplayName("lists the profile's models, and names a URL model exactly when it declares URL_IMAGES")
    void profileAgreesWithTable() {
      CapabilityTable table = session.client.capabilities();
      assertThat(table.knows(profile.fileModel())).as("the table lists %s", profile.fileModel()).isTrue();
      assertThat(profile.urlModel() != null)
          .as("the profile names a URL model exactly when the table declares URL_IMAGES")
          .isEqualTo(table.supports(ProviderFeature.URL_IMAGES));
      if (profile.urlModel() != null) {
        assertThat(table.knows(profile.urlModel())).as("the table lists %s", profile.urlModel()).isTrue();
        assertThat(table.model(profile.urlModel()).urlImages()).as("%s takes URLs", profile.urlModel()).isTrue();
      }
      assertThat(profile.replies().stream().anyMatch(ReplyFixture::pending))
          .as("the profile has a pending reply exactly when the table declares ASYNC_CALLBACK")
          .isEqualTo(table.supports(ProviderFeature.ASYNC_CALLBACK));
    }

    @Test
    @DisplayName("URL_IMAGES: sends one image URL as a JSON string when declared, refuses it before sending when not")
    void oneImageUrl() {
      if (!declares(ProviderFeature.URL_IMAGES)) {
        assertUnsupported(builder().imageUrl(IMAGE_URLS.get(0)).build());
        return;
      }
      send(EditRequest.builder().model(profile.urlModel()).prompt(PROMPT).imageUrl(IMAGE_URLS.get(0)).build());
      RecordedEdit sent = session.take();
      assertThat(sent.method()).isEqualTo("POST");
      assertThat(sent.path()).isEqualTo(profile.editPath());
      assertCredential(sent);
      assertThat(sent.isJson()).as("Content-Type %s", sent.contentType()).isTrue();
      if (profile.requestReader() != null) {
        assertThat(profile.requestReader().imageUrls(sent)).containsExactly(IMAGE_URLS.get(0));
        assertThat(profile.requestReader().images(sent)).as("no image bytes besides the URL").isEmpty();
        assertThat(sentFields(sent)).containsExactlyInAnyOrderEntriesOf(
            Map.of("model", profile.urlModel(), "prompt", PROMPT));
        return;
      }
      assertThat(sent.json()).containsOnlyKeys("model", "prompt", "image")
          .containsEntry("model", profile.urlModel())
          .containsEntry("prompt", PROMPT)
          .containsEntry("image", IMAGE_URLS.get(0));
      if (!fileCapability().urlImages()) {
        // The feature is per model too: the file model must refuse what it cannot fetch.
        assertRefused(builder().imageUrl(IMAGE_URLS.get(0)).build());
      }
    }

    @Test
    @DisplayName("URL_IMAGES: sends several image URLs as one JSON array, in order, when declared, refuses them when not")
    void severalImageUrls() {
      EditRequest.Builder request = EditRequest.builder()
          .model(declares(ProviderFeature.URL_IMAGES) ? profile.urlModel() : profile.fileModel())
          .prompt(PROMPT);
      IMAGE_URLS.forEach(request::imageUrl);
      if (!declares(ProviderFeature.URL_IMAGES)) {
        assertUnsupported(request.build());
        return;
      }
      send(request.build());
      RecordedEdit sent = session.take();
      if (profile.requestReader() != null) {
        assertThat(profile.requestReader().imageUrls(sent)).containsExactlyElementsOf(IMAGE_URLS);
        return;
      }
      assertThat(sent.json()).containsEntry("image", IMAGE_URLS);
    }

    @Test
    @DisplayName("ASYNC_CALLBACK: sends callback_url and gives a pending result with the task id when declared, refuses it when not")
    void callbackUrl() {
      if (!declares(ProviderFeature.ASYNC_CALLBACK)) {
        assertUnsupported(minimal(png("photo.png")).toBuilder().callbackUrl(CALLBACK_URL).build());
        return;
      }
      ReplyFixture pending = profile.replies().stream().filter(ReplyFixture::pending).findFirst()
          .orElseThrow(() -> new AssertionError("the table declares ASYNC_CALLBACK; the profile needs the"
              + " provider's immediate task-id reply as a reply fixture"));
      session.enqueue(pending);
      String model = pending.model() != null ? pending.model() : profile.fileModel();
      EditResult result = session.client.edit(EditRequest.builder().model(model).prompt(PROMPT)
          .image(png("photo.png")).callbackUrl(CALLBACK_URL).build());
      assertThat(result.pending()).isTrue();
      assertThat(result.images()).isEmpty();
      assertThat(result.taskId()).isEqualTo(pending.expectedTaskId());
      assertThat(sentCallbackUrl(session.take())).isEqualTo(CALLBACK_URL);
    }
  }

  @Nested
  @DisplayName("streams partial images exactly when its table declares STREAMING")
  class Streaming {

    @Test
    @DisplayName("STREAMING: sends stream=true for text/event-stream and delivers two partial images, then the completed image, when declared; refuses before sending when not")
    void partialImagesThenResult() throws IOException {
      EditRequest request = minimal(png("photo.png")).toBuilder().partialImages(2).build();
      if (!declares(ProviderFeature.STREAMING)) {
        int before = session.server.getRequestCount();
        assertThat(catchThrowable(() -> session.client.stream(request, p -> { })))
            .isInstanceOf(UnsupportedFeatureException.class);
        assertThat(catchThrowable(() -> session.client.streamAsync(request, p -> { }).get(1, TimeUnit.MINUTES)))
            .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UnsupportedFeatureException.class);
        assertThat(session.server.getRequestCount() - before).as("requests that reached the server").isZero();
        return;
      }
      byte[] first = TestImages.pngBytes("kit-partial-0", 24, 24);
      byte[] second = TestImages.pngBytes("kit-partial-1", 40, 40);
      byte[] last = TestImages.pngBytes("kit-final", 64, 64);
      session.dispatcher.enqueue(new MockResponse.Builder()
          .addHeader("Content-Type", "text/event-stream")
          .body(partialImageEvent(0, first) + partialImageEvent(1, second) + completedEvent(last))
          .build());
      List<Integer> indexes = new java.util.ArrayList<>();
      List<byte[]> partials = new java.util.ArrayList<>();

      try (EditResult result = session.client.stream(request, p -> {
        indexes.add(p.index());
        partials.add(p.data().bytes());
      })) {
        assertThat(indexes).as("partial images, in order").containsExactly(0, 1);
        assertThat(partials.get(0)).isEqualTo(first);
        assertThat(partials.get(1)).isEqualTo(second);
        assertThat(result.provider()).isEqualTo(session.client.provider());
        assertThat(result.model()).isEqualTo(request.model());
        assertThat(result.images()).hasSize(1);
        assertThat(result.images().get(0).data().bytes()).isEqualTo(last);
        assertThat(result.usage()).isEqualTo(new io.github.imageedits.Usage(50, 4160, 4210));
      }
      RecordedEdit sent = session.take();
      assertThat(sent.header("Accept")).isEqualTo("text/event-stream");
      assertCredential(sent);
      assertThat(sent.isMultipart() ? sent.textFields().get("stream") : String.valueOf(sent.json().get("stream")))
          .as("the stream field").isEqualTo("true");
    }
  }

  /** OpenAI's {@code image_edit.partial_image} event. */
  private static String partialImageEvent(int index, byte[] png) {
    return "event: image_edit.partial_image\n"
        + "data: {\"type\":\"image_edit.partial_image\",\"b64_json\":\"" + Base64.getEncoder().encodeToString(png)
        + "\",\"partial_image_index\":" + index + ",\"size\":\"1024x1024\",\"quality\":\"high\","
        + "\"background\":\"opaque\",\"output_format\":\"png\",\"created_at\":1750000000}\n\n";
  }

  /** OpenAI's {@code image_edit.completed} event. */
  private static String completedEvent(byte[] png) {
    return "event: image_edit.completed\n"
        + "data: {\"type\":\"image_edit.completed\",\"b64_json\":\"" + Base64.getEncoder().encodeToString(png)
        + "\",\"size\":\"1024x1024\",\"quality\":\"high\",\"background\":\"opaque\",\"output_format\":\"png\","
        + "\"created_at\":1750000001,\"usage\":{\"input_tokens\":50,\"output_tokens\":4160,\"total_tokens\":4210}}\n\n";
  }

  @Nested
  @DisplayName("follows asynchronous tasks as its capability table says")
  class AsyncTasks {

    @Test
    @DisplayName("ASYNC_CALLBACK: completes a submitted task from its signed callback when declared, refuses before sending when not")
    void callbackCompletesTask() {
      if (!declares(ProviderFeature.ASYNC_CALLBACK)) {
        int before = session.server.getRequestCount();
        assertThat(catchThrowable(() -> session.client.submit(minimal(png("photo.png")), KIT_TASKS)))
            .isInstanceOf(UnsupportedFeatureException.class);
        assertThat(catchThrowable(() -> session.client.callbackHandler()))
            .isInstanceOf(UnsupportedFeatureException.class);
        assertThat(session.server.getRequestCount() - before).as("requests that reached the server").isZero();
        return;
      }
      ReplyFixture pending = pendingReply();
      ReplyFixture callback = profile.callback();
      assertThat(callback).as("the table declares ASYNC_CALLBACK; the profile needs the provider's callback"
          + " payload (ProviderProfile.Builder.callback)").isNotNull();
      try (Session receiving = new Session("/", KIT_CALLBACK_URL)) {
        receiving.enqueue(pending);
        EditRequest request = requestFor(pending).toBuilder().clear(Option.CALLBACK_URL).build();
        EditTask task = receiving.client.submit(request, KIT_TASKS);
        assertThat(task.taskId()).isEqualTo(pending.expectedTaskId());
        assertThat(task.future()).isNotDone();

        URI url = URI.create(sentCallbackUrl(receiving.take()));
        assertThat(url.toString()).as("the callback URL the provider was given").startsWith(KIT_CALLBACK_URL + "?")
            .isNotEqualTo(KIT_CALLBACK_URL);
        CallbackHandler handler = receiving.client.callbackHandler();
        assertThat(deliver(handler, url.getRawPath(), null, callback.body())).as("unsigned").isEqualTo(401);
        assertThat(deliver(handler, url.getRawPath(), altered(url.getRawQuery()), callback.body()))
            .as("signature altered").isEqualTo(403);
        assertThat(task.future()).as("a refused callback completes nothing").isNotDone();

        assertThat(deliver(handler, url.getRawPath(), url.getRawQuery(), callback.body())).isEqualTo(200);
        EditResult result = task.await(Duration.ofSeconds(30));
        assertResult(callback, request, result, receiving.client);
        // A provider that redelivers until answered 2xx is told 200 for the duplicate; either way nothing changes.
        assertThat(deliver(handler, url.getRawPath(), url.getRawQuery(), callback.body())).as("replayed")
            .isEqualTo(adapter().redeliversCallbacks() ? 200 : 409);
        assertThat(task.await(Duration.ofSeconds(1))).isSameAs(result);
      }
    }

    @Test
    @DisplayName("TASK_RETRIEVAL: resolves a task by its id by querying the provider when declared, refuses when not")
    void pollingResolvesTask() {
      if (!declares(ProviderFeature.TASK_RETRIEVAL)) {
        int before = session.server.getRequestCount();
        assertThat(catchThrowable(() -> session.client.resume("kit-task-1", KIT_TASKS)))
            .isInstanceOf(UnsupportedFeatureException.class);
        assertThat(session.server.getRequestCount() - before).as("requests that reached the server").isZero();
        return;
      }
      assertTaskQueryProfile();
      String taskId = pendingReply().expectedTaskId();
      session.enqueueJson(profile.taskRunning());
      enqueueTaskFinished(session);
      EditTask task = session.client.resume(taskId, KIT_TASKS);
      assertThat(task.taskId()).isEqualTo(taskId);
      EditResult result = task.await(Duration.ofSeconds(30));
      assertTaskResult(profile.taskFinished(), result, session.client);
      List<String> paths = new ArrayList<>(List.of(profile.taskPath(), profile.taskPath()));
      ProviderProfile.Queue queue = profile.queue();
      if (queue != null) paths.add(queue.resultPath()); // the status said completed
      for (int i = 0; i < paths.size(); i++) {
        RecordedEdit query = session.take();
        assertThat(query.path()).as("task query %d", i).isEqualTo(paths.get(i));
        assertThat(query.request().getUrl() + " " + new String(query.body(), StandardCharsets.UTF_8))
            .as("the query names the task").contains(taskId);
        assertCredential(query);
      }
    }

    @Test
    @DisplayName("TASK_RETRIEVAL: fails a task still running at its deadline with EditTimeoutException naming it")
    void deadline() {
      if (!declares(ProviderFeature.TASK_RETRIEVAL)) {
        assertThat(catchThrowable(() -> session.client.resume("kit-task-1", KIT_TASKS)))
            .isInstanceOf(UnsupportedFeatureException.class);
        return;
      }
      assertTaskQueryProfile();
      String taskId = pendingReply().expectedTaskId();
      for (int i = 0; i < 40; i++) session.enqueueJson(profile.taskRunning());
      EditTask task = session.client.resume(taskId, KIT_TASKS.toBuilder().deadline(Duration.ofMillis(150)).build());
      Throwable thrown = catchThrowable(() -> task.await(Duration.ofSeconds(30)));
      assertThat(thrown).isInstanceOf(EditTimeoutException.class).hasMessageContaining(taskId);
    }

    @Test
    @DisplayName("ASYNC_CALLBACK and TASK_RETRIEVAL: follows a task whose callback_url the caller set by querying it; refuses a task that could never complete")
    void ownCallbackUrlIsPolled() {
      EditRequest request = minimal(png("photo.png")).toBuilder().callbackUrl(CALLBACK_URL).build();
      if (!declares(ProviderFeature.ASYNC_CALLBACK) || !declares(ProviderFeature.TASK_RETRIEVAL)) {
        int before = session.server.getRequestCount();
        Throwable thrown = catchThrowable(() -> session.client.submit(request, KIT_TASKS));
        assertThat(thrown).isInstanceOfAny(UnsupportedFeatureException.class, IllegalStateException.class);
        if (!declares(ProviderFeature.ASYNC_CALLBACK)) assertThat(thrown).isInstanceOf(UnsupportedFeatureException.class);
        assertThat(session.server.getRequestCount() - before).as("requests that reached the server").isZero();
        return;
      }
      assertTaskQueryProfile();
      ReplyFixture pending = pendingReply();
      session.enqueue(pending);
      session.enqueueJson(profile.taskRunning());
      enqueueTaskFinished(session);
      EditRequest sent = requestFor(pending).toBuilder().callbackUrl(CALLBACK_URL).build();
      EditTask task = session.client.submit(sent, KIT_TASKS);
      assertThat(task.taskId()).isEqualTo(pending.expectedTaskId());
      EditResult result = task.await(Duration.ofSeconds(30));
      assertThat(result.model()).isEqualTo(sent.model());
      assertThat(sentCallbackUrl(session.take())).as("the caller's own URL, untouched").isEqualTo(CALLBACK_URL);
      assertThat(session.take().path()).isEqualTo(profile.taskPath());
    }

    private ReplyFixture pendingReply() {
      return profile.replies().stream().filter(ReplyFixture::pending).findFirst()
          .orElseThrow(() -> new AssertionError("an asynchronous provider's profile needs its immediate"
              + " task-id reply as a reply fixture"));
    }

    private void assertTaskQueryProfile() {
      assertThat(profile.taskPath()).as("the table declares TASK_RETRIEVAL; the profile needs the task"
          + " endpoint (ProviderProfile.Builder.taskQuery)").isNotNull();
    }
  }

  /** Fast polling and a deadline no check reaches unless it means to. */
  private static final TaskOptions KIT_TASKS = TaskOptions.builder()
      .pollInterval(Duration.ofMillis(10)).maxPollInterval(Duration.ofMillis(40))
      .quietPeriod(Duration.ofMinutes(5)).deadline(Duration.ofSeconds(30)).build();
  private static final String KIT_CALLBACK_URL = "https://hooks.kit.invalid/imageedits/callback";

  private static int deliver(CallbackHandler handler, String path, String query, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return handler.handle("POST", path, query, Map.of("Content-Type", List.of("application/json"),
        "Content-Length", List.of(Integer.toString(bytes.length))), new ByteArrayInputStream(bytes));
  }

  /** {@code query} with the first character of its last parameter's value changed. */
  private static String altered(String query) {
    int at = query.lastIndexOf('=') + 1;
    assertThat(at).as("a signed query ends with a parameter and its value").isBetween(1, query.length() - 1);
    char c = query.charAt(at);
    return query.substring(0, at) + (c == 'A' ? 'B' : 'A') + query.substring(at + 1);
  }

  /** The finished task: through a queue, the status that says completed comes first, then the result. */
  private void enqueueTaskFinished(Session on) {
    ProviderProfile.Queue queue = profile.queue();
    if (queue != null) on.enqueueJson(queue.completed());
    on.dispatcher.enqueue(on.response(profile.taskFinished()));
  }

  /** How many requests one successful {@code edit} makes: 1, or through a queue submission, status and result. */
  private int requestsPerEdit() {
    return profile.queue() == null ? 1 : 3;
  }

  /** The request carries the key in the provider's header, after the profile's prefix. */
  /** The callback URL the request names: a form field or JSON member, or where the profile's reader finds it. */
  private String sentCallbackUrl(RecordedEdit sent) {
    Object url = profile.requestReader() != null ? sentFields(sent).get("callback_url")
        : sent.isJson() ? sent.json().get("callback_url") : sent.textFields().get("callback_url");
    assertThat(url).as("callback_url on the wire").isInstanceOf(String.class);
    return (String) url;
  }

  /** A task's result against its fixture: the model is checked only when the fixture names one. */
  private static void assertTaskResult(ReplyFixture fixture, EditResult result, ImageEditClient client) {
    String model = fixture.model() != null ? fixture.model() : result.model();
    EditRequest.Builder request = EditRequest.builder();
    if (model != null) request.model(model);
    assertResult(fixture, request.build(), result, client);
  }


  // ---- helpers -------------------------------------------------------------------------------

  private boolean declares(ProviderFeature feature) {
    return session.client.capabilities().supports(feature);
  }

  private ModelCapability fileCapability() {
    return session.client.capabilities().model(profile.fileModel());
  }

  private EditRequest.Builder builder() {
    return EditRequest.builder().model(profile.fileModel()).prompt(PROMPT);
  }

  private EditRequest minimal(Path image) {
    return builder().image(image).build();
  }

  private Path png(String name) {
    return TestImages.png(dir, name, 64, 64);
  }

  private Path jpeg(String name) {
    return TestImages.jpeg(dir, name, 64, 64);
  }

  /** Answers with the profile's first reply that carries images, and sends {@code request}. */
  private EditResult send(EditRequest request) {
    session.enqueue(profile.successReply());
    return session.client.edit(request);
  }

  private EditRequest requestFor(ReplyFixture fixture) {
    EditRequest.Builder request = EditRequest.builder()
        .model(fixture.model() != null ? fixture.model() : profile.fileModel())
        .prompt(PROMPT);
    if (fixture.imageUrl() != null) {
      request.imageUrl(fixture.imageUrl());
    } else {
      request.image(png("photo.png"));
    }
    if (fixture.callbackUrl() != null) request.callbackUrl(fixture.callbackUrl());
    return request.build();
  }

  /**
   * The key in the profile's auth header with its prefix; when that header is not
   * {@code Authorization}, no {@code Authorization} header at all (the key goes once).
   */
  private void assertCredential(RecordedEdit sent) {
    assertThat(sent.header(profile.authHeader())).as("header %s", profile.authHeader())
        .isEqualTo(profile.authPrefix() + SECRET);
    if (!profile.authHeader().equalsIgnoreCase("Authorization")) {
      assertThat(sent.header("Authorization")).as("an Authorization header besides %s", profile.authHeader())
          .isNull();
    }
  }

  /** The request's fields: the text parts of a form, or what the profile's reader finds in the body. */
  private Map<String, String> sentFields(RecordedEdit sent) {
    return profile.requestReader() == null ? sent.textFields() : profile.requestReader().fields(sent);
  }

  /** An image the profile's reader found: its media type and bytes, and its file name where the provider sends one. */
  private static void assertImage(RecordedEdit.FormPart part, Path file, String filename, String type)
      throws IOException {
    if (part.filename() != null) assertThat(part.filename()).as("file name of %s", part.name()).isEqualTo(filename);
    assertThat(part.contentType()).as("content type of %s", part.name()).isEqualTo(type);
    assertThat(part.body()).as("bytes of %s", part.name()).isEqualTo(Files.readAllBytes(file));
  }

  private static void assertFilePart(RecordedEdit.FormPart part, Path file, String filename, String type)
      throws IOException {
    assertThat(part.filename()).as("file name of part %s", part.name()).isEqualTo(filename);
    assertThat(part.contentType()).as("content type of part %s", part.name()).isEqualTo(type);
    assertThat(part.body()).as("bytes of part %s", part.name()).isEqualTo(Files.readAllBytes(file));
  }

  private static void assertResult(ReplyFixture fixture, EditRequest request, EditResult result,
      ImageEditClient client) {
    assertThat(result.provider()).isEqualTo(client.provider());
    assertThat(result.model()).isEqualTo(request.model());
    assertThat(result.images()).as("images").hasSameSizeAs(fixture.expectedImages());
    for (int i = 0; i < fixture.expectedImages().size(); i++) {
      ReplyFixture.ExpectedImage expected = fixture.expectedImages().get(i);
      EditedImage actual = result.images().get(i);
      assertThat(actual.url()).as("url of image %d", i).isEqualTo(expected.url());
      assertThat(actual.revisedPrompt()).as("revised prompt of image %d", i).isEqualTo(expected.revisedPrompt());
      if (expected.base64() == null) {
        assertThat(actual.data()).as("data of image %d", i).isNull();
      } else {
        byte[] decoded = Base64.getMimeDecoder().decode(expected.base64());
        assertThat(actual.data()).as("data of image %d", i).isNotNull();
        assertThat(actual.data().bytes()).as("decoded bytes of image %d", i).isEqualTo(decoded);
        assertThat(actual.data().format()).as("format of image %d", i)
            .isEqualTo(ImageFormat.sniff(decoded, decoded.length));
      }
    }
    assertThat(result.created()).as("created").isEqualTo(fixture.expectedCreated());
    assertThat(result.taskId()).as("task id").isEqualTo(fixture.expectedTaskId());
    assertThat(result.traceId()).as("trace id").isEqualTo(fixture.expectedTraceId());
    assertThat(result.requestId()).as("request id").isEqualTo(fixture.expectedRequestId());
    assertThat(result.elapsed()).as("elapsed").isEqualTo(fixture.expectedElapsed());
    assertThat(result.usage()).as("usage").isEqualTo(fixture.expectedUsage());
    assertThat(result.pending()).as("pending").isEqualTo(fixture.pending());
    assertThat(result.warnings()).as("warnings").isEmpty();
  }

  private static void assertError(ErrorFixture fixture, Throwable thrown, ImageEditClient client) {
    assertThat(thrown).as(fixture.name()).isExactlyInstanceOf(fixture.expectedType());
    ProviderException e = (ProviderException) thrown;
    assertThat(e.error().provider()).as("provider").isEqualTo(client.provider());
    assertThat(e.status()).as("status").isEqualTo(fixture.status());
    assertThat(e.code()).as("code").isEqualTo(fixture.expectedCode());
    assertThat(e.error().message()).as("message").isEqualTo(fixture.expectedMessage());
    assertThat(e.traceId()).as("trace id").isEqualTo(fixture.expectedTraceId());
    assertThat(e.requestId()).as("request id").isEqualTo(fixture.expectedRequestId());
    assertThat(e.getMessage()).as("the exception message never shows the key").doesNotContain(SECRET);
  }

  private ValidationException assertRefused(EditRequest request, String field) {
    ValidationException e = assertRefused(request);
    assertThat(e.violations()).extracting(Violation::field)
        .as("violations of %s", e.violations())
        .anySatisfy(f -> assertThat(f).startsWith(field));
    return e;
  }

  private ValidationException assertRefused(EditRequest request) {
    int before = session.server.getRequestCount();
    Throwable thrown = catchThrowable(() -> session.client.edit(request));
    assertThat(thrown).isInstanceOf(ValidationException.class);
    assertThat(session.server.getRequestCount() - before).as("requests that reached the server").isZero();
    return (ValidationException) thrown;
  }

  private void assertUnsupported(EditRequest request) {
    int before = session.server.getRequestCount();
    Throwable thrown = catchThrowable(() -> session.client.edit(request));
    assertThat(thrown).isInstanceOfAny(UnsupportedFeatureException.class, ValidationException.class);
    assertThat(session.server.getRequestCount() - before).as("requests that reached the server").isZero();
  }

  /** One MockWebServer and one client talking to it; closed after each check. */
  final class Session implements AutoCloseable {
    final MockWebServer server = new MockWebServer();
    final QueueDispatcher dispatcher = new QueueDispatcher();
    final ImageEditClient client;

    Session(String basePath) {
      this(basePath, null);
    }

    /** A session whose client receives callbacks at {@code callbackUrl}, or none when null. */
    Session(String basePath, String callbackUrl) {
      // An unexpected request gets an error at once instead of waiting forever for a reply.
      dispatcher.setFailFast(new MockResponse.Builder().code(500)
          .addHeader("Content-Type", "application/json").body(NO_REPLY_BODY).build());
      server.setDispatcher(dispatcher);
      try {
        server.start();
        this.client = newClient(baseUrl(basePath), ApiKey.of(SECRET), callbackUrl);
      } catch (IOException e) {
        server.close();
        throw new UncheckedIOException(e);
      } catch (RuntimeException | Error e) {
        server.close();
        throw e;
      }
    }

    // The loopback address as a literal, so no name resolution decides what "localhost" means.
    private URI baseUrl(String path) {
      InetAddress address = server.getSocketAddress().getAddress();
      String host = address instanceof Inet6Address
          ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
      return URI.create("http://" + host + ":" + server.getPort() + path);
    }

    /** A reply with images through a queue comes after the submission's answer and a completed status. */
    void enqueue(ReplyFixture fixture) {
      ProviderProfile.Queue queue = profile.queue();
      if (queue != null && !fixture.pending()) {
        enqueueJson(queue.accepted());
        enqueueJson(queue.completed());
      }
      dispatcher.enqueue(response(fixture));
    }

    MockResponse response(ReplyFixture fixture) {
      MockResponse.Builder response = new MockResponse.Builder().code(fixture.status())
          .addHeader("Content-Type", "application/json");
      fixture.headers().forEach(response::addHeader);
      return response.body(fixture.body()).build();
    }

    void enqueue(ErrorFixture fixture) {
      MockResponse.Builder response = new MockResponse.Builder().code(fixture.status())
          .addHeader("Content-Type", fixture.contentType());
      fixture.headers().forEach(response::addHeader);
      dispatcher.enqueue(response.body(fixture.body()).build());
    }

    void enqueueJson(String body) {
      dispatcher.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
          .body(body).build());
    }

    RecordedEdit take() {
      try {
        RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
        if (request == null) throw new AssertionError("no request reached the server");
        return RecordedEdit.of(request);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    @Override
    public void close() {
      try {
        client.close();
      } finally {
        server.close();
      }
    }
  }
}
