package io.github.imageedits.capability;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.ImageSize;
import java.util.Optional;
import java.util.Set;

/** Which output sizes a model accepts. */
public sealed interface SizeRule {

  /**
   * Checks {@code size}; returns the limit it breaks, phrased for a person, or empty when it is
   * allowed.
   */
  Optional<String> check(ImageSize size);

  /** A fixed list, for example {@code 256x256, 512x512, 1024x1024}. */
  static SizeRule oneOf(String... sizes) {
    return new OneOf(Set.of(sizes));
  }

  /**
   * gpt-image-2's rule: {@code auto}, empty, or WIDTHxHEIGHT with both multiples of {@code multiple},
   * the longer side at most {@code maxSide} and at most {@code maxPixels} pixels.
   */
  static SizeRule flexible(int multiple, int maxSide, long maxPixels) {
    return new Flexible(multiple, maxSide, maxPixels);
  }

  /** Anything; used for unknown models and models that ignore size. */
  static SizeRule any() {
    return Any.INSTANCE;
  }

  /** A fixed list of sizes. */
  record OneOf(Set<String> sizes) implements SizeRule {
    public OneOf {
      sizes = Set.copyOf(requireNonNull(sizes, "sizes == null"));
    }

    @Override
    public Optional<String> check(ImageSize size) {
      return sizes.contains(size.value())
          ? Optional.empty()
          : Optional.of("one of " + String.join(", ", new java.util.TreeSet<>(sizes)));
    }
  }

  /** The WIDTHxHEIGHT rule with multiples, a longest side and a pixel budget. */
  record Flexible(int multiple, int maxSide, long maxPixels) implements SizeRule {
    @Override
    public Optional<String> check(ImageSize size) {
      if (size.value().equals("auto") || size.value().isEmpty()) return Optional.empty();
      String rule = "auto, empty, or WIDTHxHEIGHT with both multiples of " + multiple
          + ", the longer side at most " + maxSide + " and at most " + maxPixels + " pixels";
      if (!size.isDimensions()) return Optional.of(rule);
      int w = size.width().getAsInt();
      int h = size.height().getAsInt();
      if (w % multiple != 0 || h % multiple != 0
          || Math.max(w, h) > maxSide
          || (long) w * h > maxPixels) {
        return Optional.of(rule);
      }
      return Optional.empty();
    }
  }

  /** Accepts every size. */
  enum Any implements SizeRule {
    INSTANCE;

    @Override
    public Optional<String> check(ImageSize size) {
      return Optional.empty();
    }
  }
}
