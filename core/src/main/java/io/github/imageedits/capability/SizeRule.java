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

  /**
   * For providers that take an aspect ratio instead of pixels: {@code auto}, empty, or WIDTHxHEIGHT
   * whose reduced ratio is exactly one of {@code ratios} ({@code "16:9"}, …) and whose longer side
   * is at most {@code maxSide}. {@link Ratios#ratioOf} gives the ratio a size reduces to.
   */
  static SizeRule ratios(int maxSide, String... ratios) {
    return new Ratios(Set.of(ratios), maxSide);
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

  /** WIDTHxHEIGHT reduced to one of a set of aspect ratios, up to a longest side. */
  record Ratios(Set<String> ratios, int maxSide) implements SizeRule {
    public Ratios {
      ratios = Set.copyOf(requireNonNull(ratios, "ratios == null"));
    }

    @Override
    public Optional<String> check(ImageSize size) {
      if (size.value().equals("auto") || size.value().isEmpty()) return Optional.empty();
      String ratio = ratioOf(size);
      if (ratio != null && ratios.contains(ratio)
          && Math.max(size.width().getAsInt(), size.height().getAsInt()) <= maxSide) {
        return Optional.empty();
      }
      return Optional.of("auto, or WIDTHxHEIGHT in one of the aspect ratios "
          + String.join(", ", new java.util.TreeSet<>(ratios)) + " with the longer side at most " + maxSide);
    }

    /** {@code "3:2"} for 1536x1024: the size's ratio in lowest terms; null for a size without dimensions. */
    public static String ratioOf(ImageSize size) {
      if (!size.isDimensions()) return null;
      int w = size.width().getAsInt();
      int h = size.height().getAsInt();
      if (w <= 0 || h <= 0) return null;
      int gcd = java.math.BigInteger.valueOf(w).gcd(java.math.BigInteger.valueOf(h)).intValue();
      return w / gcd + ":" + h / gcd;
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
