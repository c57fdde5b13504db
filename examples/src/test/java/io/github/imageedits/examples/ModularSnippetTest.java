package io.github.imageedits.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's module descriptor ({@code src/modular/my.app}) compiles as a module against the
 * library's modules: the jars (or reactor class folders) of this test's class path that are
 * modules or automatic modules go on the module path, as a build tool would put them.
 */
@DisplayName("The README's module-info compiles")
class ModularSnippetTest {
  @TempDir Path out;

  @Test
  void moduleDescriptorCompiles() throws IOException {
    Path app = Path.of("src", "modular", "my.app");
    List<String> sources;
    try (Stream<Path> walk = Files.walk(app)) {
      sources = walk.filter(f -> f.toString().endsWith(".java")).map(Path::toString).toList();
    }
    String modulePath = Stream.of(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
            .split(File.pathSeparator))
        .map(Path::of)
        .filter(p -> p.toString().endsWith(".jar") || Files.isRegularFile(p.resolve("module-info.class")))
        .map(Path::toString)
        .reduce((a, b) -> a + File.pathSeparator + b)
        .orElseThrow();

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("--module-path", modulePath, "-d", out.toString()));
    args.addAll(sources);
    int status = javac.run(null, messages, messages, args.toArray(String[]::new));

    assertThat(status).as("javac said:%n%s", messages.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.resolve("module-info.class")).isRegularFile();
    assertThat(out.resolve("my/app/Main.class")).isRegularFile();
  }
}
