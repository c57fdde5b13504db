package io.github.imageedits.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.Background;
import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageSize;
import io.github.imageedits.ImageSource;
import io.github.imageedits.Option;
import io.github.imageedits.OutputFormat;
import io.github.imageedits.Quality;
import io.github.imageedits.TestImages;
import io.github.imageedits.UnsupportedFeatureException;
import io.github.imageedits.ValidationException;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.Violation;
import io.github.imageedits.image.ImageFormat;
import io.github.imageedits.image.ImageInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validator against a small hand-built table; the providers' tables have their own catalogs. */
class RequestValidatorTest {
  /** What {@link RequestValidator#prepare} hands on, as the engine receives it. */
  record Accepted(EditRequest request, ModelCapability capability, List<ImageInfo> imageInfos,
      ImageInfo maskInfo, List<Violation> warnings) {}

  static Accepted prepare(EditRequest request, CapabilityTable table) {
    return RequestValidator.prepare(request, table, Accepted::new);
  }

  private static final long MB = 1024 * 1024;

  /** One square PNG, short prompts, two sizes, n up to 4, background refused, quality standard. */
  private static final ModelCapability SQUARE = ModelCapability.builder("square")
      .imageFormats(ImageFormat.PNG).maxImages(1).maxImageBytes(4 * MB).squarePngOnly(true)
      .promptMaxChars(10).sizeRule(SizeRule.oneOf("256x256", "512x512")).maxN(4)
      .option(Option.BACKGROUND, Support.REJECTED)
      .allowedValues(Option.QUALITY, "standard")
      .build();
  /** Several images of any accepted format, URLs allowed, the flexible size rule, n ignored. */
  private static final ModelCapability FLEX = ModelCapability.builder("flex")
      .maxImages(3).maxImageBytes(MB).urlImages(true).sizeRule(SizeRule.flexible(16, 3840, 8_294_400))
      .option(Option.N, Support.IGNORED)
      .build();
  /** Ignores everything but the images and the prompt. */
  private static final ModelCapability QUIET = ModelCapability.builder("quiet")
      .urlImages(true)
      .options(Support.IGNORED, Option.MASK, Option.N, Option.SIZE, Option.QUALITY)
      .build();
  private static final CapabilityTable TABLE = CapabilityTable.builder("testhub")
      .feature(ProviderFeature.URL_IMAGES).feature(ProviderFeature.ASYNC_CALLBACK)
      .model(SQUARE).model(FLEX).model(QUIET)
      .build();
  /** A provider with neither image URLs nor callbacks. */
  private static final CapabilityTable PLAIN = CapabilityTable.builder("plainhub").model(FLEX).build();

  @TempDir static Path dir;
  static Path square;
  static Path rect;
  static Path jpeg;
  static Path maskSquare;
  static Path maskRect;

  @BeforeAll
  static void images() {
    square = TestImages.png(dir, "square.png", 64, 64, false);
    rect = TestImages.png(dir, "rect.png", 96, 64, false);
    jpeg = TestImages.jpeg(dir, "photo.jpg", 96, 64);
    maskSquare = TestImages.png(dir, "mask.png", 64, 64, true);
    maskRect = TestImages.png(dir, "mask-rect.png", 96, 64, true);
  }

  private static EditRequest.Builder request(String model) {
    return EditRequest.builder().model(model).prompt("scarf");
  }

  private static List<String> fields(EditRequest request) {
    return fields(request, TABLE);
  }

  private static List<String> fields(EditRequest request, CapabilityTable table) {
    return RequestValidator.check(request, table).errors().stream().map(Violation::field).toList();
  }

  @Test
  void aGoodRequestPassesAndCarriesEachImagesHeader() throws IOException {
    EditRequest request = request("square").image(square).mask(maskSquare).n(3)
        .size(ImageSize.of(512, 512)).quality(Quality.STANDARD).build();

    Accepted edit = prepare(request, TABLE);

    assertThat(edit.request()).isEqualTo(request);
    assertThat(edit.capability()).isEqualTo(SQUARE);
    assertThat(edit.imageInfos()).containsExactly(new ImageInfo(ImageFormat.PNG, 64, 64, false, Files.size(square)));
    assertThat(edit.maskInfo()).isEqualTo(new ImageInfo(ImageFormat.PNG, 64, 64, true, Files.size(maskSquare)));
    assertThat(edit.warnings()).isEmpty();
    assertThat(RequestValidator.check(request, TABLE)).isEqualTo(new ValidationReport(List.of(), List.of()));
  }

