package io.github.imageedits.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptor resolves: an application module that requires only {@code
 * io.github.imageedits.langchain4j} compiles and runs with {@code java -m}, reading core and
 * LangChain4j ({@code langchain4j.core}, the name the JDK derives from its jar) through
 * {@code requires transitive}.
 */
@DisplayName("io.github.imageedits.langchain4j on the module path")
class ModulePathTest {
  private static final String MAIN = """
      package demo;

      import dev.langchain4j.exception.UnsupportedFeatureException;
      import io.github.imageedits.EditRequest;
      import io.github.imageedits.EditResult;
      import io.github.imageedits.EditedImage;
      import io.github.imageedits.ImageEditClient;
      import io.github.imageedits.ValidationReport;
      import io.github.imageedits.capability.CapabilityTable;
      import io.github.imageedits.langchain4j.ImageEditsImageModel;
      import java.nio.file.Path;
      import java.util.concurrent.CompletableFuture;

      public class Main {
        public static void main(String[] args) {
          ImageEditClient client = new ImageEditClient() {
            public String provider() { return "offline"; }
            public CapabilityTable capabilities() { return CapabilityTable.builder("offline").build(); }
            public ValidationReport check(EditRequest r) { throw new AssertionError(); }
            public EditResult edit(EditRequest r) { throw new AssertionError(); }
            public CompletableFuture<EditResult> editAsync(EditRequest r) { throw new AssertionError(); }
            public Path save(EditedImage i, Path f, String s) { throw new AssertionError(); }
            public void close() {}
          };
          try {
            ImageEditsImageModel.builder(client).model("m").build().generate("a cat");
          } catch (UnsupportedFeatureException e) {
            System.out.println(ImageEditsImageModel.class.getModule().getName() + " "
                + e.getClass().getModule().getName());
          }
        }
      }
      """;

  @TempDir Path dir;

  @Test
  @DisplayName("an application requiring it compiles and runs with java -m")
  void runsAsModule() throws Exception {
    // This module's classes, core's, and LangChain4j's jar with its own dependencies; nothing of the
    // tests' tools, whose automatic modules would all be resolved too.
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = Arrays.stream(classPath.split(File.pathSeparator))
        .filter(e -> e.contains("langchain4j") || e.contains("imageedits-core") || e.contains("core" + File.separator + "target")
            || e.contains("jackson") || e.contains("slf4j"))
        .filter(e -> !e.endsWith("test-classes"))
        .toList();
    assertThat(entries).anyMatch(e -> e.contains("langchain4j-core"));
    String modulePath = String.join(File.pathSeparator, entries);

    Path src = dir.resolve("src");
    Files.createDirectories(src.resolve("demo"));
    Files.writeString(src.resolve("module-info.java"), "module demo { requires io.github.imageedits.langchain4j; }\n");
    Files.writeString(src.resolve("demo/Main.java"), MAIN);
    Path out = dir.resolve("out");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter javac = new StringWriter();
    Boolean compiled = compiler.getTask(javac, null, null,
        List.of("--module-path", modulePath, "-d", out.toString(), "-Xlint:none"), null,
        compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(
            src.resolve("module-info.java").toFile(), src.resolve("demo/Main.java").toFile())).call();
    assertThat(compiled).as("javac says:%n%s", javac).isTrue();

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1",
        "--module-path", out + File.pathSeparator + modulePath, "-m", "demo/demo.Main")
        .redirectErrorStream(true).start();
    String output;
    try (var in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("exit status; the app printed:%n%s", output).isZero();
    assertThat(output.lines().collect(Collectors.toList()))
        .contains("io.github.imageedits.langchain4j langchain4j.core");
  }
}
