package io.github.imageedits.transport.retrofit;

import io.github.imageedits.ImageData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okio.Buffer;

/**
 * Collects one decoded image: in memory while it is small, then in a temporary file once it passes
 * the threshold, so that memory use stops growing with the image.
 */
final class SpillOutput extends OutputStream {
  private final long threshold;
  private final long maxSize;
  private final SpillFiles files;
  private final List<Path> created;
  /**
   * The bytes while they are few: okio's segments, not a growing array, which past half a G1
   * region (512 KiB under a 16 MB heap) would be allocated straight in the old generation, and
   * copied at each doubling.
   */
  private Buffer memory = new Buffer();
  private OutputStream file;
  private Path path;
  private long size;

  /** {@code created} receives the file, if one is made, so a failed read can delete it. */
  SpillOutput(long threshold, long maxSize, SpillFiles files, List<Path> created) {
    this.threshold = threshold;
    this.maxSize = maxSize;
    this.files = files;
    this.created = created;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    size += len;
    if (size > maxSize) {
      throw new LimitExceededException(
          "a b64_json image is larger than maxImageSize (" + maxSize + " bytes)", false);
    }
    if (file == null && size > threshold) {
      path = files.create();
      created.add(path);
      // Unbuffered: the decoder writes whole buffers of its own (8 KiB, 48 KiB), which a buffer
      // here would only copy once more.
      file = Files.newOutputStream(path);
      memory.writeTo(file, memory.size());
      memory = null;
    }
    if (file != null) {
      file.write(b, off, len);
    } else {
      memory.write(b, off, len);
    }
  }

  /** The image, in memory or in its file. */
  ImageData finish() throws IOException {
    if (file != null) {
      file.close();
      return ImageData.ofTemporaryFile(path); // release() deletes it
    }
    return ImageData.ofBytes(memory.readByteArray());
  }

  /** Closes the file, if any, after a failure (the caller deletes it). */
  void abandon() {
    if (file == null) return;
    try {
      file.close();
    } catch (IOException ignored) {
      // The file is deleted next; a close failure changes nothing.
    }
  }
}