  @Test
  void urlImagesHaveNoHeaderInfo() {
    EditRequest request = request("flex").imageUrl("https://example.com/a.png")
        .imageUrl("http://example.com/b.webp").build();

    Accepted edit = prepare(request, TABLE);

    assertThat(edit.imageInfos()).hasSize(2).containsOnlyNulls();
    assertThat(edit.maskInfo()).isNull();
  }

  @Test
  void inMemoryImagesAreInspectedToo() throws IOException {
    byte[] webp = TestImages.webpLossless(32, 32, true);
    EditRequest request = request("flex").image(ImageSource.bytes("pic.webp", webp))
        .image(ImageSource.bytes("pic.png", Files.readAllBytes(rect))).build();

    Accepted edit = prepare(request, TABLE);

    assertThat(edit.imageInfos()).extracting(ImageInfo::format).containsExactly(ImageFormat.WEBP, ImageFormat.PNG);
  }

  @Nested
  @DisplayName("model and prompt")
  class ModelAndPrompt {
    @Test
    void missingOrBlankModel() {
      assertThat(fields(EditRequest.builder().prompt("scarf").image(rect).build())).containsExactly("model");
      assertThat(fields(request(" ").image(rect).build())).containsExactly("model");
    }

    @Test
    void missingBlankOrLongPrompt() {
      assertThat(fields(EditRequest.builder().model("flex").image(rect).build())).containsExactly("prompt");
      assertThat(fields(request("flex").prompt(" \n\t").image(rect).build())).containsExactly("prompt");
      assertThat(fields(request("square").prompt("eleven char").image(square).build())).containsExactly("prompt");
    }

    @Test
    void promptLengthCountsCharactersNotUtf16Units() {
      String tenEmoji = "\uD83D\uDC31".repeat(10); // 10 cats, 20 UTF-16 units

      assertThat(fields(request("square").prompt(tenEmoji).image(square).build())).isEmpty();
      assertThat(RequestValidator.check(request("square").prompt(tenEmoji + "!").image(square).build(), TABLE)
          .errors().get(0).message())
          .isEqualTo("prompt: '11 characters' breaks the rule: at most 10 characters (model square, provider testhub)");
    }

    @Test
    void unknownModelGetsThePermissiveDefault() {
      EditRequest request = request("brand-new").image(rect).image(jpeg).size(ImageSize.parse("333x777")).n(9).build();

      Accepted edit = prepare(request, TABLE);

      assertThat(edit.capability().model()).isEqualTo("brand-new");
      assertThat(edit.warnings()).isEmpty();
    }
  }

  @Nested
  @DisplayName("images")
  class Images {
    @Test
    void countFromOneToTheModelsMaximum() {
      assertThat(fields(request("flex").build())).containsExactly("image");
      assertThat(fields(request("flex").image(rect).image(rect).image(rect).image(rect).build()))
          .containsExactly("image");
      assertThat(RequestValidator.check(request("square").image(square).image(square).build(), TABLE)
          .errors()).singleElement().extracting(Violation::limit).isEqualTo("exactly 1 image");
    }

    @Test
    void fileProblemsNameTheImage() throws IOException {
      Path text = TestImages.file(dir, "notes.txt", "not an image".getBytes());
      Path folder = Files.createDirectories(dir.resolve("folder.png"));

      List<Violation> errors = RequestValidator.check(request("flex")
          .image(rect).image(dir.resolve("missing.png")).image(text).build(), TABLE).errors();
      assertThat(errors).extracting(Violation::field).containsExactly("image[1]", "image[2]");
      assertThat(errors.get(0).limit()).isEqualTo("an existing file");
      assertThat(errors.get(1).message())
          .contains("notes.txt").contains("an image of an accepted format (png, jpeg, webp)");
      assertThat(fields(request("flex").image(folder).build())).containsExactly("image[0]");
    }

    @Test
    void anEmptyFileIsCalledEmptyNotAnImageOfTheWrongFormat() throws IOException {
      Path empty = TestImages.file(dir, "empty.png", new byte[0]);

      List<Violation> errors = RequestValidator.check(request("flex").image(empty)
          .image(ImageSource.bytes("upload.png", new byte[0])).build(), TABLE).errors();

      assertThat(errors).extracting(Violation::message).allSatisfy(m -> assertThat(m)
          .contains("is empty (0 bytes)").doesNotContain("accepted format"));
      assertThat(errors.get(0).message()).endsWith("empty.png is empty (0 bytes) (model flex, provider testhub)");
      assertThat(errors.get(1).message()).isEqualTo("image[1]: upload.png is empty (0 bytes) (model flex,"
          + " provider testhub)");
    }

