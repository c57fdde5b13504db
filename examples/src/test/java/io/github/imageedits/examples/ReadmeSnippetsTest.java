package io.github.imageedits.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block in README.md is a marked region of a source in this module (between
 * {@code // README: name} and {@code // END}), equal but for indentation, so the README's Java is
 * compiled by this build (and run by {@link ExamplesRunTest} where the emulator can serve it).
 *
 * <p>A block shows its imports: the ones the region has itself, or else each import of the
 * region's file whose simple name the region uses. Write a new snippet in a source here first,
 * mark it, and paste it into the README.
 */
@DisplayName("README's Java snippets are this module's sources")
class ReadmeSnippetsTest {
  private static final Pattern START = Pattern.compile("^\\s*// README: (\\S+)\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*// END\\s*$");
  private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?([\\w.]+)\\s*;\\s*$");

  /** The module's folder (surefire runs here); the README is in the folder above. */
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path README = MODULE.getParent().resolve("README.md");

  record Block(int line, List<String> imports, List<String> code) {
    String describe() {
      return "README.md:" + line + ":\n    " + String.join("\n    ", code.subList(0, Math.min(4, code.size())));
    }
  }

  record Region(Path file, String name, Set<String> fileImports, List<String> imports, List<String> code) {}

  @Test
  @DisplayName("every ```java block of README.md is a marked region of an example, with its imports")
  void everyBlockHasASource() throws IOException {
    List<Block> blocks = readmeBlocks();
    List<Region> regions = regions();
    assertThat(blocks).as("java blocks in %s", README).isNotEmpty();

    List<String> problems = new ArrayList<>();
    for (Block block : blocks) {
      Region region = regions.stream().filter(r -> r.code().equals(block.code())).findFirst().orElse(null);
      if (region == null) {
        problems.add("no marked region of examples/src is this block: " + block.describe());
        continue;
      }
      Set<String> offered = region.imports().isEmpty() ? region.fileImports() : new LinkedHashSet<>(region.imports());
      Set<String> needed = offered.stream()
          .filter(i -> usesName(block.code(), simpleName(i)))
          .collect(Collectors.toCollection(LinkedHashSet::new));
      Set<String> shown = new LinkedHashSet<>(block.imports());
      Set<String> missing = new LinkedHashSet<>(needed);
      missing.removeAll(shown);
      Set<String> foreign = new LinkedHashSet<>(shown);
      foreign.removeAll(offered);
      if (!missing.isEmpty()) {
        problems.add("imports missing (" + String.join(", ", missing) + ") in " + block.describe());
      }
      if (!foreign.isEmpty()) {
        problems.add("imports the source (" + MODULE.relativize(region.file()) + ") does not have ("
            + String.join(", ", foreign) + ") in " + block.describe());
      }
    }
    assertThat(problems).as("README snippets without a matching example source").isEmpty();
  }

  @Test
  @DisplayName("every marked region is quoted in README.md (no example drifts unseen)")
  void everyRegionIsQuoted() throws IOException {
    List<Block> blocks = readmeBlocks();
    List<String> unquoted = regions().stream()
        .filter(r -> blocks.stream().noneMatch(b -> b.code().equals(r.code())))
        .map(r -> MODULE.relativize(r.file()) + " // README: " + r.name())
        .toList();
    assertThat(unquoted).as("regions no README block quotes").isEmpty();
  }

  @Test
  @DisplayName("the check sees a block that differs from its source")
  void aChangedBlockIsFound() throws IOException {
    List<Region> regions = regions();
    Region any = regions.get(0);
    List<String> changed = new ArrayList<>(any.code());
    changed.set(0, changed.get(0) + " // edited in the README only");
    assertThat(regions).noneMatch(r -> r.code().equals(changed));
    assertThat(regions).extracting(Region::name)
        .contains("quick-start", "junit", "emulator-code", "check", "fallback", "retries", "submit");
  }

  static List<Block> readmeBlocks() throws IOException {
    List<String> lines = Files.readAllLines(README);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```java")) continue;
      int start = i + 1;
      List<String> body = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) body.add(lines.get(i));
      blocks.add(split(start, body));
    }
    return blocks;
  }

  static List<Region> regions() throws IOException {
    List<Path> sources;
    // Every module's sources: a module whose README section needs its own dependencies (the
    // LangChain4j one, say) keeps that section's region in its own tests, where it is compiled.
    try (Stream<Path> walk = Files.walk(MODULE.getParent())) {
      sources = walk.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> f.toString().contains("/src/") && !f.toString().contains("/target/")
              && !f.toString().contains("/.git/"))
          .sorted().toList();
    }
    List<Region> regions = new ArrayList<>();
    for (Path file : sources) {
      List<String> lines = Files.readAllLines(file);
      Set<String> fileImports = new LinkedHashSet<>();
      for (String line : lines) {
        Matcher m = IMPORT.matcher(line);
        if (m.matches()) fileImports.add(line.strip());
      }
      for (int i = 0; i < lines.size(); i++) {
        Matcher start = START.matcher(lines.get(i));
        if (!start.matches()) continue;
        List<String> body = new ArrayList<>();
        for (i++; i < lines.size() && !END.matcher(lines.get(i)).matches(); i++) body.add(lines.get(i));
        Block parsed = split(0, body);
        regions.add(new Region(file, start.group(1), fileImports, parsed.imports(), parsed.code()));
      }
    }
    return regions;
  }

  /** Import lines apart; the rest without surrounding blank lines and without common indentation. */
  static Block split(int line, List<String> body) {
    List<String> imports = new ArrayList<>();
    List<String> code = new ArrayList<>();
    for (String text : body) {
      if (IMPORT.matcher(text).matches()) imports.add(text.strip());
      else code.add(text.stripTrailing());
    }
    while (!code.isEmpty() && code.get(0).isBlank()) code.remove(0);
    while (!code.isEmpty() && code.get(code.size() - 1).isBlank()) code.remove(code.size() - 1);
    int indent = code.stream().filter(s -> !s.isBlank())
        .mapToInt(s -> s.length() - s.stripLeading().length()).min().orElse(0);
    List<String> dedented = code.stream().map(s -> s.isBlank() ? "" : s.substring(indent)).toList();
    return new Block(line, imports, dedented);
  }

  private static String simpleName(String importLine) {
    Matcher m = IMPORT.matcher(importLine);
    if (!m.matches()) throw new IllegalArgumentException(importLine);
    String name = m.group(2);
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static boolean usesName(List<String> code, String name) {
    Pattern word = Pattern.compile("(?<![\\w.])" + Pattern.quote(name) + "\\b");
    return code.stream().anyMatch(line -> word.matcher(line.replaceAll("//.*$", "")).find());
  }
}
