package io.github.imageedits;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * {@link ImageData} in a temporary file it owns; see {@link ImageData#ofTemporaryFile}. Saving it
 * ({@link ImageFiles#saveNew(ImageData, Path, String)}) may move the file into place rather than
 * copy it: a large result is then written once, not twice. From then on the data reads the saved
 * file, which it no longer owns, so {@link #release()} leaves it.
 */
final class TemporaryFileData implements ImageData {
  private volatile Path file;
  private boolean owned = true; // guarded by this
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

  /**
   * Moves the file onto {@code target}, an empty file the caller has just created (so the name was
   * taken atomically and carries the permissions a new file gets there), and gives up ownership.
   * False, with nothing changed, when the file is no longer ours or cannot be renamed there (another
   * file system, say); the caller then copies.
   */
  synchronized boolean moveOnto(Path target) {
    if (released || !owned) return false;
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    Set<PosixFilePermission> ownerOnly = null;
    try {
      // The temporary file is owner-only; the saved one gets what the folder gives a new file.
      PosixFileAttributeView to = Files.getFileAttributeView(target, PosixFileAttributeView.class);
      if (view != null && to != null) {
        ownerOnly = view.readAttributes().permissions();
        view.setPermissions(to.readAttributes().permissions());
      }
      // A rename: the same bytes under a new name, replacing the placeholder in one step.
      Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UnsupportedOperationException e) {
      restore(view, ownerOnly);
      return false;
    }
    file = target;
    owned = false;
    return true;
  }

  // The file stays where it was, to be copied: owner-only again.
  private static void restore(PosixFileAttributeView view, Set<PosixFilePermission> permissions) {
    if (permissions == null) return;
    try {
      view.setPermissions(permissions);
    } catch (IOException | RuntimeException ignored) {
      // release() deletes it in any case.
    }
  }

  @Override
  public synchronized void release() {
    released = true;
    if (!owned) return; // moved to where it was saved: that file is the user's now
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Rare (a file still open elsewhere on Windows); deleteOnExit, set when the file was made,
      // remains the fallback. Throwing here would mask the exception of a try-with-resources.
    }
  }

  @Override
  public synchronized String toString() {
    return "ImageData[" + (owned ? "temporary " : "saved ") + file + (released ? ", released" : "") + "]";
  }
}
