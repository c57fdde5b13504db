package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.acedata.AceData;
import io.github.imageedits.azure.AzureOpenAi;
import io.github.imageedits.chainhub.ChainHub;
import io.github.imageedits.fal.Fal;
import io.github.imageedits.gemini.Gemini;
import io.github.imageedits.langchain4j.ImageEditsImageModel;
import io.github.imageedits.openai.OpenAi;
import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.micrometer.MicrometerEditObserver;
import io.github.imageedits.spring.ImageEditsAutoConfiguration;
import io.github.imageedits.testkit.ProviderContractKit;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kotlin.sequences.SequencesKt;
import kotlinx.validation.api.ClassBinarySignature;
import kotlinx.validation.api.KotlinSignaturesLoadingKt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each published module's public API, recorded in {@code <module>/api/<artifactId>.api} and checked
 * on every build, the way OkHttp records {@code okhttp/api/okhttp.api}: a change to a public or
 * protected signature fails here until someone reviews it and accepts it with
 * {@code ./mvnw -B verify -Dimageedits.api.update=true}, which rewrites the files (the diff then
 * shows up in review). The dump is JetBrains' binary-compatibility-validator, used as a library.
 * Packages with an {@code internal} segment are not API and are left out, and so are the factories
 * Dagger generates.
 */
@DisplayName("The public API of each published module matches its checked-in record")
class PublicApiTest {
  private static final String UPDATE_PROPERTY = "imageedits.api.update";
  private static final String DAGGER_GENERATED = "dagger/internal/DaggerGenerated";
  private static final String UPDATE_COMMAND = "./mvnw -B verify -D" + UPDATE_PROPERTY + "=true";

  /** One row per published module: its directory, its artifact and one class it ships. */
  static Stream<Arguments> publishedModules() {
    return Stream.of(
        module("core", "imageedits-core", ImageEditClient.class),
        module("transport-retrofit", "imageedits-transport-retrofit", RetrofitTransport.class),
        module("adapters-acedata", "imageedits-adapters-acedata", AceData.class),
        module("adapters-chainhub", "imageedits-adapters-chainhub", ChainHub.class),
        module("adapters-openai", "imageedits-adapters-openai", OpenAi.class),
        module("adapters-azure", "imageedits-adapters-azure", AzureOpenAi.class),
        module("adapters-gemini", "imageedits-adapters-gemini", Gemini.class),
        module("adapters-fal", "imageedits-adapters-fal", Fal.class),
        module("client", "imageedits-client", ImageEdits.class),
        module("langchain4j", "imageedits-langchain4j", ImageEditsImageModel.class),
        module("observation-micrometer", "imageedits-micrometer", MicrometerEditObserver.class),
        module("spring-boot-starter", "imageedits-spring-boot-starter", ImageEditsAutoConfiguration.class),
        module("emulator", "imageedits-emulator", ProviderEmulator.class),
        module("testkit", "imageedits-testkit", ProviderContractKit.class));
  }

  private static Arguments module(String directory, String artifactId, Class<?> shipped,
      String... notApi) {
    return Arguments.of(directory, artifactId, shipped, List.of(notApi));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("publishedModules")
  void apiMatchesRecord(String directory, String artifactId, Class<?> shipped, List<String> notApi)
      throws IOException {
    Path record = repositoryRoot().resolve(directory).resolve("api").resolve(artifactId + ".api");
    String actual = dumpApi(classesOf(shipped), notApi);

    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      Files.createDirectories(record.getParent());
      Files.writeString(record, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(record)) {
      fail("No API record " + record + " for " + artifactId + ". Create it with: " + UPDATE_COMMAND);
    }
    String expected = Files.readString(record, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      fail("The public API of " + artifactId + " changed. If the change is intended, accept it with\n  "
          + UPDATE_COMMAND + "\nand commit " + repositoryRoot().relativize(record) + ".\n\n"
          + unifiedDiff(directory + "/api/" + artifactId + ".api", expected, actual));
    }
  }

  /** The dump must describe real classes: an empty record would guard nothing. */
  @ParameterizedTest(name = "{1}")
  @MethodSource("publishedModules")
  void dumpListsTheEntryType(String directory, String artifactId, Class<?> shipped, List<String> notApi)
      throws IOException {
    assertThat(dumpApi(classesOf(shipped), notApi))
        .containsPattern("(class|interface) " + Pattern.quote(shipped.getName().replace('.', '/')) + " ");
  }

  private static String dumpApi(Path classes, List<String> notApi) throws IOException {
    List<ClassBinarySignature> signatures;
    List<String> classFiles = new ArrayList<>(); // slash-separated, relative to the root
    if (Files.isDirectory(classes)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(classes)) {
        files = walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
      }
      files.forEach(f -> classFiles.add(classes.relativize(f).toString().replace('\\', '/')));
      Iterator<InputStream> streams = files.stream().map(PublicApiTest::open).iterator();
      signatures = KotlinSignaturesLoadingKt.loadApiFromJvmClasses(
          SequencesKt.asSequence(streams), name -> true);
    } else {
      try (JarFile jar = new JarFile(classes.toFile())) {
        jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).forEach(classFiles::add);
        signatures = KotlinSignaturesLoadingKt.loadApiFromJvmClasses(jar, name -> true);
      }
    }
    Set<String> nonPublicPackages = new TreeSet<>(notApi);
    for (String file : classFiles) {
      String pkg = file.substring(0, Math.max(0, file.lastIndexOf('/'))).replace('/', '.');
      if (List.of(pkg.split("\\.")).contains("internal")) {
        nonPublicPackages.add(pkg);
      }
    }
    List<ClassBinarySignature> api =
        KotlinSignaturesLoadingKt.filterOutNonPublic(signatures, nonPublicPackages, List.of());
    // Dagger makes the factories it generates public, next to package-private engine classes
    // whose types they name: unusable from outside, and not ours to design.
    api = KotlinSignaturesLoadingKt.filterOutAnnotated(api, Set.of(DAGGER_GENERATED));
    return KotlinSignaturesLoadingKt.dump(api, new StringBuilder()).toString();
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where a module's classes are on this test's class path: its target/classes or its jar. */
  private static Path classesOf(Class<?> shipped) {
    try {
      return Path.of(shipped.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path repositoryRoot() {
    // Surefire runs in the module's directory, integration-tests/.
    return Path.of("").toAbsolutePath().getParent();
  }

  private static String unifiedDiff(String name, String expected, String actual) {
    List<String> before = expected.lines().toList();
    List<String> after = actual.lines().toList();
    List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(
        "a/" + name, "b/" + name, before, DiffUtils.diff(before, after), 3);
    return String.join("\n", new ArrayList<>(diff));
  }
}
