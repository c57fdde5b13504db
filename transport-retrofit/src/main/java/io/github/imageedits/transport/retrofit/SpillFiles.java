package io.github.imageedits.transport.retrofit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the temporary files that large decoded images are streamed to. They are readable by the
 * owner only (an edited image can be private), and deleted when the JVM exits as a fallback.
 *
 * <p>Each file belongs to the {@code ImageData} made from it ({@code ImageData.ofTemporaryFile}):
 * {@code ImageData.release()} and {@code EditResult.close()} delete it, the client releases partial
 * images of a stream after their callback, and a failed read deletes what it made at once.
 */
final class SpillFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

  private final Path directory;

  /** @param directory where to create files, or null for {@code java.io.tmpdir} */
  SpillFiles(Path directory) {
    this.directory = directory;
  }

  Path create() throws IOException {
    Path dir = directory != null ? directory : Path.of(System.getProperty("java.io.tmpdir"));
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (directory != null && !Files.isDirectory(dir)) {
      FileAttribute<?>[] attrs = posix
          ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR)}
          : new FileAttribute<?>[0];
      Files.createDirectories(dir, attrs);
    }
    Path file;
    if (posix) {
      file = Files.createTempFile(dir, "imageedits-", ".img", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } else {
      file = Files.createTempFile(dir, "imageedits-", ".img");
      java.io.File f = file.toFile();
      // Best effort where POSIX permissions do not exist: owner only.
      f.setReadable(false, false);
      f.setReadable(true, true);
      f.setWritable(false, false);
      f.setWritable(true, true);
    }
    file.toFile().deleteOnExit();
    return file;
  }

  @Override
  public String toString() {
    return directory == null ? "java.io.tmpdir" : directory.toString();
  }
}
