package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.image.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Saves result images safely: always a new file (never overwriting one), always inside the chosen
 * folder whatever a provider puts in a name, and with the extension of the real format read from
 * the image's first bytes.
 *
 * <pre>{@code
 * Path saved = ImageFiles.saveNew(result.images().get(0).data(), Path.of("out"), "edited");
 * // out/edited.png, or out/edited-1.png if that exists, ...
 * }</pre>
 */
public final class ImageFiles {
  private static final int MAX_STEM = 80;
  private static final int MAX_ATTEMPTS = 10_000;

  private ImageFiles() {}

  /**
   * Streams {@code data} into a new file in {@code folder} named after {@code stem} (cleaned to
   * letters, digits, dot, dash and underscore) with the real format's extension. Data in a temporary
   * file of its own ({@link ImageData#ofTemporaryFile}) is moved there instead when the folder is on
   * the same file system, once; see {@link ImageData}.
   *
   * @throws IOException when the folder cannot be written or the bytes are not a known image format
   */
  public static Path saveNew(ImageData data, Path folder, String stem) throws IOException {
    requireNonNull(data, "data == null");
    Optional<ImageFormat> format = data.format();
    if (format.isEmpty()) {
      throw new IOException("the result is not a png, jpeg or webp image; not saved");
    }
    String extension = format.get().extension();
    if (data instanceof TemporaryFileData temporary) {
      // A large result the transport streamed to a file of its own: renaming that file into place
      // saves writing the image a second time. The data follows it (see TemporaryFileData).
      return saveNew(folder, stem, extension, null, temporary);
    }
    try (InputStream in = data.open()) {
      return saveNew(in, folder, stem, extension);
    }
  }

  /** Streams {@code in} into a new file {@code folder/stem[-N].extension}; never overwrites. */
  public static Path saveNew(InputStream in, Path folder, String stem, String extension)
      throws IOException {
    requireNonNull(in, "in == null");
    return saveNew(folder, stem, extension, in, null);
  }

  /** Fills the new file from {@code in}, or else by moving {@code moving}'s file onto it. */
  private static Path saveNew(Path folder, String stem, String extension, InputStream in,
      TemporaryFileData moving) throws IOException {
    requireNonNull(folder, "folder == null");
    String base = clean(requireNonNull(stem, "stem == null"));
    String ext = clean(requireNonNull(extension, "extension == null"));
    Files.createDirectories(folder);
    Path root = folder.toAbsolutePath().normalize();
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      Path target = root.resolve(base + (i == 0 ? "" : "-" + i) + "." + ext).normalize();
      if (!target.getParent().equals(root)) throw new IOException("refusing to write outside " + root);
      OutputStream out;
      try {
        // CREATE_NEW is atomic: a file that appears between a check and the write is never replaced.
        out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      try (out) {
        if (moving == null) {
          in.transferTo(out);
        } else {
          out.close(); // the placeholder stays empty, and closed, for the rename to replace it
          if (!moving.moveOnto(target)) copy(moving, target);
        }
      } catch (IOException | RuntimeException | Error e) {
        // Whatever broke the copy (a download cut off or over its limit arrives unchecked), a
        // half-written image must not stay behind looking like a result.
        Files.deleteIfExists(target);
        throw e;
      }
      return target;
    }
    throw new IOException("no free file name for " + base + "." + ext + " in " + root);
  }

  // The data was saved before, or its file cannot be renamed here: the bytes are copied.
  private static void copy(ImageData data, Path target) throws IOException {
    try (InputStream in = data.open();
        OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
      in.transferTo(out);
    }
  }

  // Keeps [A-Za-z0-9._-]; a name made only of dots ("..") becomes "image".
  private static String clean(String name) {
    StringBuilder s = new StringBuilder();
    for (char c : name.toCharArray()) {
      if (s.length() == MAX_STEM) break;
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == '_';
      s.append(ok ? c : '_');
    }
    String cleaned = s.toString().replaceAll("^\\.+", "");
    return cleaned.isEmpty() ? "image" : cleaned;
  }
}
