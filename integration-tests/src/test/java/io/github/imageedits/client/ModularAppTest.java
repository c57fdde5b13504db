package io.github.imageedits.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.emulator.ReceivedEdit;
import io.github.imageedits.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * An application that is itself a module compiles against the library's modules and runs on the
 * module path with nothing but {@code -m}: no {@code --add-modules}, no {@code --add-opens}. Its
 * module path holds what a build tool gives an application depending on the client and the AceData
 * adapter (see {@link #applicationModulePath}), so a run-time dependency that no module descriptor
 * requires (Dagger's {@code jakarta.inject}, the transport's OkHttp) fails here as it would for a
 * user. The emulator serves the edit from this JVM; the app runs in a fork.
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
    String modulePath = applicationModulePath("io.github.imageedits:imageedits-client",
        "io.github.imageedits:imageedits-adapters-acedata");
    // On the path, as for any user; the question is whether a module descriptor resolves them.
    assertThat(modulePath).contains("jakarta.inject-api", "okhttp-jvm", "retrofit", "moshi", "dagger");
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
      assertThat(process.exitValue())
          .as("exit status; the app printed:%n%s%non the module path %s", output, modulePath).isZero();
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
  /**
   * The given artifacts and, transitively, the compile and runtime dependencies their POMs declare,
   * each taken from this test's class path, so in the versions this build resolved: what Maven puts
   * on an application's path. Not this module's own runtime resolution: its test tools may pin one
   * of those jars at test scope, which would take it off that path. A dependency that is not on
   * the class path (one the build excludes, such as OkHttp 4 under Retrofit) is left out.
   */
  private static String applicationModulePath(String... roots) throws Exception {
    Map<String, Path> entries = new HashMap<>();
    Map<String, Element> poms = new HashMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      Path pom = pomOf(path);
      if (pom == null) continue;
      Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(pom.toFile()).getDocumentElement();
      String key = groupId(project) + ":" + text(project, "artifactId");
      entries.putIfAbsent(key, path);
      poms.putIfAbsent(key, project);
    }
    Set<String> included = new LinkedHashSet<>();
    Deque<String> pending = new ArrayDeque<>(List.of(roots));
    while (!pending.isEmpty()) {
      String key = pending.pop();
      if (!entries.containsKey(key) || !included.add(key)) continue;
      Element project = poms.get(key);
      for (Element dependency : children(first(project, "dependencies"), "dependency")) {
        String scope = Objects.requireNonNullElse(text(dependency, "scope"), "compile");
        if ((scope.equals("compile") || scope.equals("runtime")) && !"true".equals(text(dependency, "optional"))) {
          pending.add(text(dependency, "groupId").replace("${project.groupId}", groupId(project))
              + ":" + text(dependency, "artifactId"));
        }
      }
    }
    assertThat(included).as("on the test class path").contains(roots);
    return included.stream().map(key -> entries.get(key).toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** A reactor module's pom.xml (for its target/classes or jar), or a local repository's .pom. */
  private static Path pomOf(Path entry) {
    Path parent = entry.getParent();
    if (parent != null && parent.getFileName().toString().equals("target")
        && (entry.toString().endsWith(".jar") || entry.getFileName().toString().equals("classes"))) {
      Path pom = parent.resolveSibling("pom.xml");
      return Files.isRegularFile(pom) ? pom : null;
    }
    String name = entry.getFileName().toString();
    if (!name.endsWith(".jar")) return null;
    Path pom = entry.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".pom");
    return Files.isRegularFile(pom) ? pom : null;
  }

  private static String groupId(Element project) {
    String groupId = text(project, "groupId");
    return groupId != null ? groupId : text(first(project, "parent"), "groupId");
  }

  private static String text(Element parent, String name) {
    Element element = first(parent, name);
    return element == null ? null : element.getTextContent().strip();
  }

  private static Element first(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  /** Direct children only: a POM's dependencyManagement also has dependency elements. */
  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    if (parent == null) return found;
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) found.add(element);
    }
    return found;
  }
}
