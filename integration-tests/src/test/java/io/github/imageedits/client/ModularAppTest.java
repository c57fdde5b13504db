package io.github.imageedits.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.testkit.TestImages;
import io.github.imageedits.testkit.emulator.ProviderEmulator;
import io.github.imageedits.testkit.emulator.ReceivedEdit;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that is itself a module compiles against the library's modules and runs on the
 * module path with nothing but {@code -m}: no {@code --add-modules}, no {@code --add-opens}. The
 * module path is what Maven resolves for an application depending on the client and the AceData
 * adapter (this module's runtime class path, see its pom), so a run-time dependency that no
 * module descriptor requires (Dagger's {@code jakarta.inject}, the transport's OkHttp) fails here
 * as it would for a user. The emulator serves the edit from this JVM; the app runs in a fork.
 */
@DisplayName("A modular application")
class ModularAppTest {
  private static final String MODULE_INFO = """
      module demo {
        requires io.github.imageedits.client;
        requires io.github.imageedits.acedata;
      }
      """;
  private static final String MAIN = """
      package demo;

      import io.github.imageedits.EditRequest;
      import io.github.imageedits.EditResult;
      import io.github.imageedits.ImageEditClient;
      import io.github.imageedits.client.ImageEdits;
      import java.nio.file.Path;

      public final class Main {
        public static void main(String[] args) throws Exception {
          try (ImageEditClient client = ImageEdits.builder()
                  .provider("acedata").apiKey(args[0]).baseUrl(args[1]).build();
              EditResult result = client.edit(EditRequest.builder()
                  .model("gpt-image-1").prompt("Add a red scarf").image(Path.of(args[2])).build())) {
            Path saved = client.save(result.images().get(0), Path.of(args[3]), "edited");
            Module library = ImageEdits.class.getModule();
            System.out.println("saved " + saved.getFileName() + " with " + library.getName()
                + (library.getLayer() == ModuleLayer.boot() ? " from the boot layer" : " not from a module"));
          }
        }
      }
      """;

  @TempDir Path dir;

  @Test
  @DisplayName("requiring the client and an adapter edits against the emulator, with no --add-modules")
  void runsOnTheModulePath() throws Exception {
    String pathFile = requireNonNull(System.getProperty("imageedits.modularAppPath"),
        "imageedits.modularAppPath == null: run through Maven, which writes the path");
    String modulePath = Files.readString(Path.of(pathFile), UTF_8).strip();
    Path app = compileApp(modulePath);
    Path input = TestImages.png(dir, "input.png", 48, 32);
    Path out = Files.createDirectory(dir.resolve("out"));
    Path log = dir.resolve("app.log");

    try (ProviderEmulator emulator = ProviderEmulator.builder().token("modular-token").build()) {
      String baseUrl = emulator.start().toString();
      Process process = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "--module-path", app + File.pathSeparator + modulePath,
              "-m", "demo/demo.Main",
              "modular-token", baseUrl, input.toString(), out.toString())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      boolean finished = process.waitFor(2, TimeUnit.MINUTES);
      if (!finished) process.destroyForcibly().waitFor();
      String output = Files.readString(log, UTF_8);

      assertThat(finished).as("the app ends; it printed:%n%s", output).isTrue();
      assertThat(process.exitValue()).as("exit status; the app printed:%n%s", output).isZero();
      // Loaded from a named module in the boot layer, not from the class path.
      assertThat(output).contains("saved edited.png with io.github.imageedits.client from the boot layer");
      List<ReceivedEdit> edits = emulator.receivedEdits();
      assertThat(edits).hasSize(1);
      assertThat(edits.get(0).path()).isEqualTo("/openai/images/edits");
      assertThat(edits.get(0).authorized()).isTrue();
      assertThat(edits.get(0).field("prompt")).isEqualTo("Add a red scarf");
      assertThat(edits.get(0).status()).isEqualTo(200);
    }
    BufferedImage edited = ImageIO.read(out.resolve("edited.png").toFile());
    assertThat(edited).as("a PNG that ImageIO reads").isNotNull();
    assertThat(edited.getWidth()).as("width: the input's, no size was asked").isEqualTo(48);
    assertThat(edited.getHeight()).isEqualTo(32);
  }

  /** Compiles {@code demo} against the module path, as an application's build would. */
  private Path compileApp(String modulePath) throws Exception {
    Path sources = Files.createDirectories(dir.resolve("src/demo"));
    Path moduleInfo = Files.writeString(dir.resolve("src/module-info.java"), MODULE_INFO);
    Path main = Files.writeString(sources.resolve("Main.java"), MAIN);
    Path classes = Files.createDirectories(dir.resolve("demo"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status = javac.run(null, null, errors, "--release", "17", "-d", classes.toString(),
        "--module-path", modulePath, moduleInfo.toString(), main.toString());
    assertThat(status).as("javac: %s", errors.toString(UTF_8)).isZero();
    return classes;
  }
}