    @Test
    void aLongPathIsShownByItsTailWhichNamesTheFile() {
      Path deep = dir.resolve("a-rather-long-directory-name/and-another-one-below-it/and-one-more");

      Violation missing = RequestValidator.check(request("flex").image(deep.resolve("holiday-photo.png")).build(),
          TABLE).errors().get(0);

      assertThat(missing.value()).startsWith("...").endsWith("/and-one-more/holiday-photo.png").hasSize(60);
    }

    @Test
    void formatSizeAndSquareness() {
      Path big = TestImages.padded(rect, "big.png", MB);

      Path squareJpeg = TestImages.jpeg(dir, "square.jpg", 64, 64);

      assertThat(fields(request("square").image(squareJpeg).build())).containsExactly("image[0]");
      assertThat(fields(request("square").image(rect).build())).containsExactly("image[0]");
      assertThat(fields(request("square").image(jpeg).build())).as("neither png nor square")
          .containsExactly("image[0]", "image[0]");
      assertThat(fields(request("flex").image(big).build())).containsExactly("image[0]");
      assertThat(fields(request("flex").image(TestImages.padded(rect, "under.png", MB - 1)).build())).isEmpty();
      assertThat(RequestValidator.check(request("flex").image(big).build(), TABLE).errors().get(0).limit())
          .isEqualTo("smaller than 1048576 bytes (1 MB)");
      assertThat(RequestValidator.check(request("square").image(squareJpeg).build(), TABLE).errors().get(0).message())
          .startsWith("image[0]: '").contains("square.jpg (jpeg)' breaks the rule: an image in format png"
              + " (model square, provider testhub)");
    }

    @Test
    void urlsOnlyWhereTheModelTakesThemAndOnlyHttp() {
      assertThat(fields(request("square").imageUrl("https://example.com/a.png").build())).containsExactly("image[0]");
      assertThat(fields(request("flex").imageUrl("ftp://example.com/a.png").imageUrl("a.png").build()))
          .containsExactly("image[0]", "image[1]");
    }

    @Test
    void urlsAndFilesDoNotMix() {
      assertThat(fields(request("flex").image(rect).imageUrl("https://example.com/a.png").build()))
          .containsExactly("image");
    }

    @Test
    void aProviderWithoutUrlImagesRefusesThemAsAMissingFeature() {
      EditRequest request = request("flex").imageUrl("https://example.com/a.png").build();

      assertThat(fields(request, PLAIN)).containsExactly("image");
      assertThatThrownBy(() -> prepare(request, PLAIN))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessage("plainhub does not support image URLs");
    }
  }

  @Nested
  @DisplayName("mask")
  class Mask {
    @Test
    void pngWithAlphaOfTheFirstImagesSize() {
      Path jpegMask = TestImages.jpeg(dir, "mask.jpg", 64, 64);
      Path opaque = TestImages.png(dir, "opaque-mask.png", 64, 64, false);

      assertThat(fields(request("flex").image(rect).mask(maskRect).build())).isEmpty();
      assertThat(fields(request("flex").image(rect).mask(maskSquare).build())).containsExactly("mask");
      assertThat(fields(request("square").image(square).mask(jpegMask).build())).containsExactly("mask");
      assertThat(fields(request("square").image(square).mask(opaque).build())).containsExactly("mask");
      assertThat(RequestValidator.check(request("flex").image(rect).mask(maskSquare).build(), TABLE)
          .errors().get(0).limit()).isEqualTo("the same size as image[0] (96x64)");
    }

    @Test
    void aMaskThatIsNotAPngIsToldItMustBeOneWhateverItIs() throws IOException {
      Path jpegMask = TestImages.jpeg(dir, "mask.jpg", 64, 64);
      Path textMask = TestImages.file(dir, "mask.txt", "not an image".getBytes());

      Violation jpeg = RequestValidator.check(request("square").image(square).mask(jpegMask).build(), TABLE)
          .errors().get(0);
      Violation text = RequestValidator.check(request("square").image(square).mask(textMask).build(), TABLE)
          .errors().get(0);

      assertThat(jpeg.message()).endsWith("mask.jpg is a JPEG image; the mask must be a PNG with an alpha"
          + " channel (model square, provider testhub)");
      // Not "(png, jpeg, webp)": a JPEG would be refused next.
      assertThat(text.message()).endsWith("mask.txt is not an image; the mask must be a PNG with an alpha"
          + " channel (model square, provider testhub)").doesNotContain("jpeg", "webp");
      assertThat(jpeg.limit()).isEqualTo(text.limit()).isEqualTo("a PNG with an alpha channel");
    }

