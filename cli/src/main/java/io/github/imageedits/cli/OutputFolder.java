package io.github.imageedits.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks on {@code --out} made before an edit is sent: the results must be writable there, or
 * the edit would be paid for and then lost.
 */
final class OutputFolder {
  private OutputFolder() {}

  /**
   * Passes when {@code folder} is a writable folder, or does not exist yet and can be created
   * (its nearest existing ancestor is a writable folder). Creates nothing.
   *
   * @throws IllegalArgumentException naming the option, the path and what is wrong with it
   */
  static void check(Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    if (existing == null) throw problem(folder, "no part of the path exists");
    if (!Files.isDirectory(existing)) {
      throw problem(folder, existing.equals(absolute)
          ? "it is a file, not a folder"
          : existing + " is a file, not a folder");
    }
    if (!writable(existing)) {
      throw problem(folder, existing.equals(absolute)
          ? "the folder is not writable"
          : "it cannot be created: " + existing + " is not writable");
    }
  }

  private static IllegalArgumentException problem(Path folder, String what) {
    return new IllegalArgumentException("--out " + folder + ": " + what + "; nothing was sent");
  }

  // Files.isWritable answers from permission bits, which root ignores and read-only mounts do not
  // show; creating (and deleting) a file there is the question the save will ask.
  private static boolean writable(Path folder) {
    try {
      Path probe = Files.createTempFile(folder, ".imageedit-", ".probe");
      Files.delete(probe);
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
