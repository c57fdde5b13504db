package io.github.imageedits;

/**
 * The optional fields of an {@link EditRequest}, each declared here once: its wire name and the
 * type of its value. {@link EditRequest#get(Option)} reads any of them.
 */
public enum Option {
  MASK("mask", ImageSource.class),
  N("n", Integer.class),
  SIZE("size", ImageSize.class),
  QUALITY("quality", Quality.class),
  BACKGROUND("background", Background.class),
  INPUT_FIDELITY("input_fidelity", InputFidelity.class),
  OUTPUT_FORMAT("output_format", OutputFormat.class),
  OUTPUT_COMPRESSION("output_compression", Integer.class),
  PARTIAL_IMAGES("partial_images", Integer.class),
  RESPONSE_FORMAT("response_format", ResponseFormat.class),
  MODERATION("moderation", Moderation.class),
  CALLBACK_URL("callback_url", String.class),
  USER("user", String.class);

  private final String wireName;
  private final Class<?> type;

  Option(String wireName, Class<?> type) {
    this.wireName = wireName;
    this.type = type;
  }

  /** The field name providers use, for example {@code input_fidelity}. */
  public String wireName() {
    return wireName;
  }

  /** The type of the option's value, for example {@link Quality} or {@link Integer}. */
  public Class<?> type() {
    return type;
  }
}
