package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * No source, document or build file cites a file a reader of the repository cannot open: a design
 * note, a seed file (by its path, its name or its number) or a sibling checkout. Cite the
 * provider's public documentation instead: AceData's "OpenAI Images Edits API" guide, its API
 * reference, ChainHub's API documentation, OpenAI's API reference.
 */
@DisplayName("Sources cite nothing outside the repository")
class NoOutsideCitationsTest {
  /** Written so that this file does not match itself. */
  private static final Pattern OUTSIDE = Pattern.compile(
      "DESIGN\\.md" // a design note that is not in the repository
          + "|seeds[/]" // the directory of seed files
          + "|\\d{3}_[0-9a-f]{16}\\.txt" // a seed file's name
          + "|(?i:\\bseeds?:? ?\\d{3}\\b)" // a seed file's number, as in "seed" and three digits
          + "|\\.\\./shared"); // a checkout next to this one
  private static final Set<String> SKIPPED = Set.of("target", ".git", ".mvn", "node_modules");

  @Test
  void noFileCitesAnOutsideFile() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> files = scannedFiles(root);
    assertThat(files).as("the scan must see the sources").hasSizeGreaterThan(100)
        .anySatisfy(f -> assertThat(f.toString()).endsWith("pom.xml"))
        .anySatisfy(f -> assertThat(f.toString()).endsWith("README.md"));

    List<String> citations = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = OUTSIDE.matcher(lines.get(i));
        if (m.find()) {
          citations.add(root.relativize(file) + ":" + (i + 1) + ": " + m.group());
        }
      }
    }
    assertThat(citations).as("citations of files outside the repository").isEmpty();
  }

  /**
   * Every {@code *.java} under a {@code src} directory, every {@code *.md}, every {@code pom.xml}
   * and every {@code *.jsonl} (the validation cases, whose comments cite their rules' source).
   */
  static List<Path> scannedFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk
          .filter(Files::isRegularFile)
          .filter(f -> {
            for (Path part : root.relativize(f)) {
              if (SKIPPED.contains(part.toString())) return false;
            }
            String name = f.getFileName().toString();
            return name.endsWith(".md") || name.equals("pom.xml") || name.endsWith(".jsonl")
                || (name.endsWith(".java") && root.relativize(f).toString().contains("src"));
          })
          .sorted()
          .toList();
    }
  }
}
