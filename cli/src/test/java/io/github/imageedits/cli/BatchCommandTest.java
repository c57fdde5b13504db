package io.github.imageedits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.emulator.Fault;
import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.testkit.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imageedit batch} run in-process, on the sandbox and against the AceData emulator. */
@DisplayName("imageedit batch")
class BatchCommandTest {
  @TempDir Path folder;
  ProviderEmulator emulator;

  @BeforeEach
  void start() {
    emulator = ProviderEmulator.builder().build();
    emulator.start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  record Run(int exitCode, String stdout, String stderr) {}

  static Run run(Map<String, String> env, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ImageEditCommand.run(args.toArray(String[]::new), env, new PrintWriter(out, true),
        new PrintWriter(err, true), false);
    return new Run(code, out.toString(), err.toString());
  }

  /** {@code batch} against the emulator as AceData. */
  Run batch(String... args) {
    List<String> all = new ArrayList<>(List.of("batch", "--base-url", emulator.baseUrl().toString()));
    all.addAll(List.of(args));
    return run(Map.of("IMAGEEDIT_PROVIDER", "acedata", "ACEDATA_API_TOKEN", emulator.token()), all);
  }

  static List<String> files(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).filter(f -> !f.startsWith(".") && !f.equals(Journal.FILE))
          .sorted().toList();
    }
  }

  @Test
  @DisplayName("a manifest is checked whole: every bad line is reported at once (exit 2) and nothing is sent")
  void manifestValidation() throws Exception {
    TestImages.png(folder, "a.png", 64, 64);
    TestImages.png(folder, "b.png", 64, 64);
    Path manifest = Files.writeString(folder.resolve("edits.jsonl"), String.join("\n",
        "{\"image\": \"a.png\", \"prompt\": \"Paint it red\", \"name\": \"red\"}",
        "{\"image\": \"a.png\", \"prompt\": \"Paint it blue\"",
        "{\"image\": \"missing.png\", \"prompt\": \"p\"}",
        "",
        "{\"image\": [\"a.png\", \"b.png\"], \"size\": \"999x999\", \"prompt\": \"p\"}",
        "{\"image\": \"b.png\", \"prompt\": \"p\", \"colour\": \"red\"}",
        "{\"image\": \"b.png\"}",
        "[\"not an object\"]",
        "{\"image\": \"b.png\", \"prompt\": \"p\", \"name\": \"red\"}",
        "{\"image\": \"b.png\", \"prompt\": \"fine\", \"n\": \"two\"}",
        "{\"image\": \"b.png\", \"prompt\": \"fine too\", \"model\": \"gpt-image-1-mini\", \"quality\": \"low\"}"));
    Path out = folder.resolve("out");

    Run plain = batch("--manifest", manifest.toString(), "--out", out.toString());
    Run json = batch("--manifest", manifest.toString(), "--out", out.toString(), "--json");

    assertThat(plain.exitCode()).as(plain.stderr()).isEqualTo(2);
    assertThat(plain.stderr()).contains("8 of 10 items of " + manifest + " are invalid; nothing was sent")
        .contains("line 2: not valid JSON", "line 3: image[0]", "missing.png", "line 5: size", "999x999",
            "line 6: unknown key colour", "line 7: prompt must be a string", "line 8: not a JSON object",
            "line 9: name 'red' is also used on line 1", "line 10: n: n must be a whole number")
        .doesNotContain("line 1:", "line 4:", "line 11:");
    assertThat(json.exitCode()).isEqualTo(2);
    assertThat(json.stdout()).contains("\"kind\":\"validation\"", "\"field\":\"line 2\"", "\"field\":\"line 10\"");
    assertThat(emulator.requestCount()).as("nothing was sent").isZero();
    assertThat(out.resolve(Journal.FILE)).doesNotExist();
  }

  @Test
  @DisplayName("edits a folder on the sandbox, journals each item, and a second run skips them all")
  void folderOnTheSandbox() throws Exception {
    Path in = Files.createDirectory(folder.resolve("photos"));
    for (int i = 1; i <= 5; i++) TestImages.png(in, "photo-" + i + ".png", 40 + i, 32);
    TestImages.jpeg(in, "photo-6.jpg", 48, 32);
    Files.writeString(in.resolve("notes.txt"), "not an image");
    Path out = folder.resolve("edited");
    List<String> args = List.of("batch", "--images", in.toString(), "--prompt", "Add a red scarf", "--out",
        out.toString(), "--concurrency", "3");

    Run first = run(Map.of(), args);

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(files(out)).containsExactly("photo-1.png", "photo-2.png", "photo-3.png", "photo-4.png",
        "photo-5.png", "photo-6.png");
    assertThat(ImageIO.read(out.resolve("photo-3.png").toFile()).getWidth()).isEqualTo(43);
    assertThat(first.stdout().lines()).hasSize(6);
    assertThat(first.stderr()).contains("batch of 6: 6 done, 0 failed, 0 uncertain");
    List<String> journal = Files.readAllLines(out.resolve(Journal.FILE));
    assertThat(journal).filteredOn(l -> l.contains("\"event\":\"done\"")).hasSize(6);
    assertThat(journal).filteredOn(l -> l.contains("\"event\":\"sent\"")).hasSize(6);
    assertThat(out.resolve(BatchCommand.STAGING)).doesNotExist();

    Run second = run(Map.of(), List.of("batch", "--images", in.toString(), "--prompt", "Add a red scarf", "--out",
        out.toString(), "--json"));

    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(second.stdout().strip()).startsWith("{\"provider\":\"sandbox\"").doesNotContain("\n")
        .contains("\"total\":6,\"done\":6,\"done_before\":6,\"tasks_resumed\":0,\"failed\":0,\"uncertain\":0,\"not_sent\":0",
            "{\"name\":\"photo-6\",\"status\":\"done\",\"files\":[\"" + out.resolve("photo-6.png") + "\"]");
    assertThat(files(out)).hasSize(6);
    assertThat(Files.readAllLines(out.resolve(Journal.FILE))).hasSize(journal.size());
  }

  @Test
  @DisplayName("a failure exits 6 and is retried by the next run; a request that may have been processed is"
      + " listed as uncertain and sent again only with --resend-uncertain")
  void failuresAndUncertainItems() throws Exception {
    Path in = Files.createDirectory(folder.resolve("in"));
    for (int i = 1; i <= 3; i++) TestImages.png(in, "p" + i + ".png", 32, 32);
    Path out = folder.resolve("out");
    String[] args = {"--images", in.toString(), "--prompt", "p", "--out", out.toString(), "--concurrency", "1"};
    emulator.enqueueFault(Fault.status(400, "bad_request", "the emulator refuses p1"));  // p1: refused
    emulator.enqueueFault(Fault.disconnect());                                            // p2: no answer

    Run first = batch(args);

    assertThat(first.exitCode()).as(first.stderr()).isEqualTo(ImageEditCommand.SOME_FAILED).isEqualTo(6);
    assertThat(first.stderr()).contains("batch of 3: 1 done, 1 failed, 1 uncertain")
        .containsPattern("failed +p1: .*the emulator refuses p1")
        .containsPattern("uncertain +p2: ")
        .contains("--resend-uncertain");
    assertThat(files(out)).containsExactly("p3.png");

    Run second = batch(args);

    assertThat(second.exitCode()).isEqualTo(6);
    assertThat(second.stderr()).contains("batch of 3: 2 done (1 before this run), 0 failed, 1 uncertain")
        .containsPattern("uncertain +p2: ");
    assertThat(emulator.requestCount()).as("p1 sent again, p2 not").isEqualTo(4);

    Run third = batch(append(args, "--resend-uncertain", "--json"));

    assertThat(third.exitCode()).as(third.stdout()).isZero();
    assertThat(third.stdout()).contains("\"done\":3,\"done_before\":2");
    assertThat(files(out)).containsExactly("p1.png", "p2.png", "p3.png");
    assertThat(emulator.requestCount()).isEqualTo(5);
  }

  @Test
  @DisplayName("refuses an --out folder whose journal was written for other edits, sending nothing")
  void changedBatch() throws Exception {
    Path in = Files.createDirectory(folder.resolve("in"));
    TestImages.png(in, "cat.png", 32, 32);
    Path out = folder.resolve("out");
    assertThat(batch("--images", in.toString(), "--prompt", "first", "--out", out.toString()).exitCode()).isZero();

    Run other = batch("--images", in.toString(), "--prompt", "second", "--out", out.toString());

    assertThat(other.exitCode()).isEqualTo(2);
    assertThat(other.stderr()).contains("was written for other edits of cat (cat.png)", "nothing was sent");
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("bad usage exits 2: neither or both sources, --images without --prompt, --out the input folder")
  void usage() throws Exception {
    Path in = Files.createDirectory(folder.resolve("in"));
    assertThat(batch("--out", folder.toString()).stderr()).contains("give either --images DIR");
    assertThat(batch("--images", in.toString(), "--out", folder.toString()).stderr()).contains("needs --prompt");
    assertThat(batch("--images", in.toString(), "--prompt", "p", "--out", in.toString()).stderr())
        .contains("--out must not be the --images folder");
    assertThat(batch("--images", in.toString(), "--prompt", "p", "--out", folder.resolve("o").toString()).stderr())
        .contains("no png, jpeg or webp file in");
    assertThat(batch("--images", in.toString(), "--prompt", "p", "--out", folder.toString()).exitCode()).isEqualTo(2);
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  @DisplayName("draws its progress line with counts, rate, ETA and concurrency")
  void progressLine() {
    assertThat(BatchProgress.line(120, 31, 2, 1, 4, 30, 42.0, 4))
        .isEqualTo("31/120 done · 2 failed · 1 uncertain · 82 queued · 4 running · 0.7/s · ETA 2m01s · concurrency 4");
    assertThat(BatchProgress.line(10, 0, 0, 0, 2, 0, 1.0, 2))
        .isEqualTo("0/10 done · 0 failed · 0 uncertain · 8 queued · 2 running · concurrency 2");
    assertThat(BatchProgress.duration(7200 + 180)).isEqualTo("2h03m");
  }

  static String[] append(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
