package io.github.imageedits.capability;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.Background;
import io.github.imageedits.EditRequest;
import io.github.imageedits.IgnoredOptionPolicy;
import io.github.imageedits.ImageSource;
import io.github.imageedits.Option;
import io.github.imageedits.OutputFormat;
import io.github.imageedits.UnsupportedFeatureException;
import io.github.imageedits.ValidationException;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.Violation;
import io.github.imageedits.image.ImageFormat;
import io.github.imageedits.image.ImageInfo;
import io.github.imageedits.image.ImageInspector;
import io.github.imageedits.image.NotAnImageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Checks an {@link EditRequest} against a provider's {@link CapabilityTable} before anything is
 * sent, and reports every violation at once, each naming the field, the value, the limit, the model
 * and the provider. All rules come from the table's {@link ModelCapability} data; nothing here knows
 * a model by name.
 *
 * <pre>{@code
 * ValidationReport report = RequestValidator.check(request, table);
 * report.errors().forEach(v -> System.err.println(v.message()));
 *
 * }</pre>
 *
 * <p>Options the model {@linkplain Support#IGNORED ignores} are dropped with a warning under the
 * {@link IgnoredOptionPolicy#LENIENT lenient} policy and are errors under the strict one;
 * {@linkplain Support#REJECTED rejected} options are always errors; {@linkplain Support#ADAPTED
 * adapted} ones are checked like honoured ones and kept, with a warning under either policy. Image files are inspected once,
 * here, and {@link #prepare} hands their headers on, so the engine never reads a header twice.
 */
public final class RequestValidator {
  /** The OpenAI images protocol's ranges, the same for every model. */
  private static final int MAX_PARTIAL_IMAGES = 3;
  private static final int MAX_COMPRESSION = 100;
  /** Longer paths are shown by their tail, which names the file. */
  private static final int PATH_SHOWN = 60;

  private RequestValidator() {}

  /**
   * Checks {@code request} without sending or changing it: the errors that would refuse it and the
   * options that would be dropped. A provider feature the table lacks (image URLs, callbacks) is
   * reported as an error too.
   */
  public static ValidationReport check(EditRequest request, CapabilityTable table) {
    Run run = new Run(request, table);
    return new ValidationReport(run.errors, run.warnings);
  }

  /**
   * Validates {@code request} and hands it, ready for an adapter, to {@code accepted}: ignored
   * options dropped (lenient policy) and every image's header read. The engine turns what it is
   * given into the provider port's value; this package does not know that port.
   *
   * @throws UnsupportedFeatureException the request needs a feature the provider does not offer
   *     (image URLs, asynchronous callbacks)
   * @throws ValidationException the request breaks one or more rules; all of them are listed
   */
  public static <T> T prepare(EditRequest request, CapabilityTable table, Accepted<T> accepted) {
    requireNonNull(accepted, "accepted == null");
    Run run = new Run(request, table);
    if (!run.missingFeatures.isEmpty()) {
      throw new UnsupportedFeatureException(table.provider(), String.join(" and ", run.missingFeatures));
    }
    if (!run.errors.isEmpty()) throw new ValidationException(run.errors);
    return accepted.accept(run.kept.build(), run.capability, run.imageInfos, run.maskInfo, run.warnings);
  }

  /**
   * Receives a request that passed {@link #prepare}.
   *
   * @param <T> what the receiver makes of it
   */
  @FunctionalInterface
  public interface Accepted<T> {
    /**
     * @param request the request with ignored options dropped (lenient policy)
     * @param capability the model's capability it was checked against
     * @param imageInfos the header of each image, aligned with {@code request.images()}; null for URL images
     * @param maskInfo the mask's header, or null
     * @param warnings what was dropped
     */
    T accept(EditRequest request, ModelCapability capability, List<@Nullable ImageInfo> imageInfos,
        @Nullable ImageInfo maskInfo, List<Violation> warnings);
  }

  /** One validation: walks the fields in wire order and collects what it finds. */
  private static final class Run {
    private final EditRequest request;
    private final CapabilityTable table;
    private final ModelCapability capability;
    private final EditRequest.Builder kept;
    private final List<Violation> errors = new ArrayList<>();
    private final List<Violation> warnings = new ArrayList<>();
    private final List<String> missingFeatures = new ArrayList<>();
    private final List<@Nullable ImageInfo> imageInfos = new ArrayList<>();
    private ImageInfo maskInfo;

    Run(EditRequest request, CapabilityTable table) {
      this.request = requireNonNull(request, "request == null");
      this.table = requireNonNull(table, "table == null");
      boolean named = request.model() != null && !request.model().isBlank();
      // Without a model id the other fields are still checked, against the permissive default.
      this.capability = named ? table.model(request.model()) : table.unknownModel();
      this.kept = request.toBuilder();
      if (!named) error("model", request.model(), "a model id that is not blank");
      checkPrompt();
      checkImages();
      checkOptions();
    }

    private void checkPrompt() {
      String prompt = request.prompt();
      if (prompt == null || prompt.isBlank()) {
        error("prompt", prompt, "a prompt that is not blank");
        return;
      }
      int length = prompt.codePointCount(0, prompt.length());
      if (length > capability.promptMaxChars()) {
        error("prompt", length + " characters", "at most " + capability.promptMaxChars() + " characters");
      }
    }

    private void checkImages() {
      List<ImageSource> images = request.images();
      int max = capability.maxImages();
      if (images.isEmpty() || images.size() > max) {
        error("image", images.isEmpty() ? null : plural(images.size(), "image"), count(1, max, "image"));
      }
      long urls = 0;
      for (ImageSource image : images) if (image instanceof ImageSource.UrlImage) urls++;
      if (urls > 0 && urls < images.size()) {
        error("image", plural(urls, "URL") + " and " + plural(images.size() - urls, "file"),
            "all images given as URLs or all as files, not both (URLs travel in a JSON body, which cannot carry files)");
      }
      boolean providerTakesUrls = table.supports(ProviderFeature.URL_IMAGES);
      if (urls > 0 && !providerTakesUrls) {
        missingFeatures.add("image URLs");
        error("image", plural(urls, "URL"),
            "image files or in-memory images (provider " + table.provider() + " does not fetch image URLs)");
      }
      Set<ImageFormat> formats = capability.squarePngOnly()
          ? EnumSet.of(ImageFormat.PNG) : capability.imageFormats();
      for (int i = 0; i < images.size(); i++) {
        String field = "image[" + i + "]";
        ImageSource image = images.get(i);
        if (image instanceof ImageSource.UrlImage url) {
          imageInfos.add(null);
          if (!providerTakesUrls) continue; // reported once above
          if (!capability.urlImages()) {
            error(field, describe(image), "an image file or in-memory image (this model does not take image URLs)");
          } else if (!isHttpUrl(url.url())) {
            error(field, describe(image), "an absolute http or https URL");
          }
          continue;
        }
        ImageInfo info = inspect(field, image);
        imageInfos.add(info);
        if (info == null) continue;
        if (!formats.contains(info.format())) {
          error(field, describe(image) + " (" + name(info.format()) + ")", "an image in format " + names(formats));
        }
        if (info.byteSize() >= capability.maxImageBytes()) {
          error(field, describe(image) + " (" + info.byteSize() + " bytes)", smallerThan(capability.maxImageBytes()));
        }
        if (capability.squarePngOnly() && !info.isSquare()) {
          error(field, describe(image) + " (" + dimensions(info) + ")", "a square image (width equal to height)");
        }
      }
    }

    private void checkOptions() {
      // background and output_compression depend on the output format actually sent; unset is png.
      OutputFormat output = request.outputFormat() != null
          && capability.support(Option.OUTPUT_FORMAT) == Support.HONOURED
          ? request.outputFormat() : OutputFormat.PNG;
      for (Option option : Option.values()) {
        Object value = request.get(option);
        if (value == null) continue;
        String field = option.wireName();
        if (option == Option.CALLBACK_URL && !table.supports(ProviderFeature.ASYNC_CALLBACK)) {
          missingFeatures.add("asynchronous callbacks (callback_url)");
          error(field, value, "unset, since provider " + table.provider() + " has no asynchronous callbacks");
          continue;
        }
        Support support = capability.support(option);
        if (support == Support.REJECTED) {
          error(field, shown(option), "unset, since this model does not accept it");
          continue;
        }
        if (support == Support.IGNORED) {
          ignored(option);
          continue;
        }
        if (support == Support.ADAPTED) adapted(option);
        Set<String> allowed = capability.allowedValues().get(option);
        if (allowed != null && !allowed.contains(value.toString())) {
          error(field, value, allowed.size() == 1 ? "only " + allowed.iterator().next()
              : "one of " + String.join(", ", new TreeSet<>(allowed)));
        }
        switch (option) {
          case MASK -> checkMask();
          case N -> range(field, request.n(), 1, capability.maxN());
          case SIZE -> capability.sizeRule().check(request.size()).ifPresent(limit -> error(field, value, limit));
          case BACKGROUND -> {
            if (request.background().equals(Background.TRANSPARENT) && !transparentCapable(output)) {
              error(field, value, "png or webp output for a transparent background (output_format is " + output + ")");
            }
          }
          case OUTPUT_COMPRESSION -> {
            range(field, request.outputCompression(), 0, MAX_COMPRESSION);
            if (!output.equals(OutputFormat.JPEG) && !output.equals(OutputFormat.WEBP)) {
              error(field, value, "only with output_format jpeg or webp (output_format is " + output + ")");
            }
          }
          case PARTIAL_IMAGES -> range(field, request.partialImages(), 0, MAX_PARTIAL_IMAGES);
          case CALLBACK_URL -> {
            if (!isHttpUrl(request.callbackUrl())) error(field, value, "an absolute http or https URL");
          }
          default -> { } // enum-like options: checked against allowedValues above
        }
      }
    }

    /** An option the model ignores: dropped with a warning (lenient) or refused (strict). */
    private void ignored(Option option) {
      // Said plainly: which option, which value, and that the model (not the caller) is why.
      String field = option.wireName();
      String value = shown(option);
      String model = request.model();
      if (request.ignoredOptions() == IgnoredOptionPolicy.STRICT) {
        errors.add(problem(field, value, model + " ignores it",
            field + " " + value + " was refused: " + model + " ignores it, and strict requests refuse"
                + " what would be dropped (provider " + table.provider() + ")"));
      } else {
        warnings.add(problem(field, value, model + " ignores it",
            field + " " + value + " was not sent: " + model + " ignores it"));
        kept.clear(option);
      }
    }

    /** An option the adapter translates into the provider's terms: kept, with a warning that says so. */
    private void adapted(Option option) {
      warnings.add(violation(option.wireName(), shown(option),
          "the provider's own terms, since it has no such field; the adapter translates the value"
              + " (the result's warnings say into what)"));
    }

    private void checkMask() {
      ImageSource mask = request.mask();
      if (mask instanceof ImageSource.UrlImage) {
        error("mask", describe(mask), "a png file or in-memory image, not a URL");
        return;
      }
      if (request.images().stream().anyMatch(i -> i instanceof ImageSource.UrlImage)) {
        error("mask", describe(mask),
            "no mask when images are URLs (they travel in a JSON body, which cannot carry the mask file)");
        return;
      }
      ImageInfo info = inspect("mask", mask);
      if (info == null) return;
      maskInfo = info;
      if (info.format() != ImageFormat.PNG) {
        notPng(mask, info.format().name() + " image");
      } else if (!info.hasAlpha()) {
        error("mask", describe(mask) + " (no alpha channel)",
            "a png with an alpha channel (fully transparent pixels mark the area to edit)");
      }
      if (info.byteSize() >= capability.maskMaxBytes()) {
        error("mask", describe(mask) + " (" + info.byteSize() + " bytes)", smallerThan(capability.maskMaxBytes()));
      }
      ImageInfo first = imageInfos.isEmpty() ? null : imageInfos.get(0);
      if (first != null && (first.width() != info.width() || first.height() != info.height())) {
        error("mask", describe(mask) + " (" + dimensions(info) + ")",
            "the same size as image[0] (" + dimensions(first) + ")");
      }
    }

    /** Reads a file or in-memory image's header; on failure records why and returns null. */
    private ImageInfo inspect(String field, ImageSource source) {
      if (source instanceof ImageSource.FileImage file) {
        Path path = file.path();
        if (!Files.exists(path)) {
          error(field, describe(source), "an existing file");
          return null;
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
          error(field, describe(source), "a readable file, not a directory");
          return null;
        }
      }
      if (isEmpty(source)) {
        errors.add(problem(field, describe(source), "not empty",
            field + ": " + describe(source) + " is empty (0 bytes)" + suffix()));
        return null;
      }
      try {
        if (source instanceof ImageSource.FileImage file) return ImageInspector.inspect(file.path());
        if (source instanceof ImageSource.BytesImage bytes) {
          try (InputStream in = bytes.open()) {
            return ImageInspector.inspect(in, bytes.filename(), bytes.length());
          }
        }
        throw new IllegalArgumentException(
            "an image URL is fetched by the provider and cannot be inspected: " + source.describe());
      } catch (NotAnImageException e) {
        if (field.equals("mask")) {
          notPng(source, "not an image" + (e.detail() == null ? "" : " (" + e.detail() + ")"));
        } else {
          error(field, describe(source), "an image of an accepted format (png, jpeg, webp)"
              + (e.detail() == null ? "" : "; " + e.detail()));
        }
      } catch (IOException e) {
        error(field, describe(source), "a readable file (reading failed: " + e.getMessage() + ")");
      }
      return null;
    }

    /** A mask that is not a PNG is told so, whatever it is instead: the mask is PNG only. */
    private void notPng(ImageSource mask, String whatItIs) {
      errors.add(problem("mask", describe(mask), "a PNG with an alpha channel",
          "mask: " + describe(mask) + " is " + article(whatItIs) + "; the mask must be a PNG with an"
              + " alpha channel" + suffix()));
    }

    private String suffix() {
      return " (model " + (request.model() == null ? "unset" : request.model()) + ", provider "
          + table.provider() + ")";
    }

    /** A violation whose sentence is not the usual "breaks the rule" one. */
    private Violation problem(String field, String value, String limit, String message) {
      return new Violation(field, value, limit, request.model(), table.provider(), message);
    }

    private void range(String field, int value, int min, int max) {
      if (value < min || value > max) error(field, value, count(min, max, null));
    }

    private void error(String field, Object value, String limit) {
      errors.add(violation(field, value, limit));
    }

    private Violation violation(String field, Object value, String limit) {
      return Violation.of(field, value, limit, request.model(), table.provider());
    }

    private String shown(Option option) {
      return option == Option.MASK ? describe(request.mask()) : String.valueOf(request.get(option));
    }
  }

  private static boolean transparentCapable(OutputFormat format) {
    return format.equals(OutputFormat.PNG) || format.equals(OutputFormat.WEBP);
  }

  private static boolean isHttpUrl(URI uri) {
    String scheme = uri.getScheme();
    return uri.isAbsolute() && uri.getHost() != null
        && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme));
  }

  private static boolean isHttpUrl(String text) {
    try {
      return isHttpUrl(new URI(text));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** {@code "from 1 to 16 images"}, {@code "exactly 1 image"}, {@code "from 0 to 3"}. */
  private static String count(int min, int max, String noun) {
    String unit = noun == null ? "" : " " + noun + (max == 1 ? "" : "s");
    return min == max ? "exactly " + max + unit : "from " + min + " to " + max + unit;
  }

  private static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  /** {@code "smaller than 4194304 bytes (4 MB)"}. */
  private static String smallerThan(long bytes) {
    long mb = 1024 * 1024;
    String human = bytes % mb == 0 ? " (" + bytes / mb + " MB)"
        : bytes % 1024 == 0 ? " (" + bytes / 1024 + " KB)" : "";
    return "smaller than " + bytes + " bytes" + human;
  }

  private static String article(String what) {
    if (what.startsWith("not ")) return what;
    return ("aeiou".indexOf(Character.toLowerCase(what.charAt(0))) >= 0 ? "an " : "a ") + what;
  }

  /** A file or in-memory image with no bytes at all (a failed download, a truncated copy). */
  private static boolean isEmpty(ImageSource source) {
    try {
      if (source instanceof ImageSource.FileImage file) return Files.size(file.path()) == 0;
    } catch (IOException e) {
      return false; // reading it fails next, with its own message
    }
    return source instanceof ImageSource.BytesImage bytes && bytes.length() == 0;
  }

  /** A file by its path (its tail, when long), bytes by their name, a URL as written. */
  private static String describe(ImageSource source) {
    if (source instanceof ImageSource.FileImage file) {
      String path = file.path().toString();
      return path.length() <= PATH_SHOWN ? path : "..." + path.substring(path.length() - PATH_SHOWN + 3);
    }
    if (source instanceof ImageSource.BytesImage bytes) return bytes.filename();
    return source.describe();
  }

  private static String dimensions(ImageInfo info) {
    return info.width() + "x" + info.height();
  }

  private static String name(ImageFormat format) {
    return format.name().toLowerCase(Locale.ROOT);
  }

  /** {@code "png"}, {@code "png or webp"}, {@code "png, jpeg or webp"}. */
  private static String names(Set<ImageFormat> formats) {
    List<String> names = formats.stream().sorted().map(RequestValidator::name).collect(Collectors.toList());
    if (names.size() == 1) return names.get(0);
    return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }
}
