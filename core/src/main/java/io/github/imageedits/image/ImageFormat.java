package io.github.imageedits.image;

import java.util.Optional;

/** The image encodings the providers accept and return. */
public enum ImageFormat {
  PNG("image/png", "png"),
  JPEG("image/jpeg", "jpg"),
  WEBP("image/webp", "webp");

  private final String mediaType;
  private final String extension;

  ImageFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /** The content type sent on the wire, for example {@code image/png}. */
  public String mediaType() {
    return mediaType;
  }

  /** The file extension without a dot, for example {@code png}. */
  public String extension() {
    return extension;
  }

  /**
   * The format whose signature starts {@code header}, judged from the first 12 bytes only (PNG
   * signature, JPEG SOI marker, RIFF....WEBP).
   */
  public static Optional<ImageFormat> sniff(byte[] header, int length) {
    if (length >= 8
        && (header[0] & 0xFF) == 0x89 && header[1] == 'P' && header[2] == 'N' && header[3] == 'G'
        && header[4] == 0x0D && header[5] == 0x0A && header[6] == 0x1A && header[7] == 0x0A) {
      return Optional.of(PNG);
    }
    if (length >= 3
        && (header[0] & 0xFF) == 0xFF && (header[1] & 0xFF) == 0xD8 && (header[2] & 0xFF) == 0xFF) {
      return Optional.of(JPEG);
    }
    if (length >= 12
        && header[0] == 'R' && header[1] == 'I' && header[2] == 'F' && header[3] == 'F'
        && header[8] == 'W' && header[9] == 'E' && header[10] == 'B' && header[11] == 'P') {
      return Optional.of(WEBP);
    }
    return Optional.empty();
  }
}
