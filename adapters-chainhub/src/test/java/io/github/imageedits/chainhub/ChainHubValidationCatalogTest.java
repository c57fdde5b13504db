package io.github.imageedits.chainhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.Background;
import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageSize;
import io.github.imageedits.ImageSource;
import io.github.imageedits.InputFidelity;
import io.github.imageedits.Moderation;
import io.github.imageedits.OutputFormat;
import io.github.imageedits.Quality;
import io.github.imageedits.ResponseFormat;
import io.github.imageedits.UnsupportedFeatureException;
import io.github.imageedits.ValidationException;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.Violation;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.RequestValidator;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.testkit.PreparedEdits;
import io.github.imageedits.testkit.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ChainHub's capability table run through the validator: bad inputs, each refused naming exactly
 * the fields at fault, and a good input for every model the table lists.
 */
class ChainHubValidationCatalogTest {
  private static final CapabilityTable TABLE = ChainHubCapabilities.table();
  private static final long MB = 1024 * 1024;
  /** Seed 004's example prompt. */
  private static final String PROMPT = "Combine them into one image";

  @TempDir static Path dir;
  static Path square;        // 64x64 PNG, no alpha: what dall-e-2 takes
  static Path squareJpeg;    // 64x64 JPEG
  static Path rect;          // 96x64 PNG
  static Path photo;         // 96x64 JPEG
  static Path webp;          // 96x64 WebP
  static Path maskSquare;    // 64x64 PNG with alpha
  static Path maskRect;      // 96x64 PNG with alpha
  static Path maskOpaque;    // 96x64 PNG without alpha
  static Path maskSmall;     // 48x32 PNG with alpha
  static Path maskJpeg;      // 96x64 JPEG
  static Path maskFourMb;    // maskRect padded to 4 MB
  static Path squareFourMb;  // square padded to 4 MB
  static Path twentyFiveMb;  // rect padded to exactly 25 MB
  static Path justUnder25Mb;
  static Path fortyMb;       // fine at AceData, too big here
  static Path notes;         // a text file
  static Path missing;       // no such file

  @BeforeAll
  static void images() throws IOException {
    square = TestImages.png(dir, "square.png", 64, 64);
    squareJpeg = TestImages.jpeg(dir, "square.jpg", 64, 64);
    rect = TestImages.png(dir, "rect.png", 96, 64);
    photo = TestImages.jpeg(dir, "photo.jpg", 96, 64);
    webp = TestImages.webp(dir, "photo.webp", 96, 64);
    maskSquare = TestImages.mask(dir, "mask-square.png", 64, 64);
    maskRect = TestImages.mask(dir, "mask.png", 96, 64);
    maskOpaque = TestImages.png(dir, "mask-opaque.png", 96, 64);
    maskSmall = TestImages.mask(dir, "mask-small.png", 48, 32);
    maskJpeg = TestImages.jpeg(dir, "mask.jpg", 96, 64);
    maskFourMb = TestImages.padded(maskRect, "mask-4mb.png", 4 * MB);
    squareFourMb = TestImages.padded(square, "square-4mb.png", 4 * MB);
    twentyFiveMb = TestImages.padded(rect, "rect-25mb.png", 25 * MB);
    justUnder25Mb = TestImages.padded(rect, "rect-under-25mb.png", 25 * MB - 1);
    fortyMb = TestImages.padded(rect, "rect-40mb.png", 40 * MB);
    notes = TestImages.file(dir, "notes.txt", "not an image".getBytes());
    missing = dir.resolve("missing.png");
  }

  private static EditRequest.Builder edit(String model) {
    return EditRequest.builder().model(model).prompt(PROMPT);
  }

  /** One bad input and the fields it must be refused for (a field twice means two rules broken). */
  record Case(String name, Supplier<EditRequest.Builder> request, List<String> fields) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case bad(String name, Supplier<EditRequest.Builder> request, String... fields) {
    return new Case(name, request, List.of(fields));
  }

