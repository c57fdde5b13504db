package io.github.imageedits.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of DESIGN.md, enforced over the compiled classes of every module this module
 * sees: core depends on the JDK only, adapters never on each other nor on a transport, and nothing
 * reaches into a transport's internals.
 */
@DisplayName("Dependencies point inward")
class DependencyRulesTest {
  private static final String[] CORE = {
    "io.github.imageedits", "io.github.imageedits.capability..",
    "io.github.imageedits.image..", "io.github.imageedits.spi.."
  };
  private static final String[] ADAPTERS = {
    "io.github.imageedits.acedata..", "io.github.imageedits.chainhub..", "io.github.imageedits.openai..",
    "io.github.imageedits.azure.."
  };
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.github.imageedits");
    assertThat(classes.stream().map(c -> c.getPackageName()).distinct())
        .as("the rule must see every module's classes")
        .contains("io.github.imageedits", "io.github.imageedits.spi",
            "io.github.imageedits.acedata", "io.github.imageedits.chainhub", "io.github.imageedits.openai",
            "io.github.imageedits.azure",
            "io.github.imageedits.transport.retrofit", "io.github.imageedits.client");
  }

  @Test
  @DisplayName("core imports nothing outside java.* and javax.*")
  void coreIsPure() {
    classes().that().resideInAnyPackage(CORE)
        .should().onlyDependOnClassesThat().resideInAnyPackage(concat(CORE, "java..", "javax.."))
        .check(classes);
  }

  @Test
  @DisplayName("core declares no dependency other than test-scoped ones")
  void corePomHasNoRuntimeDependency() throws Exception {
    Path pom = Path.of("..", "core", "pom.xml");
    String xml = Files.readString(pom);
    Matcher dependency = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(xml);
    while (dependency.find()) {
      assertThat(dependency.group(1))
          .as("every dependency of core/pom.xml must be test-scoped")
          .contains("<scope>test</scope>");
    }
  }

  @Test
  @DisplayName("adapters never import each other")
  void adaptersAreIndependent() {
    for (String adapter : ADAPTERS) {
      String[] others = java.util.Arrays.stream(ADAPTERS).filter(a -> !a.equals(adapter)).toArray(String[]::new);
      noClasses().that().resideInAPackage(adapter)
          .should().dependOnClassesThat().resideInAnyPackage(others)
          .check(classes);
    }
  }

  @Test
  @DisplayName("adapters depend on core only, not on a transport")
  void adaptersDoNotKnowTheTransport() {
    noClasses().that().resideInAnyPackage(ADAPTERS)
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.github.imageedits.transport..", "retrofit2..", "okhttp3..", "com.squareup..")
        .check(classes);
  }

  @Test
  @DisplayName("nothing outside the transport imports its internals")
  void transportInternalsStayInside() {
    noClasses().that().resideOutsideOfPackage("io.github.imageedits.transport.retrofit..")
        .should().dependOnClassesThat().resideInAPackage("io.github.imageedits.transport.retrofit.internal..")
        .check(classes);
  }

  @Test
  @DisplayName("no library class reads an environment variable: a key comes only from apiKey(...)")
  void keysOnlyFromExplicitConfiguration() {
    // The command-line tool (another module) reads its providers' keys (ACEDATA_API_TOKEN, CHAINHUB_API_KEY,
    // AZURE_OPENAI_API_KEY) and settings;
    // its CliCanaryTest checks that. The library itself never picks a key up on its own.
    noClasses().should().callMethod(System.class, "getenv")
        .orShould().callMethod(System.class, "getenv", String.class)
        .check(classes);
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
