package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageSize;
import io.github.imageedits.Option;
import io.github.imageedits.OutputFormat;
import io.github.imageedits.Quality;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.Violation;
import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.emulator.ProviderEmulator.Dialect;
import io.github.imageedits.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One model-agnostic {@link EditRequest} (a prompt, one PNG, a mask, 1024x1024, n=2, high quality,
 * PNG output) checked against each of the six providers with {@code client.check(request)}, which
 * shows what each refuses, adapts or drops; then the variant each accepts (the request without what
 * it refuses) is sent, and an image comes back.
 *
 * <p>AceData, ChainHub, Azure OpenAI, Gemini and fal run against the emulator in their dialects.
 * The emulator has no OpenAI dialect (AceData's OpenAI-compatible path is {@code /openai/images/edits},
 * not OpenAI's {@code /v1/images/edits}), so OpenAI runs against a MockWebServer answering with the
 * reply OpenAI's API reference documents for GPT image edits ({@code data[].b64_json}).
 */
@DisplayName("The same EditRequest on all six providers")
class SameRequestEverywhereTest {
  /**
   * What each provider's table does with the request. REFUSED: an error, nothing is sent until the
   * option is removed. ADAPTED: sent in the provider's own terms, with a warning. DROPPED: the model
   * ignores it; not sent, with a warning (the lenient default).
   *
   * <pre>
   * provider  model                     REFUSED                     ADAPTED  DROPPED
   * acedata   gpt-image-1               -                           -        n
   * chainhub  gpt-image-1               -                           -        output_format
   * openai    gpt-image-1               -                           -        -
   * azure     gpt-image-1               -                           -        -
   * gemini    gemini-2.5-flash-image    mask, n, output_format      size     quality
   * fal       fal-ai/flux-pro/kontext   mask                        -        size, quality
   * </pre>
   */
  static Stream<Arguments> table() {
    return Stream.of(
        row("acedata", "gpt-image-1", Set.of(), Set.of(), Set.of("n")),
        row("chainhub", "gpt-image-1", Set.of(), Set.of(), Set.of("output_format")),
        row("openai", "gpt-image-1", Set.of(), Set.of(), Set.of()),
        row("azure", "gpt-image-1", Set.of(), Set.of(), Set.of()),
        row("gemini", "gemini-2.5-flash-image", Set.of("mask", "n", "output_format"), Set.of("size"), Set.of("quality")),
        row("fal", "fal-ai/flux-pro/kontext", Set.of("mask"), Set.of(), Set.of("size", "quality")));
  }

  static final String TOKEN = "same-request-token";
  static final List<ProviderEmulator> EMULATORS = new java.util.ArrayList<>();
  static MockWebServer openAi;
  @TempDir static Path folder;
  static EditRequest request;

  @BeforeAll
  static void start() throws Exception {
    for (Dialect dialect : List.of(Dialect.ACEDATA, Dialect.CHAINHUB, Dialect.AZURE, Dialect.GEMINI, Dialect.FAL)) {
      ProviderEmulator emulator = ProviderEmulator.builder().dialect(dialect).token(TOKEN).build();
      emulator.start();
      EMULATORS.add(emulator);
    }
    openAi = new MockWebServer();
    openAi.start();
    request = EditRequest.builder().model("set per provider").prompt("Put a red hat on the cat")
        .image(TestImages.png(folder, "cat.png", 64, 64)).mask(TestImages.mask(folder, "mask.png", 64, 64))
        .size(ImageSize.of(1024, 1024)).n(2).quality(Quality.HIGH).outputFormat(OutputFormat.PNG).build();
  }

  @AfterAll
  static void stop() {
    EMULATORS.forEach(ProviderEmulator::close);
    openAi.close();
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("table")
  @DisplayName("check() names what the provider refuses, adapts and drops; the variant it accepts returns an image")
  void sameRequest(String provider, String model, Set<String> refused, Set<String> adapted, Set<String> dropped)
      throws Exception {
    try (ImageEditClient client = client(provider)) {
      EditRequest mine = request.toBuilder().model(model).build();

      ValidationReport report = client.check(mine);

      assertThat(fields(report.errors())).as("refused").isEqualTo(new TreeSet<>(refused));
      assertThat(report.errors()).allSatisfy(v -> assertThat(v.provider()).isEqualTo(provider));
      List<Violation> droppedWarnings = report.warnings().stream()
          .filter(v -> v.message().contains("was not sent")).toList();
      List<Violation> adaptedWarnings = report.warnings().stream()
          .filter(v -> !droppedWarnings.contains(v)).toList();
      assertThat(fields(adaptedWarnings)).as("adapted").isEqualTo(new TreeSet<>(adapted));
      assertThat(fields(droppedWarnings)).as("dropped").isEqualTo(new TreeSet<>(dropped));

      EditRequest.Builder accepted = mine.toBuilder();
      for (String field : refused) accepted.clear(option(field));
      EditRequest variant = accepted.build();
      assertThat(client.check(variant).ok()).as("the variant passes %s's table", provider).isTrue();
      if (provider.equals("openai")) enqueueOpenAiReply();

      try (EditResult result = client.edit(variant)) {
        assertThat(result.provider()).isEqualTo(provider);
        assertThat(result.images()).isNotEmpty();
        // What was adapted or dropped is said on the result too, never silently.
        assertThat(fields(result.warnings())).as("the result's warnings")
            .containsAll(adapted).containsAll(dropped);
        Path saved = client.save(result.images().get(0), folder, provider);
        BufferedImage image = ImageIO.read(saved.toFile());
        assertThat(image).as("%s returned a readable image", provider).isNotNull();
        assertThat(image.getWidth()).isPositive();
      }
      if (provider.equals("openai")) {
        assertThat(openAi.takeRequest().getTarget()).isEqualTo("/v1/images/edits");
      } else {
        assertThat(emulator(provider).receivedEdits()).as("the edit reached %s's emulator", provider)
            .isNotEmpty().allSatisfy(edit -> assertThat(edit.authorized()).isTrue());
      }
    }
  }

  static ImageEditClient client(String provider) {
    String base = provider.equals("openai") ? openAi.url("/").toString() : emulator(provider).baseUrl().toString();
    return ImageEdits.builder().provider(provider).apiKey(TOKEN).baseUrl(base).build();
  }

  static ProviderEmulator emulator(String provider) {
    return EMULATORS.stream().filter(e -> e.dialect().name().equalsIgnoreCase(provider)).findFirst().orElseThrow();
  }

  /** The reply OpenAI's API reference documents for an image edit with a GPT image model. */
  static void enqueueOpenAiReply() {
    String png = Base64.getEncoder().encodeToString(TestImages.pngBytes("openai", 32, 32));
    openAi.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
        .body("{\"created\":1713833628,\"data\":[{\"b64_json\":\"" + png + "\"}],\"usage\":{\"total_tokens\":100,"
            + "\"input_tokens\":50,\"output_tokens\":50,\"input_tokens_details\":{\"text_tokens\":10,\"image_tokens\":40}}}")
        .build());
  }

  static Option option(String wireName) {
    return Stream.of(Option.values()).filter(o -> o.wireName().equals(wireName)).findFirst().orElseThrow();
  }

  static Set<String> fields(List<Violation> violations) {
    return violations.stream().map(Violation::field).collect(Collectors.toCollection(TreeSet::new));
  }

  static Arguments row(String provider, String model, Set<String> refused, Set<String> adapted, Set<String> dropped) {
    return Arguments.of(provider, model, refused, adapted, dropped);
  }
}
