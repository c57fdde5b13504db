package io.github.imageedits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.testkit.TestImages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imageedit emulator} serves the emulator standalone: run as its own short-lived process
 * (it serves until stopped), on a free port, and edited against through the library.
 */
@DisplayName("imageedit emulator")
class EmulatorCommandTest {
  @TempDir Path dir;

  @Test
  @DisplayName("serves AceData's protocol on the chosen host and a free port until stopped")
  void servesUntilStopped() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process process = new ProcessBuilder(java, "-cp", classPath, ImageEditCommand.class.getName(),
        "emulator", "--host", "127.0.0.1", "--port", "0", "--dialect", "acedata", "--token", "local-token")
        .redirectErrorStream(true)
        .start();
    List<String> printed = new ArrayList<>();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String baseUrl = null;
      for (String line; (line = lines.readLine()) != null; ) {
        printed.add(line);
        if (line.startsWith("AceData emulator:")) baseUrl = line.split("\\s+")[2];
        if (line.startsWith("Serving until stopped")) break;
      }
      assertThat(baseUrl).as("printed:%n%s", String.join("\n", printed)).startsWith("http://127.0.0.1:");
      assertThat(printed).anySatisfy(line -> assertThat(line).contains("token:").contains("local-token"));

      Path image = TestImages.png(dir, "house.png", 32, 32);
      try (ImageEditClient client = ImageEdits.builder().provider("acedata").apiKey("local-token")
          .baseUrl(baseUrl).build();
          EditResult result = client.edit(EditRequest.builder().model("gpt-image-1")
              .prompt("Paint the roof blue").image(image).build())) {
        assertThat(result.provider()).isEqualTo("acedata");
        assertThat(result.images()).hasSize(1);
      }
      assertThat(process.isAlive()).as("it keeps serving").isTrue();
    } finally {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
    }
  }

  @Test
  @DisplayName("--help lists its options; a bad --port is a usage error before anything starts")
  void helpAndUsage() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = ImageEditCommand.run(new String[] {"emulator", "--help"}, Map.of(), new PrintWriter(out, true),
        new PrintWriter(err, true), false);
    assertThat(status).isZero();
    assertThat(out.toString()).contains("--host", "--port", "--dialect", "--token", "--strict-part-types");

    int bad = ImageEditCommand.run(new String[] {"emulator", "--port", "eighty"}, Map.of(), new PrintWriter(out, true),
        new PrintWriter(err, true), false);
    assertThat(bad).isEqualTo(ImageEditCommand.USAGE);
    assertThat(err.toString()).contains("--port");
  }
}
