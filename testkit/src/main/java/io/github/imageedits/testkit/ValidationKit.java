package io.github.imageedits.testkit;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.imageedits.ApiKey;
import io.github.imageedits.Background;
import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageSize;
import io.github.imageedits.InputFidelity;
import io.github.imageedits.Moderation;
import io.github.imageedits.Option;
import io.github.imageedits.OutputFormat;
import io.github.imageedits.Quality;
import io.github.imageedits.ResponseFormat;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.UnsupportedFeatureException;
import io.github.imageedits.ValidationException;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.Violation;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.ProviderFeature;
import io.github.imageedits.capability.Support;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.image.ImageFormat;
import io.github.imageedits.spi.ProviderAdapter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation, checked from the adapter's capability table and from the adapter's own cases: every
 * input the table rules out is refused before anything is sent, with a {@link ValidationException}
 * (or an {@link UnsupportedFeatureException} for a feature the provider lacks) whose violations
 * name the field, the value and the limit; every model's plain request passes
 * {@link ImageEditClient#check}. The kit wires the client as an application does
 * ({@code ImageEdits.builder().provider(adapter)}), against a MockWebServer that must see no request.
 *
 * <pre>{@code
 * class AceDataValidationTest extends ValidationKit {
 *   @Override
 *   protected ProviderAdapter adapter() {
 *     return new AceData();
 *   }
 * }
 * }</pre>
 *
 * <p>Two groups run. The derived group reads the adapter's capability table and, for each
 * model, builds a plain request that must pass, then breaks one rule at a time: no image, one
 * image too many, a prompt one character over, each image format the model does not take, an
 * image and a mask of exactly the byte limit, a non-square image where only squares go, a size
 * outside the size rule, {@code n} one over, a value outside each option's allowed values, each
 * option the model rejects (always) or ignores (under the strict policy; the lenient one must drop
 * it with a warning), an image URL where URLs are refused, a callback where the provider has none.
 * The catalog group runs the cases in the resource {@link #casesResource()} (JSON lines, read with
 * Moshi; the format is described in the kit's sources), so an adapter keeps its exact cases —
 * fields reported, messages, limits — as data.
 */
public abstract class ValidationKit {
  private static final String KEY = "kit-validation-key-not-a-secret";
  private static final String PROMPT = "Put a red scarf on the cat";
  private static final String UNLISTED = "kit-unlisted-value";
  private static final String HOOK = "https://hooks.example.com/imageedits/kit-validation";

  @TempDir Path dir;
  private MockWebServer server;
  private ImageEditClient client;
  private final Map<String, Path> files = new HashMap<>();

  /** The adapter under test: a new instance for each check. */
  protected abstract ProviderAdapter adapter();

  /**
   * The client under test: the adapter sending to {@code baseUrl} (a MockWebServer on loopback)
   * with {@code apiKey}, each edit at most once. Package-private: only the kit's self-tests
   * replace it, to check that the kit catches a broken client.
   */
  ImageEditClient newClient(URI baseUrl, ApiKey apiKey) {
    return ImageEdits.builder()
        .provider(requireNonNull(adapter(), "adapter() returned null"))
        .baseUrl(baseUrl.toString())
        .apiKey(apiKey)
        .retryPolicy(RetryPolicy.none())
        .build();
  }

  /**
   * The class-path resource holding the adapter's own cases; default
   * {@code validation-cases.jsonl} in the test class's package, for example
   * {@code io/github/imageedits/acedata/validation-cases.jsonl}.
   */
  protected String casesResource() {
    return getClass().getPackageName().replace('.', '/') + "/validation-cases.jsonl";
  }

  @BeforeEach
  void kitStartServer() throws IOException {
    server = new MockWebServer();
    // Nothing may arrive; if something does, answer so that the client fails fast and loudly.
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(500)
            .body("{\"error\":{\"message\":\"the validation kit expected no request\"}}").build();
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
    client = newClient(server.url("/").uri(), ApiKey.of(KEY));
  }

  @AfterEach
  void kitStopServer() {
    try {
      if (client != null) client.close();
    } finally {
      server.close();
    }
  }

  // ---- derived from the table

  @TestFactory
  @DisplayName("refuses, for every model in the table, each input it rules out, naming field, value and limit, sending nothing")
  Stream<DynamicNode> derivedBadInputs() {
    CapabilityTable table = client.capabilities();
    assertThat(table.models()).as("the table lists models").isNotEmpty();
    return table.models().values().stream().map(model -> dynamicContainer(model.model(),
        derive(table, model).stream().map(bad -> dynamicTest(bad.name(), () -> assertRefused(table, bad)))));
  }

  @TestFactory
  @DisplayName("passes, for every model in the table, a plain request, and drops each ignored option with a warning")
  Stream<DynamicNode> derivedGoodInputs() {
    CapabilityTable table = client.capabilities();
    return table.models().values().stream().map(model -> {
      List<DynamicTest> tests = new ArrayList<>();
      tests.add(dynamicTest("a plain request passes check() with no error and no warning", () -> {
        ValidationReport report = client.check(plain(model).build());
        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
      }));
      for (Option option : Option.values()) {
        if (model.support(option) != Support.IGNORED || isMissingCallback(table, option)) continue;
        tests.add(dynamicTest("lenient: " + option.wireName() + " is dropped with one warning", () -> {
          ValidationReport report = client.check(sample(plain(model), option).build());
          assertThat(report.errors()).isEmpty();
          assertThat(report.warnings()).extracting(Violation::field).containsExactly(option.wireName());
          assertThat(report.warnings().get(0).limit()).contains("ignores it");
        }));
      }
      tests.addAll(adaptedOptions(model));
      return dynamicContainer(model.model(), tests.stream());
    });
  }

  /**
   * An option the table declares {@link Support#ADAPTED}: kept, with one warning under the lenient
   * and the strict policy alike (an adapted value is never changed silently).
   */
  private List<DynamicTest> adaptedOptions(ModelCapability model) {
    List<DynamicTest> tests = new ArrayList<>();
    for (Option option : Option.values()) {
      if (model.support(option) != Support.ADAPTED) continue;
      tests.add(dynamicTest("adapted: " + option.wireName() + " is kept with one warning, strict or not", () -> {
        for (EditRequest request : List.of(sample(plain(model), option).build(), sample(plain(model), option).strict().build())) {
          ValidationReport report = client.check(request);
          assertThat(report.errors()).isEmpty();
          assertThat(report.warnings()).extracting(Violation::field).containsExactly(option.wireName());
          assertThat(report.warnings().get(0).limit()).contains("translates");
        }
      }));
    }
    return tests;
  }

  /** One derived bad input: the violation it must cause ({@code value} and {@code limit} as parts). */
  private record Derived(String name, EditRequest request, String field, String value, String limit,
      boolean unsupported) {}

  private List<Derived> derive(CapabilityTable table, ModelCapability m) {
    List<Derived> out = new ArrayList<>();
    String id = m.model();
    int maxPrompt = m.promptMaxChars();
    out.add(new Derived("a prompt of " + (maxPrompt + 1) + " characters (at most " + maxPrompt + ")",
        plain(m).prompt("p".repeat(maxPrompt + 1)).build(), "prompt", (maxPrompt + 1) + " characters",
        "at most " + maxPrompt + " characters", false));
    String imageCount = m.maxImages() == 1 ? "exactly 1 image" : "from 1 to " + m.maxImages() + " images";
    out.add(new Derived("no image", EditRequest.builder().model(id).prompt(PROMPT).build(), "image", null,
        imageCount, false));
    EditRequest.Builder many = EditRequest.builder().model(id).prompt(PROMPT);
    for (int i = 0; i <= m.maxImages(); i++) many.image(goodImage(m));
    out.add(new Derived((m.maxImages() + 1) + " images (at most " + m.maxImages() + ")", many.build(), "image",
        (m.maxImages() + 1) + " images", imageCount, false));
    for (ImageFormat format : ImageFormat.values()) {
      if (formats(m).contains(format)) continue;
      out.add(new Derived("a " + format + " image (not an accepted format)",
          EditRequest.builder().model(id).prompt(PROMPT).image(square(format)).build(), "image[0]",
          square(format).getFileName().toString(), "an image in format", false));
    }
    out.add(new Derived("an image of " + m.maxImageBytes() + " bytes (must be smaller)",
        EditRequest.builder().model(id).prompt(PROMPT).image(padded(goodImage(m), m.maxImageBytes())).build(),
        "image[0]", m.maxImageBytes() + " bytes", String.valueOf(m.maxImageBytes()), false));
    if (m.squarePngOnly()) {
      out.add(new Derived("a non-square png (squares only)",
          EditRequest.builder().model(id).prompt(PROMPT).image(file("rect.png")).build(), "image[0]", "96x64",
          "a square image", false));
    }
    if (m.support(Option.SIZE) == Support.HONOURED || m.support(Option.SIZE) == Support.ADAPTED) {
      for (String candidate : List.of("7x7", "99984x16", "huge")) {
        ImageSize size = ImageSize.parse(candidate);
        String limit = m.sizeRule().check(size).orElse(null);
        if (limit == null) continue;
        out.add(new Derived("size " + candidate + " (outside the size rule)", plain(m).size(size).build(), "size",
            candidate, limit, false));
        break;
      }
    }
    if (m.support(Option.N) == Support.HONOURED) {
      out.add(new Derived("n = " + (m.maxN() + 1) + " (at most " + m.maxN() + ")", plain(m).n(m.maxN() + 1).build(),
          "n", String.valueOf(m.maxN() + 1), m.maxN() == 1 ? "exactly 1" : "to " + m.maxN(), false));
    }
    for (Map.Entry<Option, Set<String>> allowed : m.allowedValues().entrySet()) {
      Option option = allowed.getKey();
      if (m.support(option) != Support.HONOURED) continue;
      String limit = allowed.getValue().size() == 1 ? "only " + allowed.getValue().iterator().next()
          : "one of " + String.join(", ", new TreeSet<>(allowed.getValue()));
      out.add(new Derived(option.wireName() + " '" + UNLISTED + "' (not an allowed value)",
          value(plain(m), option, UNLISTED).build(), option.wireName(), UNLISTED, limit, false));
    }
    for (Option option : Option.values()) {
      if (isMissingCallback(table, option)) continue;
      Support support = m.support(option);
      if (support == Support.REJECTED) {
        out.add(new Derived(option.wireName() + " set (the model rejects it)", sample(plain(m), option).build(),
            option.wireName(), null, "unset, since this model does not accept it", false));
      } else if (support == Support.IGNORED) {
        out.add(new Derived("strict: " + option.wireName() + " set (the model ignores it)",
            sample(plain(m), option).strict().build(), option.wireName(), null, id + " ignores it",
            false));
      }
    }
    if (!table.supports(ProviderFeature.URL_IMAGES)) {
      out.add(new Derived("an image URL (the provider fetches none)",
          EditRequest.builder().model(id).prompt(PROMPT).imageUrl("https://images.example.com/kit.png").build(),
          "image", "1 URL", "does not fetch image URLs", true));
    } else if (!m.urlImages()) {
      out.add(new Derived("an image URL (the model takes files only)",
          EditRequest.builder().model(id).prompt(PROMPT).imageUrl("https://images.example.com/kit.png").build(),
          "image[0]", "https://images.example.com/kit.png", "this model does not take image URLs", false));
    } else {
      out.add(new Derived("an ftp image URL", EditRequest.builder().model(id).prompt(PROMPT)
          .imageUrl("ftp://images.example.com/kit.png").build(), "image[0]", "ftp://images.example.com/kit.png",
          "an absolute http or https URL", false));
    }
    if (m.support(Option.MASK) == Support.HONOURED) {
      Path mask = padded(file("mask-square.png"), m.maskMaxBytes());
      out.add(new Derived("a mask of " + m.maskMaxBytes() + " bytes (must be smaller)",
          plain(m).mask(mask).build(), "mask", m.maskMaxBytes() + " bytes", String.valueOf(m.maskMaxBytes()), false));
      out.add(new Derived("a mask of another size than the image", plain(m).mask(file("mask-small.png")).build(),
          "mask", "48x32", "the same size as image[0] (64x64)", false));
    }
    if (!table.supports(ProviderFeature.ASYNC_CALLBACK)) {
      out.add(new Derived("a callback_url (the provider has no callbacks)", plain(m).callbackUrl(HOOK).build(),
          "callback_url", HOOK, "has no asynchronous callbacks", true));
    } else if (m.support(Option.CALLBACK_URL) == Support.HONOURED) {
      out.add(new Derived("a callback_url that is not a URL", plain(m).callbackUrl("webhook please").build(),
          "callback_url", "webhook please", "an absolute http or https URL", false));
    }
    return out;
  }

  private static boolean isMissingCallback(CapabilityTable table, Option option) {
    return option == Option.CALLBACK_URL && !table.supports(ProviderFeature.ASYNC_CALLBACK);
  }

  private void assertRefused(CapabilityTable table, Derived bad) {
    ValidationReport report = client.check(bad.request());
    assertThat(report.errors()).as("errors of %s", bad.name()).anySatisfy(v -> {
      assertThat(v.field()).isEqualTo(bad.field());
      if (bad.value() != null) assertThat(v.value()).contains(bad.value());
      assertThat(v.limit()).contains(bad.limit());
      assertThat(v.provider()).isEqualTo(table.provider());
      assertThat(v.message()).contains(v.field()).contains(v.limit()).contains("provider " + table.provider());
      if (v.value() != null) assertThat(v.message()).contains(v.value());
    });
    Throwable thrown = catchThrowable(() -> client.edit(bad.request()));
    if (bad.unsupported()) {
      assertThat(thrown).isInstanceOf(UnsupportedFeatureException.class);
    } else {
      assertThat(thrown).isInstanceOfSatisfying(ValidationException.class,
          e -> assertThat(e.violations()).isEqualTo(report.errors()));
    }
    assertThat(server.getRequestCount()).as("requests that reached the server").isZero();
  }

  /** A request the model takes: the prompt and one small square image of an accepted format. */
  private EditRequest.Builder plain(ModelCapability m) {
    return EditRequest.builder().model(m.model()).prompt(PROMPT).image(goodImage(m));
  }

  private Path goodImage(ModelCapability m) {
    Set<ImageFormat> formats = formats(m);
    for (ImageFormat preferred : List.of(ImageFormat.PNG, ImageFormat.JPEG, ImageFormat.WEBP)) {
      if (formats.contains(preferred)) return square(preferred);
    }
    throw new AssertionError(m.model() + " accepts no image format the kit can make: " + formats);
  }

  private static Set<ImageFormat> formats(ModelCapability m) {
    return m.squarePngOnly() ? Set.of(ImageFormat.PNG) : m.imageFormats();
  }

  private Path square(ImageFormat format) {
    return switch (format) {
      case PNG -> file("square.png");
      case JPEG -> file("square.jpg");
      case WEBP -> file("square.webp");
    };
  }

  /** The kit's fixture files, written on first use into this test's folder. */
  private Path file(String name) {
    return files.computeIfAbsent(name, n -> switch (n) {
      case "square.png" -> TestImages.png(dir, n, 64, 64);
      case "square.jpg" -> TestImages.jpeg(dir, n, 64, 64);
      case "square.webp" -> TestImages.webp(dir, n, 64, 64);
      case "rect.png" -> TestImages.png(dir, n, 96, 64);
      case "mask-square.png" -> TestImages.mask(dir, n, 64, 64);
      case "mask-small.png" -> TestImages.mask(dir, n, 48, 32);
      default -> throw new IllegalArgumentException("no kit fixture " + n);
    });
  }

  /** A sparse copy of {@code image} of exactly {@code bytes} bytes. */
  private Path padded(Path image, long bytes) {
    String name = bytes + "-" + image.getFileName();
    return files.computeIfAbsent(name, n -> TestImages.padded(image, n, bytes));
  }

  /** {@code builder} with {@code option} set to a value the protocol allows. */
  private EditRequest.Builder sample(EditRequest.Builder builder, Option option) {
    return switch (option) {
      case MASK -> builder.mask(file("mask-square.png"));
      case N -> builder.n(2);
      case SIZE -> builder.size(ImageSize.of(1024, 1024));
      case OUTPUT_COMPRESSION -> builder.outputCompression(50);
      case PARTIAL_IMAGES -> builder.partialImages(1);
      case CALLBACK_URL -> builder.callbackUrl(HOOK);
      case USER -> builder.user("kit-user");
      default -> value(builder, option, switch (option) {
        case QUALITY, BACKGROUND, MODERATION -> "auto";
        case INPUT_FIDELITY -> "high";
        case OUTPUT_FORMAT -> "png";
        case RESPONSE_FORMAT -> "url";
        default -> throw new AssertionError(option);
      });
    };
  }

  /** {@code builder} with enum-like {@code option} set to {@code value}, listed or not. */
  private static EditRequest.Builder value(EditRequest.Builder builder, Option option, String value) {
    UnaryOperator<EditRequest.Builder> set = switch (option) {
      case QUALITY -> b -> b.quality(Quality.of(value));
      case BACKGROUND -> b -> b.background(Background.of(value));
      case MODERATION -> b -> b.moderation(Moderation.of(value));
      case INPUT_FIDELITY -> b -> b.inputFidelity(InputFidelity.of(value));
      case OUTPUT_FORMAT -> b -> b.outputFormat(OutputFormat.of(value));
      case RESPONSE_FORMAT -> b -> b.responseFormat(ResponseFormat.of(value));
      case SIZE -> b -> b.size(ImageSize.parse(value));
      case USER -> b -> b.user(value);
      case CALLBACK_URL -> b -> b.callbackUrl(value);
      default -> throw new IllegalArgumentException(option.wireName().toLowerCase(Locale.ROOT)
          + " takes no text value");
    };
    return set.apply(builder);
  }

  // ---- the adapter's own cases

  @TestFactory
  @DisplayName("runs the adapter's own validation cases, sending nothing")
  Stream<DynamicTest> catalogCases() {
    CapabilityTable table = client.capabilities();
    ValidationCases cases = ValidationCases.read(getClass().getClassLoader(), casesResource());
    Map<String, Path> fixtures = cases.writeFixtures(dir);
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(dynamicTest("the cases have distinct names, and enough bad ones", () -> {
      assertThat(cases.cases).as("cases in %s", cases.resource).isNotEmpty();
      assertThat(cases.cases.stream().map(c -> c.kind() + ": " + c.name()).toList()).doesNotHaveDuplicates();
      assertThat(cases.of("bad")).hasSizeGreaterThanOrEqualTo(cases.minBadCases);
    }));
    List<ValidationCases.Line> good = cases.of("good").stream().filter(c -> c.flag("known", true)).toList();
    if (!good.isEmpty()) {
      tests.add(dynamicTest("every model the table lists has a good case", () ->
          assertThat(good.stream().map(c -> (String) c.request().get("model")).toList())
              .containsExactlyElementsOf(table.models().keySet())));
    }
    for (ValidationCases.Line c : cases.cases) {
      String name = c.kind() + ": " + c.name();
      tests.add(dynamicTest(name, () -> {
        switch (c.kind()) {
          case "bad" -> bad(table, c, cases.request(c.request(), fixtures));
          case "unsupported" -> unsupported(c, cases.request(c.request(), fixtures));
          case "message" -> message(c, cases.request(c.request(), fixtures));
          case "good" -> good(table, c, cases.request(c.request(), fixtures));
          case "lenient" -> lenient(c, cases.request(c.request(), fixtures));
          case "features" -> {
            assertThat(table.provider()).isEqualTo(c.string("provider"));
            assertThat(table.features()).containsExactlyInAnyOrderElementsOf(
                c.strings("features").stream().map(ProviderFeature::valueOf).toList());
          }
          default -> throw new AssertionError(c.kind());
        }
        assertThat(server.getRequestCount()).as("requests that reached the server").isZero();
      }));
    }
    return tests.stream();
  }

  private void bad(CapabilityTable table, ValidationCases.Line c, EditRequest request) {
    ValidationReport report = client.check(request);
    if (c.flag("ordered", false)) {
      assertThat(report.errors()).extracting(Violation::field).containsExactlyElementsOf(c.strings("fields"));
    } else {
      assertThat(report.errors()).extracting(Violation::field).containsExactlyInAnyOrderElementsOf(c.strings("fields"));
    }
    assertThat(report.errors()).allSatisfy(v -> {
      assertThat(v.provider()).isEqualTo(table.provider());
      assertThat(v.model()).isEqualTo(request.model());
      assertThat(v.message()).contains(v.field()).contains(v.limit()).contains("provider " + table.provider());
    });
    assertThat(catchThrowable(() -> client.edit(request))).isInstanceOfSatisfying(ValidationException.class,
        e -> assertThat(e.violations()).isEqualTo(report.errors()));
  }

  private void unsupported(ValidationCases.Line c, EditRequest request) {
    assertThat(client.check(request).errors()).extracting(Violation::field).containsExactlyElementsOf(c.strings("fields"));
    assertThat(catchThrowable(() -> client.edit(request)))
        .isInstanceOf(UnsupportedFeatureException.class).hasMessage(c.string("exception"));
  }

  private void message(ValidationCases.Line c, EditRequest request) {
    List<Violation> errors = client.check(request).errors();
    assertThat(errors).hasSize(1);
    Violation only = errors.get(0);
    if (c.string("equals") != null) assertThat(only.message()).isEqualTo(c.string("equals"));
    if (c.string("starts_with") != null) assertThat(only.message()).startsWith(c.string("starts_with"));
    if (c.string("contains") != null) assertThat(only.message()).contains(c.string("contains"));
    if (c.string("limit") != null) assertThat(only.limit()).isEqualTo(c.string("limit"));
    assertThat(c.json().keySet()).as("a message case asserts something")
        .containsAnyOf("equals", "starts_with", "contains", "limit");
  }

  private void good(CapabilityTable table, ValidationCases.Line c, EditRequest request) {
    ValidationReport report = client.check(request);
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).isEmpty();
    boolean known = c.flag("known", true);
    assertThat(table.knows(request.model())).isEqualTo(known);
    if (known) assertThat(table.model(request.model()).model()).isEqualTo(request.model());
  }

  private void lenient(ValidationCases.Line c, EditRequest request) {
    ValidationReport report = client.check(request);
    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings()).extracting(Violation::field).containsExactlyElementsOf(c.strings("warnings"));
    if (c.json().get("warning_message") instanceof List<?> pair) {
      int index = ((Number) pair.get(0)).intValue();
      assertThat(report.warnings().get(index).message()).isEqualTo(pair.get(1));
    }
  }
}
