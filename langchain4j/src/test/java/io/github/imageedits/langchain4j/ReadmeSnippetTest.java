package io.github.imageedits.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's LangChain4j example compiles against this module and its dependencies. */
@DisplayName("The README's LangChain4j section")
class ReadmeSnippetTest {
  private static final Pattern SECTION = Pattern.compile("(?ms)^## LangChain4j\\n(.*?)^## ");
  private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```");

  @TempDir Path dir;

  @Test
  @DisplayName("has a Java example that compiles, given a token and a base64 PNG")
  void exampleCompiles() throws Exception {
    String readme = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"),
        StandardCharsets.UTF_8);
    Matcher section = SECTION.matcher(readme);
    assertThat(section.find()).as("a '## LangChain4j' section").isTrue();
    Matcher block = JAVA_BLOCK.matcher(section.group(1));
    assertThat(block.find()).as("a java block in the section").isTrue();

    // The example's imports head the file; its statements become a method's body.
    List<String> imports = new ArrayList<>();
    List<String> body = new ArrayList<>();
    for (String line : block.group(1).split("\n")) {
      (line.startsWith("import ") ? imports : body).add(line);
    }
    assertThat(body).anyMatch(line -> line.contains("ImageEditsImageModel.builder("));
    Path source = dir.resolve("Example.java");
    Files.writeString(source, String.join("\n", imports)
        + "\nclass Example {\n  void run(String token, String base64Png) {\n"
        + String.join("\n", body) + "\n  }\n}\n");

    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter output = new StringWriter();
    // Surefire may start the tests from a manifest-only jar; this property holds the real path.
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    Boolean ok = compiler.getTask(output, null, null,
        List.of("-classpath", classPath, "-d", dir.toString(), "-proc:none", "-Xlint:none"),
        null, compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)
            .getJavaFileObjects(source.toFile())).call();
    assertThat(ok).as("javac says:%n%s", output).isTrue();
    assertThat(dir.resolve("Example.class")).exists();
    assertThat(classPath).as("compiled against LangChain4j itself").contains("langchain4j-core");
  }
}
