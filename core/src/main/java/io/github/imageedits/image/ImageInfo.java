package io.github.imageedits.image;

import static java.util.Objects.requireNonNull;

/**
 * What an image header says: the format, the dimensions and whether pixels can be transparent.
 *
 * @param format the encoding
 * @param width width in pixels
 * @param height height in pixels
 * @param hasAlpha true when the image carries an alpha channel (or PNG transparency)
 * @param byteSize the size of the encoded image in bytes
 */
public record ImageInfo(ImageFormat format, int width, int height, boolean hasAlpha, long byteSize) {
  public ImageInfo {
    requireNonNull(format, "format == null");
  }

  /** True when width equals height. */
  public boolean isSquare() {
    return width == height;
  }
}
