package io.github.imageedits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@link ImageData} in a temporary file it owns; see {@link ImageData#ofTemporaryFile}. */
final class TemporaryFileData implements ImageData {
  private final Path file;
  private volatile boolean released;

  TemporaryFileData(Path file) {
    this.file = file;
  }

  @Override
  public InputStream open() throws IOException {
    if (released) throw new NoSuchFileException(file.toString(), null, "the image data was released");
    return Files.newInputStream(file);
  }

  @Override
  public long size() {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  @Override
  public void release() {
    released = true;
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Rare (a file still open elsewhere on Windows); deleteOnExit, set when the file was made,
      // remains the fallback. Throwing here would mask the exception of a try-with-resources.
    }
  }

  @Override
  public String toString() {
    return "ImageData[temporary " + file + (released ? ", released" : "") + "]";
  }
}
