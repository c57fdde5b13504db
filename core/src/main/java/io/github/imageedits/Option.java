package io.github.imageedits;

/** The optional fields of an {@link EditRequest}, each with its wire name. */
public enum Option {
  MASK("mask"),
  N("n"),
  SIZE("size"),
  QUALITY("quality"),
  BACKGROUND("background"),
  INPUT_FIDELITY("input_fidelity"),
  OUTPUT_FORMAT("output_format"),
  OUTPUT_COMPRESSION("output_compression"),
  PARTIAL_IMAGES("partial_images"),
  RESPONSE_FORMAT("response_format"),
  MODERATION("moderation"),
  CALLBACK_URL("callback_url"),
  USER("user");

  private final String wireName;

  Option(String wireName) {
    this.wireName = wireName;
  }

  /** The field name providers use, for example {@code input_fidelity}. */
  public String wireName() {
    return wireName;
  }
}