    @Test
    void smallerThanTheMaskLimit() {
      Path big = TestImages.padded(maskSquare, "big-mask.png", 4 * MB);

      assertThat(RequestValidator.check(request("square").image(square).mask(big).build(), TABLE).errors())
          .singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("mask");
            assertThat(v.limit()).isEqualTo("smaller than 4194304 bytes (4 MB)");
          });
    }

    @Test
    void noMaskWithUrlImagesAndNoMaskUrl() {
      assertThat(fields(request("flex").imageUrl("https://example.com/a.png").mask(maskRect).build()))
          .containsExactly("mask");
      assertThat(fields(request("flex").image(rect).mask(ImageSource.url("https://example.com/m.png")).build()))
          .containsExactly("mask");
    }

    @Test
    void missingMaskFile() {
      assertThat(fields(request("flex").image(rect).mask(dir.resolve("nope.png")).build())).containsExactly("mask");
    }
  }

  @Nested
  @DisplayName("options")
  class Options {
    @Test
    void nWithinTheModelsRange() {
      assertThat(fields(request("square").image(square).n(0).build())).containsExactly("n");
      assertThat(fields(request("square").image(square).n(5).build())).containsExactly("n");
      assertThat(fields(request("square").image(square).n(4).build())).isEmpty();
    }

    @Test
    void sizePerTheModelsRule() {
      assertThat(fields(request("square").image(square).size(ImageSize.of(1024, 1024)).build())).containsExactly("size");
      assertThat(fields(request("flex").image(rect).size(ImageSize.of(3840, 2160)).build())).isEmpty();
      assertThat(fields(request("flex").image(rect).size(ImageSize.EMPTY).build())).isEmpty();
      assertThat(fields(request("flex").image(rect).size(ImageSize.of(1000, 1000)).build())).containsExactly("size");
      assertThat(fields(request("flex").image(rect).size(ImageSize.of(3856, 16)).build())).containsExactly("size");
      assertThat(fields(request("flex").image(rect).size(ImageSize.of(3840, 2176)).build())).containsExactly("size");
    }

    @Test
    void allowedValues() {
      assertThat(RequestValidator.check(request("square").image(square).quality(Quality.HIGH).build(), TABLE)
          .errors()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("quality");
            assertThat(v.value()).isEqualTo("high");
            assertThat(v.limit()).isEqualTo("only standard");
          });
    }

    @Test
    void outputCompressionOnlyForJpegOrWebpAndWithinRange() {
      assertThat(fields(request("flex").image(rect).outputCompression(50).build())).containsExactly("output_compression");
      assertThat(fields(request("flex").image(rect).outputFormat(OutputFormat.PNG).outputCompression(50).build()))
          .containsExactly("output_compression");
      assertThat(fields(request("flex").image(rect).outputFormat(OutputFormat.WEBP).outputCompression(101).build()))
          .containsExactly("output_compression");
      assertThat(fields(request("flex").image(rect).outputFormat(OutputFormat.JPEG).outputCompression(0).build()))
          .isEmpty();
    }

    @Test
    void transparentBackgroundNeedsPngOrWebpOutput() {
      assertThat(fields(request("flex").image(rect).background(Background.TRANSPARENT).build())).isEmpty();
      assertThat(fields(request("flex").image(rect).background(Background.TRANSPARENT)
          .outputFormat(OutputFormat.WEBP).build())).isEmpty();
      assertThat(RequestValidator.check(request("flex").image(rect).background(Background.TRANSPARENT)
          .outputFormat(OutputFormat.JPEG).build(), TABLE).errors()).singleElement()
          .extracting(Violation::limit)
          .isEqualTo("png or webp output for a transparent background (output_format is jpeg)");
      assertThat(fields(request("flex").image(rect).background(Background.OPAQUE)
          .outputFormat(OutputFormat.JPEG).build())).isEmpty();
    }

    @Test
    void partialImagesFromZeroToThree() {
      assertThat(fields(request("flex").image(rect).partialImages(3).build())).isEmpty();
      assertThat(fields(request("flex").image(rect).partialImages(-1).build())).containsExactly("partial_images");
      assertThat(fields(request("flex").image(rect).partialImages(4).build())).containsExactly("partial_images");
    }

    @Test
    void callbackUrlMustBeAnAbsoluteHttpUrl() {
      assertThat(fields(request("flex").image(rect).callbackUrl("https://hooks.example.com/x?y=1").build())).isEmpty();
      assertThat(fields(request("flex").image(rect).callbackUrl("/relative").build())).containsExactly("callback_url");
      assertThat(fields(request("flex").image(rect).callbackUrl("mailto:a@b.c").build())).containsExactly("callback_url");
      assertThat(fields(request("flex").image(rect).callbackUrl("http://bad host/").build())).containsExactly("callback_url");
    }

    @Test
    void aProviderWithoutCallbacksRefusesCallbackUrlAsAMissingFeature() {
      EditRequest request = request("flex").image(rect).callbackUrl("https://hooks.example.com/x").build();

      assertThat(fields(request, PLAIN)).containsExactly("callback_url");
      assertThatThrownBy(() -> prepare(request, PLAIN))
          .isInstanceOf(UnsupportedFeatureException.class)
          .hasMessage("plainhub does not support asynchronous callbacks (callback_url)");
    }

    @Test
    void rejectedOptionsAreErrorsWhateverThePolicy() {
      EditRequest lenient = request("square").image(square).background(Background.AUTO).build();

      assertThat(RequestValidator.check(lenient, TABLE).errors()).singleElement().satisfies(v -> {
        assertThat(v.field()).isEqualTo("background");
        assertThat(v.message()).isEqualTo("background: 'auto' breaks the rule: unset, since this model does"
            + " not accept it (model square, provider testhub)");
      });
      assertThat(fields(lenient.toBuilder().strict().build())).containsExactly("background");
    }
  }

  @Nested
  @DisplayName("ignored options")
  class Ignored {
    @Test
    void lenientDropsThemWithAWarningEach() {
      EditRequest request = request("quiet").image(rect).mask(dir.resolve("never-read.png")).n(4)
          .size(ImageSize.of(1, 1)).quality(Quality.HIGH).build();

      Accepted edit = prepare(request, TABLE);

      assertThat(edit.warnings()).extracting(Violation::field).containsExactly("mask", "n", "size", "quality");
      // Which option, which value, and why, once: not "breaks the rule: unset, since this model ignores it".
      assertThat(edit.warnings().get(1).message()).isEqualTo("n 4 was not sent: quiet ignores it");
      assertThat(edit.warnings().get(2).message()).isEqualTo("size 1x1 was not sent: quiet ignores it");
      assertThat(edit.request().mask()).isNull();
      assertThat(edit.request().n()).isNull();
      assertThat(edit.request().size()).isNull();
      assertThat(edit.request().quality()).isNull();
      assertThat(edit.request().images()).isEqualTo(request.images());
      assertThat(edit.maskInfo()).isNull();
      assertThat(RequestValidator.check(request, TABLE).warnings()).isEqualTo(edit.warnings());
    }

    @Test
    void strictRefusesThem() {
      EditRequest request = request("quiet").image(rect).n(4).size(ImageSize.AUTO).strict().build();

      assertThatThrownBy(() -> prepare(request, TABLE))
          .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
              .extracting(Violation::field).containsExactly("n", "size"))
          .hasMessageContaining("2 problems with the edit request; nothing was sent");
      assertThat(RequestValidator.check(request, TABLE).errors().get(0).message()).isEqualTo("n 4 was"
          + " refused: quiet ignores it, and strict requests refuse what would be dropped (provider testhub)");
      assertThat(RequestValidator.check(request, TABLE).warnings()).isEmpty();
    }

    @Test
    void anIgnoredOutputFormatDoesNotCountForCompression() {
      ModelCapability noFormat = FLEX.toBuilder().model("no-format").option(Option.OUTPUT_FORMAT, Support.IGNORED).build();
      CapabilityTable table = TABLE.with(noFormat);
      EditRequest request = request("no-format").image(rect).outputFormat(OutputFormat.JPEG).outputCompression(60).build();

      ValidationReport report = RequestValidator.check(request, table);

      assertThat(report.warnings()).extracting(Violation::field).containsExactly("output_format");
      assertThat(report.errors()).extracting(Violation::field).containsExactly("output_compression");
    }
  }

  @Test
  void everyProblemIsReportedAtOnceInFieldOrder() {
    EditRequest request = EditRequest.builder().prompt("far too long a prompt").image(jpeg).image(rect)
        .mask(dir.resolve("gone.png")).n(9).size(ImageSize.AUTO).background(Background.OPAQUE)
        .partialImages(7).callbackUrl("nope").build();
    CapabilityTable strictDefault = CapabilityTable.builder("testhub").feature(ProviderFeature.ASYNC_CALLBACK)
        .unknownModel(SQUARE).build();

    assertThatThrownBy(() -> prepare(request, strictDefault))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
            .extracting(Violation::field)
            .containsExactly("model", "prompt", "image", "image[0]", "image[0]", "image[1]", "mask", "n", "size",
                "background", "partial_images", "callback_url"));
  }
}
