package io.github.imageedits.acedata;

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
import io.github.imageedits.ValidationException;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.Violation;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ProviderFeature;
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
 * AceData's capability table run through the validator: bad inputs, each refused naming exactly the
 * fields at fault, and a good input for every model the table lists.
 */
class AceDataValidationCatalogTest {
  private static final CapabilityTable TABLE = AceDataCapabilities.table();
  private static final long MB = 1024 * 1024;
  private static final String PROMPT = "Put a red scarf on the cat";
  /** The image URL of seed 002's gpt-image-2 example. */
  private static final String SEED_URL =
      "https://platform.cdn.acedata.cloud/gpt-image/5c9fa635-8794-4c6d-88f8-584d7f4716c6_0.png";
  private static final String HOOK = "https://webhook.site/3d32690d-6780-4187-a65c-870061e8c8ab";

  @TempDir static Path dir;
  static Path square;        // 64x64 PNG, no alpha: what dall-e-2 takes
  static Path squareJpeg;    // 64x64 JPEG
  static Path squareWebp;    // 64x64 WebP
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
  static Path fiftyMb;       // rect padded to exactly 50 MB
  static Path justUnderFiftyMb;
  static Path notes;         // a text file
  static Path folder;        // a directory
  static Path missing;       // no such file

  @BeforeAll
  static void images() throws IOException {
    square = TestImages.png(dir, "square.png", 64, 64);
    squareJpeg = TestImages.jpeg(dir, "square.jpg", 64, 64);
    squareWebp = TestImages.webp(dir, "square.webp", 64, 64);
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
    fiftyMb = TestImages.padded(rect, "rect-50mb.png", 50 * MB);
    justUnderFiftyMb = TestImages.padded(rect, "rect-under-50mb.png", 50 * MB - 1);
    notes = TestImages.file(dir, "notes.txt", "not an image".getBytes());
    folder = Files.createDirectory(dir.resolve("folder.png"));
    missing = dir.resolve("missing.png");
  }

  private static EditRequest.Builder edit(String model) {
    return EditRequest.builder().model(model).prompt(PROMPT);
  }

  private static EditRequest.Builder images(EditRequest.Builder builder, Path image, int count) {
    for (int i = 0; i < count; i++) builder.image(image);
    return builder;
  }

