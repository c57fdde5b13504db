package io.github.imageedits.cli;

import io.github.imageedits.Background;
import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageSize;
import io.github.imageedits.InputFidelity;
import io.github.imageedits.Moderation;
import io.github.imageedits.OutputFormat;
import io.github.imageedits.Quality;
import io.github.imageedits.ResponseFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The edit options {@code edit} and {@code batch} share (a picocli mixin). Each option is applied
 * by its wire name through {@link #set}, the one place that turns text into a request option: a
 * batch manifest's lines name the same options with the same names.
 */
final class EditOptions {
  /** The wire names {@link #set} takes: every option below but the mask (a path) and strict. */
  static final Set<String> NAMES = Set.of("model", "size", "n", "quality", "background", "output_format",
      "output_compression", "input_fidelity", "moderation", "response_format", "user");

  @Option(names = "--model", description = "Model id (default: gpt-image-1; gemini-2.5-flash-image for gemini,"
      + " fal-ai/flux-pro/kontext for fal).")
  String model;

  @Option(names = "--mask", paramLabel = "PATH", description = "PNG mask; transparent pixels are edited.")
  Path mask;

  @Option(names = "--size", description = "auto, or WIDTHxHEIGHT.")
  String size;

  @Option(names = "--n", description = "How many images (dall-e-2 only honours more than 1).")
  Integer n;

  @Option(names = "--quality", description = "auto, high, medium, low or standard.")
  String quality;

  @Option(names = "--background", description = "transparent, opaque or auto.")
  String background;

  @Option(names = "--output-format", description = "png, jpeg or webp.")
  String outputFormat;

  @Option(names = "--output-compression", description = "0-100, for jpeg and webp.")
  Integer outputCompression;

  @Option(names = "--input-fidelity", description = "high or low.")
  String inputFidelity;

  @Option(names = "--moderation", description = "low or auto.")
  String moderation;

  @Option(names = "--response-format", description = "url or b64_json.")
  String responseFormat;

  @Option(names = "--strict", description = "Reject options the model ignores instead of dropping them.")
  boolean strict;

  /** The options given on the command line, by wire name (the model only when given). */
  Map<String, String> given() {
    Map<String, String> given = new LinkedHashMap<>();
    put(given, "model", model);
    put(given, "size", size);
    put(given, "n", n);
    put(given, "quality", quality);
    put(given, "background", background);
    put(given, "output_format", outputFormat);
    put(given, "output_compression", outputCompression);
    put(given, "input_fidelity", inputFidelity);
    put(given, "moderation", moderation);
    put(given, "response_format", responseFormat);
    return given;
  }

  private static void put(Map<String, String> map, String name, Object value) {
    if (value != null) map.put(name, value.toString());
  }

  /** The request's model (the provider's default when none is given), options, mask and strictness. */
  void apply(EditRequest.Builder b, ProviderChoice choice) {
    b.model(model != null ? model : choice.defaultModel);
    given().forEach((name, value) -> set(b, name, value));
    if (mask != null) b.mask(mask);
    if (strict) b.strict();
  }

  /**
   * Sets the option with wire name {@code name} from its text.
   *
   * @throws IllegalArgumentException for an unknown name or a value that is not a number where one
   *     is needed (the capability table judges the rest)
   */
  static void set(EditRequest.Builder b, String name, String value) {
    switch (name) {
      case "model" -> b.model(value);
      case "size" -> b.size(ImageSize.parse(value));
      case "n" -> b.n(integer(name, value));
      case "quality" -> b.quality(Quality.of(value));
      case "background" -> b.background(Background.of(value));
      case "output_format" -> b.outputFormat(OutputFormat.of(value));
      case "output_compression" -> b.outputCompression(integer(name, value));
      case "input_fidelity" -> b.inputFidelity(InputFidelity.of(value));
      case "moderation" -> b.moderation(Moderation.of(value));
      case "response_format" -> b.responseFormat(ResponseFormat.of(value));
      case "user" -> b.user(value);
      default -> throw new IllegalArgumentException("unknown option '" + name + "'");
    }
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
    }
  }
}