  static Stream<Case> badInputs() {
    return Stream.of(
        // model and prompt
        bad("no model", () -> EditRequest.builder().prompt(PROMPT).image(rect), "model"),
        bad("blank prompt", () -> edit("gpt-image-1").prompt("\t").image(rect), "prompt"),
        bad("gpt-image-1 prompt of 32001 characters", () -> edit("gpt-image-1").prompt("b".repeat(32_001)).image(rect), "prompt"),
        bad("dall-e-2 prompt of 1001 characters", () -> edit("dall-e-2").prompt("b".repeat(1001)).image(square), "prompt"),
        // images
        bad("gpt-image-1-all without images", () -> edit("gpt-image-1-all"), "image"),
        bad("gpt-image-1 with 17 images", () -> {
          EditRequest.Builder b = edit("gpt-image-1");
          for (int i = 0; i < 17; i++) b.image(rect);
          return b;
        }, "image"),
        bad("dall-e-2 with two images", () -> edit("dall-e-2").image(square).image(square), "image"),
        bad("gpt-image-1 with a 25 MB image", () -> edit("gpt-image-1").image(twentyFiveMb), "image[0]"),
        bad("flux-kontext-pro with a 40 MB image (fine at AceData)", () -> edit("flux-kontext-pro").image(fortyMb), "image[0]"),
        bad("dall-e-2 with a JPEG", () -> edit("dall-e-2").image(squareJpeg), "image[0]"),
        bad("dall-e-2 with a non-square PNG", () -> edit("dall-e-2").image(rect), "image[0]"),
        bad("dall-e-2 with a 4 MB PNG", () -> edit("dall-e-2").image(squareFourMb), "image[0]"),
        bad("gpt-image-1 with a missing file", () -> edit("gpt-image-1").image(missing), "image[0]"),
        bad("flux-kontext-max with a text file", () -> edit("flux-kontext-max").image(notes), "image[0]"),
        // mask
        bad("gpt-image-1 with a JPEG mask", () -> edit("gpt-image-1").image(rect).mask(maskJpeg), "mask"),
        bad("gpt-image-1 with a mask without alpha", () -> edit("gpt-image-1").image(rect).mask(maskOpaque), "mask"),
        bad("gpt-image-1 with a mask of another size", () -> edit("gpt-image-1").image(rect).mask(maskSmall), "mask"),
        bad("gpt-image-1 with a 4 MB mask", () -> edit("gpt-image-1").image(rect).mask(maskFourMb), "mask"),
        // n
        bad("gpt-image-1 with n = 11", () -> edit("gpt-image-1").image(rect).n(11), "n"),
        bad("flux-kontext-max with n = 0", () -> edit("flux-kontext-max").image(rect).n(0), "n"),
        // size
        bad("gpt-image-1 with size 256x256", () -> edit("gpt-image-1").image(rect).size(ImageSize.of(256, 256)), "size"),
        bad("gpt-image-1-all with size 1792x1024", () -> edit("gpt-image-1-all").image(rect).size(ImageSize.of(1792, 1024)), "size"),
        bad("gpt-image-1 with size AUTO in capitals", () -> edit("gpt-image-1").image(rect).size(ImageSize.parse("AUTO")), "size"),
        bad("dall-e-3 with size 1536x1024", () -> edit("dall-e-3").image(rect).size(ImageSize.of(1536, 1024)), "size"),
        bad("dall-e-2 with size auto", () -> edit("dall-e-2").image(square).size(ImageSize.AUTO), "size"),
        // quality
        bad("gpt-image-1 with quality standard", () -> edit("gpt-image-1").image(rect).quality(Quality.STANDARD), "quality"),
        bad("dall-e-2 with quality high", () -> edit("dall-e-2").image(square).quality(Quality.HIGH), "quality"),
        bad("flux-kontext-pro with quality high", () -> edit("flux-kontext-pro").image(rect).quality(Quality.HIGH), "quality"),
        bad("dall-e-3 with quality medium", () -> edit("dall-e-3").image(rect).quality(Quality.MEDIUM), "quality"),
        // moderation and background
        bad("gpt-image-1 with moderation high", () -> edit("gpt-image-1").image(rect).moderation(Moderation.of("high")), "moderation"),
        bad("flux-kontext-max with moderation", () -> edit("flux-kontext-max").image(rect).moderation(Moderation.LOW), "moderation"),
        bad("dall-e-2 with a background", () -> edit("dall-e-2").image(square).background(Background.AUTO), "background"),
        bad("flux-kontext-pro with a background", () -> edit("flux-kontext-pro").image(rect).background(Background.TRANSPARENT), "background"),
        bad("gpt-image-1 with background none", () -> edit("gpt-image-1").image(rect).background(Background.of("none")), "background"),
        // response_format
        bad("gpt-image-1 with response_format", () -> edit("gpt-image-1").image(rect).responseFormat(ResponseFormat.B64_JSON), "response_format"),
        bad("flux-kontext-pro with response_format", () -> edit("flux-kontext-pro").image(rect).responseFormat(ResponseFormat.URL), "response_format"),
        bad("dall-e-3 with response_format", () -> edit("dall-e-3").image(rect).responseFormat(ResponseFormat.URL), "response_format"),
        bad("dall-e-2 with response_format xml", () -> edit("dall-e-2").image(square).responseFormat(ResponseFormat.of("xml")), "response_format"),
        // strict policy: the options ChainHub does not document are refused rather than dropped
        bad("strict: gpt-image-1 with output_format", () -> edit("gpt-image-1").image(rect).outputFormat(OutputFormat.JPEG).strict(), "output_format"),
        bad("strict: gpt-image-1 with input_fidelity", () -> edit("gpt-image-1").image(rect).inputFidelity(InputFidelity.HIGH).strict(), "input_fidelity"),
        bad("strict: flux-kontext-max with partial_images", () -> edit("flux-kontext-max").image(rect).partialImages(1).strict(), "partial_images"),
        bad("strict: gpt-image-1-all with user and output_compression", () -> edit("gpt-image-1-all").image(rect).user("u-1")
            .outputCompression(50).strict(), "output_compression", "user"),
        // several at once
        bad("dall-e-2 breaking six rules", () -> edit("dall-e-2").prompt("b".repeat(2000)).image(rect).image(photo)
            .mask(maskSmall).n(12).size(ImageSize.of(1024, 1792)).moderation(Moderation.LOW),
            "prompt", "image", "image[0]", "image[1]", "image[1]", "mask", "n", "size", "moderation"),
        bad("gpt-image-1 breaking five rules", () -> edit("gpt-image-1").prompt("").image(twentyFiveMb).image(notes)
            .quality(Quality.STANDARD).responseFormat(ResponseFormat.URL),
            "prompt", "image[0]", "image[1]", "quality", "response_format"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  @DisplayName("a bad input is refused, naming exactly the fields at fault")
  void badInputIsRefused(Case bad) {
    EditRequest request = bad.request().get().build();

    ValidationReport report = RequestValidator.check(request, TABLE);

    assertThat(report.errors()).extracting(Violation::field).containsExactlyInAnyOrderElementsOf(bad.fields());
    assertThat(report.errors()).allSatisfy(v -> {
      assertThat(v.provider()).isEqualTo("chainhub");
      assertThat(v.model()).isEqualTo(request.model());
      assertThat(v.message()).contains(v.field()).contains(v.limit()).contains("provider chainhub");
    });
    assertThatThrownBy(() -> PreparedEdits.prepare(request, TABLE))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.violations()).isEqualTo(report.errors()));
  }

  @Test
  void theCatalogHoldsAtLeastThirtyDistinctBadInputs() {
    List<String> names = badInputs().map(Case::name).toList();

    assertThat(names).hasSizeGreaterThanOrEqualTo(30).doesNotHaveDuplicates();
  }

  @Test
  void messagesNameTheValueTheLimitTheModelAndTheProvider() {
    assertThat(only(edit("gpt-image-1").image(twentyFiveMb)).message())
        .startsWith("image[0]: '").contains("rect-25mb.png (26214400 bytes)' breaks the rule:"
            + " smaller than 26214400 bytes (25 MB) (model gpt-image-1, provider chainhub)");
    assertThat(only(edit("gpt-image-1").image(rect).moderation(Moderation.of("high"))).message())
        .isEqualTo("moderation: 'high' breaks the rule: one of auto, low (model gpt-image-1, provider chainhub)");
    assertThat(only(edit("dall-e-3").image(rect).size(ImageSize.of(1536, 1024))).message())
        .isEqualTo("size: '1536x1024' breaks the rule: one of 1024x1024, 1024x1792, 1792x1024"
            + " (model dall-e-3, provider chainhub)");
    assertThat(only(edit("dall-e-2").image(squareJpeg)).limit()).isEqualTo("an image in format png");
  }

  private static Violation only(EditRequest.Builder request) {
    List<Violation> errors = RequestValidator.check(request.build(), TABLE).errors();
    assertThat(errors).hasSize(1);
    return errors.get(0);
  }

  @Test
  void imageUrlsAndCallbacksAreFeaturesChainHubLacks() {
    EditRequest url = edit("gpt-image-1").imageUrl("https://example.com/a.png").build();
    EditRequest callback = edit("gpt-image-1").image(rect).callbackUrl("https://hooks.example.com/x").build();

    assertThat(RequestValidator.check(url, TABLE).errors()).extracting(Violation::field).containsExactly("image");
    assertThat(RequestValidator.check(callback, TABLE).errors()).extracting(Violation::field).containsExactly("callback_url");
    assertThatThrownBy(() -> PreparedEdits.prepare(url, TABLE))
        .isInstanceOf(UnsupportedFeatureException.class).hasMessage("chainhub does not support image URLs");
    assertThatThrownBy(() -> PreparedEdits.prepare(callback, TABLE))
        .isInstanceOf(UnsupportedFeatureException.class)
        .hasMessage("chainhub does not support asynchronous callbacks (callback_url)");
    assertThat(TABLE.features()).isEmpty();
  }

  /** A request each listed model must accept as is: no error, nothing dropped. */
  static Map<String, Supplier<EditRequest.Builder>> goodInputs() {
    Map<String, Supplier<EditRequest.Builder>> good = new LinkedHashMap<>();
    // Seed 004's example: size 1024x1024, model gpt-image-1, n 1; plus the options it documents.
    good.put("gpt-image-1", () -> edit("gpt-image-1").image(rect).image(photo).image(webp).image(justUnder25Mb)
        .mask(maskRect).size(ImageSize.of(1024, 1024)).n(1).quality(Quality.HIGH)
        .background(Background.TRANSPARENT).moderation(Moderation.LOW));
    good.put("gpt-image-1-all", () -> edit("gpt-image-1-all").image(photo).size(ImageSize.AUTO).quality(Quality.AUTO).n(2));
    good.put("flux-kontext-pro", () -> edit("flux-kontext-pro").image(rect).size(ImageSize.of(1024, 768)).quality(Quality.AUTO));
    good.put("flux-kontext-max", () -> edit("flux-kontext-max").image(webp).mask(maskRect).n(1));
    good.put("dall-e-2", () -> edit("dall-e-2").image(square).mask(maskSquare).size(ImageSize.of(256, 256)).n(4)
        .quality(Quality.STANDARD).responseFormat(ResponseFormat.URL));
    good.put("dall-e-3", () -> edit("dall-e-3").image(rect).size(ImageSize.of(1792, 1024)).quality(Quality.STANDARD));
    return good;
  }

  @Test
  void everyListedModelHasAGoodInput() {
    assertThat(goodInputs().keySet()).containsExactlyElementsOf(TABLE.models().keySet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodModels")
  @DisplayName("a good input passes for every model")
  void goodInputPasses(String model) {
    EditRequest request = goodInputs().get(model).get().build();

    PreparedEdit edit = PreparedEdits.prepare(request, TABLE);

    assertThat(edit.warnings()).isEmpty();
    assertThat(edit.request()).isEqualTo(request);
    assertThat(edit.capability().model()).isEqualTo(model);
    assertThat(edit.imageInfos()).hasSameSizeAs(request.images()).doesNotContainNull();
  }

  static Stream<String> goodModels() {
    return goodInputs().keySet().stream();
  }

  @Test
  void anUnknownModelPassesWithThePermissiveDefaultButChainHubsImageLimit() throws IOException {
    EditRequest fine = edit("seedream-4").image(rect)
        .image(ImageSource.bytes("photo.jpg", Files.readAllBytes(photo))).size(ImageSize.of(333, 777))
        .outputFormat(OutputFormat.JPEG).outputCompression(70).build();
    EditRequest tooBig = edit("seedream-4").image(twentyFiveMb).build();

    assertThat(PreparedEdits.prepare(fine, TABLE).warnings()).isEmpty();
    assertThat(RequestValidator.check(tooBig, TABLE).errors()).extracting(Violation::field).containsExactly("image[0]");
  }

  @Test
  void lenientDropsUndocumentedOptionsWithAWarningEach() {
    EditRequest request = edit("gpt-image-1").image(rect).background(Background.TRANSPARENT)
        .outputFormat(OutputFormat.JPEG).outputCompression(80).inputFidelity(InputFidelity.HIGH).build();

    PreparedEdit edit = PreparedEdits.prepare(request, TABLE);

    assertThat(edit.warnings()).extracting(Violation::field)
        .containsExactly("input_fidelity", "output_format", "output_compression");
    assertThat(edit.request()).isEqualTo(edit("gpt-image-1").image(rect).background(Background.TRANSPARENT).build());
  }

  @Test
  void strictRefusesWhatLenientWouldDrop() {
    EditRequest request = edit("gpt-image-1").image(rect).outputFormat(OutputFormat.WEBP).user("u").strict().build();

    assertThatThrownBy(() -> PreparedEdits.prepare(request, TABLE))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field).containsExactly("output_format", "user"));
  }
}