  private static EditRequest.Builder urls(EditRequest.Builder builder, int count) {
    for (int i = 0; i < count; i++) builder.imageUrl("https://example.com/item" + i + ".png");
    return builder;
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
        bad("blank model", () -> edit("   ").image(rect), "model"),
        bad("no prompt", () -> EditRequest.builder().model("gpt-image-1").image(rect), "prompt"),
        bad("blank prompt", () -> edit("gpt-image-2").prompt(" \n ").image(rect), "prompt"),
        bad("dall-e-2 prompt of 1001 characters", () -> edit("dall-e-2").prompt("a".repeat(1001)).image(square), "prompt"),
        bad("gpt-image-1.5 prompt of 32001 characters", () -> edit("gpt-image-1.5").prompt("a".repeat(32_001)).image(rect), "prompt"),
        bad("unknown model with a blank prompt", () -> edit("gpt-image-3").prompt("").image(rect), "prompt"),
        // image count
        bad("gpt-image-1 without images", () -> edit("gpt-image-1"), "image"),
        bad("gpt-image-1 with 17 images", () -> images(edit("gpt-image-1"), rect, 17), "image"),
        bad("gpt-image-2 with 17 image URLs", () -> urls(edit("gpt-image-2"), 17), "image"),
        bad("dall-e-2 with two images", () -> images(edit("dall-e-2"), square, 2), "image"),
        // image files
        bad("dall-e-2 with a JPEG", () -> edit("dall-e-2").image(squareJpeg), "image[0]"),
        bad("dall-e-2 with a WebP", () -> edit("dall-e-2").image(squareWebp), "image[0]"),
        bad("dall-e-2 with a non-square PNG", () -> edit("dall-e-2").image(rect), "image[0]"),
        bad("dall-e-2 with a non-square JPEG", () -> edit("dall-e-2").image(photo), "image[0]", "image[0]"),
        bad("dall-e-2 with a 4 MB PNG", () -> edit("dall-e-2").image(squareFourMb), "image[0]"),
        bad("gpt-image-1 with a 50 MB PNG", () -> edit("gpt-image-1").image(fiftyMb), "image[0]"),
        bad("gpt-image-2 with a 50 MB second image", () -> edit("gpt-image-2").image(rect).image(fiftyMb), "image[1]"),
        bad("gpt-image-1-mini with a missing file", () -> edit("gpt-image-1-mini").image(rect).image(missing), "image[1]"),
        bad("gpt-image-1 with a text file", () -> edit("gpt-image-1").image(notes), "image[0]"),
        bad("nano-banana with a directory", () -> edit("nano-banana").image(folder), "image[0]"),
        bad("in-memory bytes that are not an image", () -> edit("gpt-image-1").image(ImageSource.bytes("x.png", new byte[10])), "image[0]"),
        // image URLs
        bad("gpt-image-1 with an image URL", () -> edit("gpt-image-1").imageUrl(SEED_URL), "image[0]"),
        bad("gpt-image-1.5 with an image URL", () -> edit("gpt-image-1.5").imageUrl(SEED_URL), "image[0]"),
        bad("dall-e-2 with an image URL", () -> edit("dall-e-2").imageUrl(SEED_URL), "image[0]"),
        bad("gpt-image-2 with an ftp URL", () -> edit("gpt-image-2").imageUrl("ftp://example.com/a.png"), "image[0]"),
        bad("nano-banana with a file: URL", () -> edit("nano-banana").imageUrl("file:///tmp/apple.png"), "image[0]"),
        bad("gpt-image-2 mixing a URL and a file", () -> edit("gpt-image-2").imageUrl(SEED_URL).image(rect), "image"),
        // mask
        bad("gpt-image-1 with a JPEG mask", () -> edit("gpt-image-1").image(rect).mask(maskJpeg), "mask"),
        bad("gpt-image-1 with a mask without alpha", () -> edit("gpt-image-1").image(rect).mask(maskOpaque), "mask"),
        bad("gpt-image-1.5 with a mask of another size", () -> edit("gpt-image-1.5").image(rect).mask(maskSmall), "mask"),
        bad("dall-e-2 with a mask of another size", () -> edit("dall-e-2").image(square).mask(maskRect), "mask"),
        bad("gpt-image-1 with a 4 MB mask", () -> edit("gpt-image-1").image(rect).mask(maskFourMb), "mask"),
        bad("gpt-image-2 with a mask and image URLs", () -> edit("gpt-image-2").imageUrl(SEED_URL).mask(maskRect), "mask"),
        bad("gpt-image-2 with a mask URL", () -> edit("gpt-image-2").image(rect).mask(ImageSource.url(SEED_URL)), "mask"),
        bad("gpt-image-1 with a missing mask", () -> edit("gpt-image-1").image(rect).mask(missing), "mask"),
        // n
        bad("dall-e-2 with n = 11", () -> edit("dall-e-2").image(square).n(11), "n"),
        bad("dall-e-2 with n = 0", () -> edit("dall-e-2").image(square).n(0), "n"),
        // size
        bad("dall-e-2 with size 1024x1536", () -> edit("dall-e-2").image(square).size(ImageSize.of(1024, 1536)), "size"),
        bad("dall-e-2 with size auto", () -> edit("dall-e-2").image(square).size(ImageSize.AUTO), "size"),
        bad("gpt-image-1 with size 256x256", () -> edit("gpt-image-1").image(rect).size(ImageSize.of(256, 256)), "size"),
        bad("gpt-image-1-mini with size 1792x1024", () -> edit("gpt-image-1-mini").image(rect).size(ImageSize.of(1792, 1024)), "size"),
        bad("gpt-image-1 with an empty size", () -> edit("gpt-image-1").image(rect).size(ImageSize.EMPTY), "size"),
        bad("gpt-image-2 with 1000x1000 (not multiples of 16)", () -> edit("gpt-image-2").image(rect).size(ImageSize.of(1000, 1000)), "size"),
        bad("gpt-image-2 with 4096x2048 (side over 3840)", () -> edit("gpt-image-2").image(rect).size(ImageSize.of(4096, 2048)), "size"),
        bad("gpt-image-2 with 3840x2400 (over 8,294,400 pixels)", () -> edit("gpt-image-2").image(rect).size(ImageSize.of(3840, 2400)), "size"),
        bad("gpt-image-2:official with size 'huge'", () -> edit("gpt-image-2:official").image(rect).size(ImageSize.parse("huge")), "size"),
        bad("dall-e-3 with size 1792x1024", () -> edit("dall-e-3").image(rect).size(ImageSize.of(1792, 1024)), "size"),
        // enum values
        bad("dall-e-2 with quality high", () -> edit("dall-e-2").image(square).quality(Quality.HIGH), "quality"),
        bad("gpt-image-1 with quality standard", () -> edit("gpt-image-1").image(rect).quality(Quality.STANDARD), "quality"),
        bad("gpt-image-1 with background 'none'", () -> edit("gpt-image-1").image(rect).background(Background.of("none")), "background"),
        bad("gpt-image-1 with output_format gif", () -> edit("gpt-image-1").image(rect).outputFormat(OutputFormat.of("gif")), "output_format"),
        bad("gpt-image-1 with input_fidelity medium", () -> edit("gpt-image-1").image(rect).inputFidelity(InputFidelity.of("medium")), "input_fidelity"),
        bad("dall-e-2 with response_format json", () -> edit("dall-e-2").image(square).responseFormat(ResponseFormat.of("json")), "response_format"),
        // options the model refuses
        bad("dall-e-2 with a background", () -> edit("dall-e-2").image(square).background(Background.TRANSPARENT), "background"),
        bad("dall-e-2 with input_fidelity", () -> edit("dall-e-2").image(square).inputFidelity(InputFidelity.HIGH), "input_fidelity"),
        bad("dall-e-2 with output_compression", () -> edit("dall-e-2").image(square).outputCompression(50), "output_compression"),
        bad("dall-e-3 with output_format", () -> edit("dall-e-3").image(rect).outputFormat(OutputFormat.PNG), "output_format"),
        bad("gpt-image-1-mini with input_fidelity", () -> edit("gpt-image-1-mini").image(rect).inputFidelity(InputFidelity.LOW), "input_fidelity"),
        // output rules
        bad("gpt-image-1 with output_compression and no output format", () -> edit("gpt-image-1").image(rect).outputCompression(80), "output_compression"),
        bad("gpt-image-1 with output_compression for png", () -> edit("gpt-image-1").image(rect).outputFormat(OutputFormat.PNG).outputCompression(80), "output_compression"),
        bad("gpt-image-1.5 with output_compression 101", () -> edit("gpt-image-1.5").image(rect).outputFormat(OutputFormat.JPEG).outputCompression(101), "output_compression"),
        bad("gpt-image-1 with a transparent background as jpeg", () -> edit("gpt-image-1").image(rect).background(Background.TRANSPARENT).outputFormat(OutputFormat.JPEG), "background"),
        bad("gpt-image-1 with partial_images 4", () -> edit("gpt-image-1").image(rect).partialImages(4), "partial_images"),
        bad("gpt-image-2 with partial_images -1", () -> edit("gpt-image-2").image(rect).partialImages(-1), "partial_images"),
        // callback_url
        bad("callback_url that is not a URL", () -> edit("gpt-image-1").image(rect).callbackUrl("webhook please"), "callback_url"),
        bad("callback_url with ftp", () -> edit("nano-banana").image(rect).callbackUrl("ftp://example.com/hook"), "callback_url"),
        // strict policy: what lenient would drop is refused
        bad("strict: gpt-image-2 with n", () -> edit("gpt-image-2").image(rect).n(4).strict(), "n"),
        bad("strict: gpt-image-1 with response_format", () -> edit("gpt-image-1").image(rect).responseFormat(ResponseFormat.B64_JSON).strict(), "response_format"),
        bad("strict: nano-banana with mask, n and size", () -> edit("nano-banana").image(rect).mask(maskRect).n(2).size(ImageSize.AUTO).strict(), "mask", "n", "size"),
        bad("strict: nano-banana-pro with quality and output_format", () -> edit("nano-banana-pro").imageUrl(SEED_URL).quality(Quality.HIGH).outputFormat(OutputFormat.WEBP).strict(), "quality", "output_format"),
        bad("strict: gpt-image-1 with moderation", () -> edit("gpt-image-1").image(rect).moderation(Moderation.LOW).strict(), "moderation"),
        bad("strict: dall-e-2 with user", () -> edit("dall-e-2").image(square).user("user-1").strict(), "user"),
        // several problems at once
        bad("dall-e-2 breaking seven rules", () -> edit("dall-e-2").prompt("a".repeat(1200)).image(squareJpeg).image(rect)
            .size(ImageSize.AUTO).n(20).background(Background.TRANSPARENT).quality(Quality.HIGH),
            "prompt", "image", "image[0]", "image[1]", "n", "size", "quality", "background"),
        bad("gpt-image-2 breaking six rules", () -> edit("gpt-image-2").prompt(" ").imageUrl("ftp://x/a.png").image(fiftyMb)
            .size(ImageSize.of(4000, 16)).partialImages(9),
            "prompt", "image", "image[0]", "image[1]", "size", "partial_images"),
        bad("no model (checked against the permissive default) and six more rules broken", () -> EditRequest.builder().prompt(" ")
            .image(rect).imageUrl("ftp://x/a.png").mask(maskSmall).partialImages(9).outputCompression(5),
            "model", "prompt", "image", "image[1]", "mask", "output_compression", "partial_images"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  @DisplayName("a bad input is refused, naming exactly the fields at fault")
  void badInputIsRefused(Case bad) {
    EditRequest request = bad.request().get().build();

    ValidationReport report = RequestValidator.check(request, TABLE);

    assertThat(report.errors()).extracting(Violation::field).containsExactlyInAnyOrderElementsOf(bad.fields());
    assertThat(report.errors()).allSatisfy(v -> {
      assertThat(v.provider()).isEqualTo("acedata");
      assertThat(v.model()).isEqualTo(request.model());
      assertThat(v.message()).contains(v.field()).contains(v.limit()).contains("provider acedata");
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
    assertThat(only(edit("dall-e-2").prompt("a".repeat(1001)).image(square)).message())
        .isEqualTo("prompt: '1001 characters' breaks the rule: at most 1000 characters"
            + " (model dall-e-2, provider acedata)");
    // The value names the file by its path, shortened to its tail when long.
    assertThat(only(edit("dall-e-2").image(squareFourMb)).message())
        .startsWith("image[0]: '").contains("square-4mb.png (4194304 bytes)' breaks the rule:"
            + " smaller than 4194304 bytes (4 MB) (model dall-e-2, provider acedata)");
    assertThat(only(edit("gpt-image-1").image(fiftyMb)).limit())
        .isEqualTo("smaller than 52428800 bytes (50 MB)");
    assertThat(only(edit("gpt-image-2").image(rect).size(ImageSize.of(3840, 2400))).message())
        .isEqualTo("size: '3840x2400' breaks the rule: auto, empty, or WIDTHxHEIGHT with both multiples"
            + " of 16, the longer side at most 3840 and at most 8294400 pixels"
            + " (model gpt-image-2, provider acedata)");
    assertThat(only(edit("gpt-image-1").image(rect).quality(Quality.STANDARD)).message())
        .isEqualTo("quality: 'standard' breaks the rule: one of auto, high, low, medium"
            + " (model gpt-image-1, provider acedata)");
    assertThat(only(edit("gpt-image-1-mini").image(rect).inputFidelity(InputFidelity.HIGH)).message())
        .isEqualTo("input_fidelity: 'high' breaks the rule: unset, since this model does not accept it"
            + " (model gpt-image-1-mini, provider acedata)");
    assertThat(only(edit("gpt-image-1").image(rect).mask(maskSmall)).limit())
        .isEqualTo("the same size as image[0] (96x64)");
  }

  private static Violation only(EditRequest.Builder request) {
    List<Violation> errors = RequestValidator.check(request.build(), TABLE).errors();
    assertThat(errors).hasSize(1);
    return errors.get(0);
  }

  /** A request each listed model must accept as is: no error, nothing dropped. */
  static Map<String, Supplier<EditRequest.Builder>> goodInputs() {
    Map<String, Supplier<EditRequest.Builder>> good = new LinkedHashMap<>();
    good.put("dall-e-2", () -> edit("dall-e-2").image(square).mask(maskSquare).size(ImageSize.of(512, 512)).n(3)
        .quality(Quality.STANDARD).responseFormat(ResponseFormat.B64_JSON).callbackUrl(HOOK));
    good.put("dall-e-3", () -> edit("dall-e-3").image(rect).size(ImageSize.of(1024, 1024)).quality(Quality.STANDARD)
        .responseFormat(ResponseFormat.URL));
    good.put("gpt-image-1", () -> edit("gpt-image-1").image(rect).image(photo).image(webp).image(justUnderFiftyMb)
        .mask(maskRect).size(ImageSize.of(1536, 1024)).quality(Quality.HIGH).background(Background.TRANSPARENT)
        .outputFormat(OutputFormat.WEBP).outputCompression(80).inputFidelity(InputFidelity.HIGH).partialImages(2)
        .callbackUrl(HOOK));
    good.put("gpt-image-1-mini", () -> edit("gpt-image-1-mini").image(rect).size(ImageSize.AUTO).quality(Quality.LOW)
        .background(Background.OPAQUE).outputFormat(OutputFormat.JPEG).outputCompression(0));
    good.put("gpt-image-1.5", () -> edit("gpt-image-1.5").image(photo).mask(maskRect).size(ImageSize.of(1024, 1536))
        .partialImages(3).inputFidelity(InputFidelity.LOW));
    good.put("gpt-image-2", () -> edit("gpt-image-2").imageUrl(SEED_URL).size(ImageSize.of(1024, 1536)));
    good.put("gpt-image-2:reverse", () -> urls(edit("gpt-image-2:reverse"), 16).size(ImageSize.of(3840, 2160)));
    good.put("gpt-image-2:official", () -> edit("gpt-image-2:official").image(rect).image(webp).mask(maskRect)
        .size(ImageSize.EMPTY).quality(Quality.MEDIUM));
    good.put("nano-banana", () -> edit("nano-banana").imageUrl(
        "https://platform.cdn.acedata.cloud/nanobanana/6870b330-65c4-436c-bb80-819fdae7a7a4.png"));
    good.put("nano-banana-2", () -> edit("nano-banana-2").image(rect).image(photo).callbackUrl(HOOK));
    good.put("nano-banana-pro", () -> edit("nano-banana-pro").image(justUnderFiftyMb));
    good.put("nano-banana-2-lite", () -> urls(edit("nano-banana-2-lite"), 3));
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
    for (int i = 0; i < request.images().size(); i++) {
      assertThat(edit.imageInfos().get(i) == null)
          .isEqualTo(request.images().get(i) instanceof ImageSource.UrlImage);
    }
  }

  static Stream<String> goodModels() {
    return goodInputs().keySet().stream();
  }

  @Test
  void anUnknownModelPassesWithThePermissiveDefault() {
    EditRequest request = urls(edit("gpt-image-3"), 4).size(ImageSize.of(5000, 5000)).n(7)
        .moderation(Moderation.LOW).build();

    PreparedEdit edit = PreparedEdits.prepare(request, TABLE);

    assertThat(edit.warnings()).isEmpty();
    assertThat(TABLE.knows("gpt-image-3")).isFalse();
  }

  @Test
  void lenientDropsIgnoredOptionsWithAWarningEach() {
    EditRequest gpt = edit("gpt-image-2").imageUrl(SEED_URL).n(4).responseFormat(ResponseFormat.URL).build();
    EditRequest banana = edit("nano-banana").image(rect).mask(missing).n(2).size(ImageSize.of(1024, 1024))
        .quality(Quality.HIGH).responseFormat(ResponseFormat.B64_JSON).callbackUrl(HOOK).build();

    PreparedEdit gptEdit = PreparedEdits.prepare(gpt, TABLE);
    PreparedEdit bananaEdit = PreparedEdits.prepare(banana, TABLE);

    assertThat(gptEdit.warnings()).extracting(Violation::field).containsExactly("n", "response_format");
    assertThat(gptEdit.request().n()).isNull();
    assertThat(gptEdit.request().responseFormat()).isNull();
    assertThat(bananaEdit.warnings()).extracting(Violation::field)
        .containsExactly("mask", "n", "size", "quality", "response_format");
    assertThat(bananaEdit.warnings().get(2).message()).isEqualTo("size 1024x1024 was not sent: nano-banana ignores it");
    assertThat(bananaEdit.request()).isEqualTo(edit("nano-banana").image(rect).callbackUrl(HOOK).build());
    assertThat(bananaEdit.maskInfo()).as("a dropped mask is not read").isNull();
  }

  @Test
  void strictRefusesWhatLenientWouldDrop() {
    EditRequest request = edit("gpt-image-2").imageUrl(SEED_URL).n(4).strict().build();

    assertThatThrownBy(() -> PreparedEdits.prepare(request, TABLE))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .singleElement().extracting(Violation::field).isEqualTo("n"));
  }

  @Test
  void featuresAreCallbacksTaskRetrievalAndUrlImagesButNotYetStreaming() {
    assertThat(TABLE.provider()).isEqualTo("acedata");
    assertThat(TABLE.features()).containsExactlyInAnyOrder(
        ProviderFeature.URL_IMAGES, ProviderFeature.ASYNC_CALLBACK, ProviderFeature.TASK_RETRIEVAL);
  }
}
