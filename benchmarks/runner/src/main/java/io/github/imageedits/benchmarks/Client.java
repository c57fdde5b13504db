package io.github.imageedits.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One benchmarked client: its driver module's jar plus the runtime classpath Maven resolved for it
 * at package time ({@code target/classpath.txt}).
 */
record Client(String name, String label, String mainClass, Path jar, List<Path> runtime) {

  static Client load(Path benchmarks, String module, String label, String mainClass) {
    Path target = benchmarks.resolve(module).resolve("target");
    Path classpathFile = target.resolve("classpath.txt");
    try {
      Path jar;
      try (Stream<Path> files = Files.list(target)) {
        jar = files.filter(f -> f.getFileName().toString().matches("imageedits-benchmarks-.*\\.jar"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no jar in " + target + "; build first"));
      }
      List<Path> runtime = new ArrayList<>();
      for (String entry : Files.readString(classpathFile).trim().split(java.io.File.pathSeparator)) {
        if (!entry.isBlank()) runtime.add(Path.of(entry));
      }
      return new Client(module, label, mainClass, jar, runtime);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + classpathFile + "; build the benchmarks first", e);
    }
  }

  String classpath() {
    StringBuilder cp = new StringBuilder(jar.toString());
    for (Path entry : runtime) cp.append(java.io.File.pathSeparator).append(entry);
    return cp.toString();
  }

  /** The client's own runtime jars: the benchmark's shared driver code is not the client's. */
  List<Path> clientJars() {
    return runtime.stream()
        .filter(p -> !p.getFileName().toString().startsWith("imageedits-benchmarks-"))
        .toList();
  }

  long footprintBytes() {
    long sum = 0;
    for (Path p : clientJars()) sum += size(p);
    return sum;
  }

  private static long size(Path p) {
    try {
      if (Files.isDirectory(p)) {
        try (Stream<Path> all = Files.walk(p)) {
          return all.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
      }
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
