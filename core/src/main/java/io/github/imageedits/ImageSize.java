package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * The requested output size: {@link #AUTO}, {@link #EMPTY} (sent as an empty field, which gpt-image-2
 * reads as "let the model decide") or {@code WIDTHxHEIGHT}.
 *
 * <pre>{@code
 * ImageSize square = ImageSize.of(1024, 1024);
 * ImageSize parsed = ImageSize.parse("1536x1024");
 * }</pre>
 *
 * <p>Whether a size is allowed depends on the model; {@link #parse} only keeps the text, so a
 * provider's new keyword still passes through and is judged by the capability table.
 */
public record ImageSize(String value) {
  public static final ImageSize AUTO = new ImageSize("auto");
  public static final ImageSize EMPTY = new ImageSize("");

  public ImageSize {
    requireNonNull(value, "value == null");
  }

  /** A {@code WIDTHxHEIGHT} size. */
  public static ImageSize of(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
    }
    return new ImageSize(width + "x" + height);
  }

  /** Keeps {@code value} as given (trimmed); validation against a model happens later. */
  public static ImageSize parse(String value) {
    requireNonNull(value, "value == null");
    return new ImageSize(value.trim());
  }

  /** The width, when this is a {@code WIDTHxHEIGHT} size with decimal numbers. */
  public OptionalInt width() {
    return part(0);
  }

  /** The height, when this is a {@code WIDTHxHEIGHT} size with decimal numbers. */
  public OptionalInt height() {
    return part(1);
  }

  /** True for a {@code WIDTHxHEIGHT} size with both numbers positive. */
  public boolean isDimensions() {
    return width().isPresent() && height().isPresent();
  }

  private OptionalInt part(int index) {
    String[] parts = value.split("x", -1);
    if (parts.length != 2) return OptionalInt.empty();
    String text = parts[index];
    if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalInt.empty();
    }
    int number = Integer.parseInt(text);
    return number > 0 ? OptionalInt.of(number) : OptionalInt.empty();
  }

  @Override
  public String toString() {
    return value;
  }
}
