package io.github.imageedits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.testkit.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's upload bar: drawn from the client's progress reports, only for a terminal. */
@DisplayName("The imageedit progress display")
class ProgressTest {
  @TempDir Path dir;

  @Test
  @DisplayName("draws a bar with percent and bytes")
  void bar() {
    assertThat(Progress.bar(0, 2_000_000)).isEqualTo("↑ [>" + " ".repeat(29) + "]   0%  0 B / 2.0 MB");
    assertThat(Progress.bar(1_000_000, 2_000_000))
        .isEqualTo("↑ [" + "=".repeat(15) + ">" + " ".repeat(14) + "]  50%  1.0 MB / 2.0 MB");
    assertThat(Progress.bar(2_000_000, 2_000_000)).isEqualTo("↑ [" + "=".repeat(30) + "] 100%  2.0 MB / 2.0 MB");
    assertThat(Progress.bar(12_345, -1)).isEqualTo("↑ 12.3 kB");
    assertThat(Progress.bytes(999)).isEqualTo("999 B");
    assertThat(Progress.bytes(50_210_000)).isEqualTo("50.2 MB");
  }

  /** Runs {@code imageedit edit} against the sandbox and returns what went to stderr. */
  private String edit(boolean terminal, String... extra) throws Exception {
    Path image = TestImages.png(dir, "photo.png", 256, 256);
    Path out = Files.createDirectories(dir.resolve("out"));
    String[] base = {"edit", "--image", image.toString(), "--prompt", "Add a red scarf", "--out", out.toString()};
    String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
        .toArray(String[]::new);
    StringWriter err = new StringWriter();
    int code = ImageEditCommand.run(args, Map.of(), new PrintWriter(new StringWriter(), true),
        new PrintWriter(err, true), terminal);
    assertThat(code).as(err.toString()).isZero();
    return err.toString();
  }

  @Test
  @DisplayName("shows the whole upload reaching 100% on a terminal, then clears its line")
  void terminal() throws Exception {
    String err = edit(true);

    assertThat(err).contains("↑ [" + "=".repeat(30) + "] 100%");
    assertThat(err).as("the request body is larger than the image it carries")
        .containsPattern("100%  [0-9.]+ kB / [0-9.]+ kB");
    assertThat(err).endsWith("\r\033[K");
  }

  @Test
  @DisplayName("stays silent when stderr is not a terminal, with --quiet, and with --json")
  void silent() throws Exception {
    assertThat(edit(false)).doesNotContain("↑");
    assertThat(edit(true, "--quiet")).doesNotContain("↑");
    assertThat(edit(true, "--json")).doesNotContain("↑");
  }
}
