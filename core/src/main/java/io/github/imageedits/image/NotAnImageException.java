package io.github.imageedits.image;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The bytes are not a PNG, JPEG or WebP image, or their header is cut short or damaged. The message
 * names the file.
 */
public final class NotAnImageException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What every message says, after the file's name. */
  public static final String ACCEPTED = "not an image of an accepted format (png, jpeg, webp)";

  private final String name;
  private final String detail;

  /**
   * @param name the file (or in-memory image) inspected
   * @param detail what was wrong, for example {@code the PNG header ends early}, or null
   */
  public NotAnImageException(String name, @Nullable String detail) {
    super(requireNonNull(name, "name == null") + " is " + ACCEPTED
        + (detail == null ? "" : ": " + detail));
    this.name = name;
    this.detail = detail;
  }

  /** The file (or in-memory image) inspected. */
  public String name() {
    return name;
  }

  /** What was wrong, or null when the signature matched no accepted format. */
  public @Nullable String detail() {
    return detail;
  }
}
