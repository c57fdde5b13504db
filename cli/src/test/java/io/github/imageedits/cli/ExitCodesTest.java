package io.github.imageedits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.testkit.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each exit code, from a real run of the tool against the AceData emulator (which counts the
 * requests it answers, so "nothing was sent" is checked, not assumed), and the README's table of
 * exit codes against the codes the tool defines.
 */
@DisplayName("imageedit exit codes")
class ExitCodesTest {
  @TempDir Path folder;
  Path house;
  ProviderEmulator emulator;
  Map<String, String> env;

  @BeforeEach
  void start() {
    house = TestImages.png(folder, "house.png", 64, 48);
    emulator = ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.ACEDATA).build();
    emulator.start();
    env = Map.of("IMAGEEDIT_PROVIDER", "acedata", "ACEDATA_API_TOKEN", emulator.token());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  record Run(int exitCode, String stdout, String stderr) {
    /** The one line a person reads on stderr. */
    String message() {
      assertThat(stderr.strip()).as("one line on stderr").doesNotContain("\n").startsWith("imageedit: ");
      return stderr.strip();
    }
  }

  Run edit(String... more) {
    List<String> args = new ArrayList<>(List.of("edit", "--image", house.toString(), "--prompt",
        "Paint the roof blue", "--base-url", emulator.baseUrl().toString()));
    args.addAll(List.of(more));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ImageEditCommand.run(args.toArray(String[]::new), env, new PrintWriter(out, true),
        new PrintWriter(err, true), false);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  @DisplayName("0: done; the emulator answered exactly one request (the count below means something)")
  void done() {
    Run run = edit("--out", folder.resolve("results").toString());

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ImageEditCommand.OK).isZero();
    assertThat(Path.of(run.stdout().strip())).exists().hasParent(folder.resolve("results"));
    assertThat(emulator.requestCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("2: --out naming an existing file is refused before anything is sent")
  void outIsAFile() throws Exception {
    Path file = Files.writeString(folder.resolve("notes.txt"), "not a folder");

    Run run = edit("--out", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.message()).contains("--out " + file, "is a file, not a folder", "nothing was sent");
    assertThat(Files.readString(file)).isEqualTo("not a folder");
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  @DisplayName("2: --out inside a file (a file where a folder should be) is refused before anything is sent")
  void outUnderAFile() throws Exception {
    Path file = Files.writeString(folder.resolve("notes.txt"), "not a folder");

    Run run = edit("--out", file.resolve("results").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.message()).contains(file + " is a file, not a folder");
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  @DisplayName("2: an --out folder that cannot be written is refused before anything is sent")
  void outNotWritable() {
    // Nothing can be created in /proc, whoever runs the test (root ignores permission bits); where
    // there is no /proc the nearest existing folder is /, which is not writable either.
    Run run = edit("--out", "/proc/imageedit-results");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.message()).contains("--out /proc/imageedit-results", "not writable");
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  @DisplayName("2: an input image or mask that does not exist is refused before anything is sent")
  void missingInputs() {
    Run image = edit("--image", folder.resolve("missing.png").toString(), "--out", folder.toString());
    Run mask = edit("--mask", folder.resolve("missing-mask.png").toString(), "--out", folder.toString());

    assertThat(image.exitCode()).isEqualTo(2);
    assertThat(image.message()).contains("image[1]", "missing.png");
    assertThat(mask.exitCode()).isEqualTo(2);
    assertThat(mask.message()).contains("mask", "missing-mask.png");
    assertThat(emulator.requestCount()).isZero();
  }

  @Test
  @DisplayName("3: the provider refused (a wrong token); 4: the provider failed (its 500)")
  void refusedAndFailed() {
    env = Map.of("IMAGEEDIT_PROVIDER", "acedata", "ACEDATA_API_TOKEN", "not-the-emulator-token");
    Run refused = edit("--out", folder.toString());
    env = Map.of("IMAGEEDIT_PROVIDER", "acedata", "ACEDATA_API_TOKEN", emulator.token());
    emulator.enqueueFault(io.github.imageedits.emulator.Fault.status(500));
    Run failed = edit("--out", folder.toString());

    assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(3);
    assertThat(refused.message()).contains("acedata answered HTTP 401");
    assertThat(failed.exitCode()).as(failed.stderr()).isEqualTo(4);
    assertThat(failed.message()).contains("acedata answered HTTP 500");
  }

  @Test
  @DisplayName("5: the edit was done but its result could not be saved (the reply is not an image)")
  void notSaved() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      String notAnImage = Base64.getEncoder().encodeToString("this is not an image".getBytes());
      server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
          .body("{\"success\":true,\"task_id\":\"t-5\",\"created\":1,\"data\":[{\"b64_json\":\""
              + notAnImage + "\"}]}").build());
      env = Map.of("IMAGEEDIT_PROVIDER", "acedata", "ACEDATA_API_TOKEN", "token-5");
      List<String> args = List.of("edit", "--image", house.toString(), "--prompt", "p",
          "--base-url", server.url("/").toString(), "--out", folder.resolve("results").toString());
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = ImageEditCommand.run(args.toArray(String[]::new), env, new PrintWriter(out, true),
          new PrintWriter(err, true), false);
      Run run = new Run(code, out.toString(), err.toString());

      assertThat(run.exitCode()).as(run.stderr()).isEqualTo(5);
      assertThat(run.message()).contains("the edit was done but its result could not be saved");
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("the README's exit-code table lists exactly the codes the tool defines")
  void readmeTable() throws Exception {
    Map<Integer, String> defined = new TreeMap<>();
    for (Field field : ImageEditCommand.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
        defined.put(field.getInt(null), field.getName());
      }
    }
    // Surefire runs in the module folder; the README is the repository's.
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf("### Exit codes"));
    section = section.substring(0, section.indexOf("\n#", 5));
    Map<Integer, String> documented = new TreeMap<>();
    Matcher row = Pattern.compile("(?m)^\\| `?(\\d+)`? \\| (.+) \\|$").matcher(section);
    while (row.find()) documented.put(Integer.parseInt(row.group(1)), row.group(2));

    assertThat(documented.keySet()).as(documented.toString()).isEqualTo(defined.keySet());
  }
}
