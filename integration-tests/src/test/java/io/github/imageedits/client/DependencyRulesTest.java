package io.github.imageedits.client;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The architecture, enforced over the compiled classes of every module this module sees: core
 * depends on the JDK only (and JSpecify's annotations), no package cycles, the SPI holds ports and
 * no engine, adapters and the kit use only API and SPI, and an internal package stays inside its
 * module.
 */
@DisplayName("Dependencies point inward")
class DependencyRulesTest {
  private static final String[] CORE = {
    "io.github.imageedits", "io.github.imageedits.capability..",
    "io.github.imageedits.image..", "io.github.imageedits.spi.."
  };
  /** Compile-only nullness annotations: allowed everywhere, needed nowhere at run time. */
  private static final String JSPECIFY = "org.jspecify.annotations..";
  private static final String[] ADAPTERS = {
    "io.github.imageedits.acedata..", "io.github.imageedits.chainhub..", "io.github.imageedits.openai..",
    "io.github.imageedits.azure..", "io.github.imageedits.gemini..", "io.github.imageedits.fal.."
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
            "io.github.imageedits.azure", "io.github.imageedits.gemini", "io.github.imageedits.fal",
            "io.github.imageedits.transport.retrofit", "io.github.imageedits.client",
            "io.github.imageedits.testkit");
  }

  @Test
  @DisplayName("core imports nothing outside java.*, javax.* and JSpecify's annotations")
  void coreIsPure() {
    classes().that().resideInAnyPackage(CORE)
        .should().onlyDependOnClassesThat().resideInAnyPackage(concat(CORE, "java..", "javax..", JSPECIFY))
        .check(classes);
  }

  @Test
  @DisplayName("core declares no run-time dependency: test-scoped ones, and JSpecify compile-only")
  void corePomHasNoRuntimeDependency() throws Exception {
    Path pom = Path.of("..", "core", "pom.xml");
    String xml = Files.readString(pom);
    Matcher dependency = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(xml);
    while (dependency.find()) {
      String declared = dependency.group(1);
      if (declared.contains("<artifactId>jspecify</artifactId>")) {
        assertThat(declared).as("JSpecify must stay compile-only in core/pom.xml")
            .contains("<scope>provided</scope>");
      } else {
        assertThat(declared)
            .as("every other dependency of core/pom.xml must be test-scoped")
            .contains("<scope>test</scope>");
      }
    }
  }

  @Test
  @DisplayName("no package cycles across io.github.imageedits")
  void noPackageCycles() {
    // One slice per package, the root package (the API for apps) included. One edge is allowed:
    // the API names the capability types a client reports (ImageEditClient.capabilities()), while
    // capability's rules speak the API's vocabulary (Option, EditRequest, Violation). Every other
    // edge between packages must point one way.
    slices().assignedFrom(new SliceAssignment() {
          @Override
          public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return javaClass.getPackageName().startsWith("io.github.imageedits")
                ? SliceIdentifier.of(javaClass.getPackageName()) : SliceIdentifier.ignore();
          }

          @Override
          public String getDescription() {
            return "packages of io.github.imageedits";
          }
        })
        .should().beFreeOfCycles()
        .ignoreDependency(resideInAPackage("io.github.imageedits"),
            resideInAPackage("io.github.imageedits.capability"))
        .check(classes);
  }

  @Test
  @DisplayName("the SPI holds ports: it references no engine, client, transport or internal code")
  void spiIsPortsOnly() {
    noClasses().that().resideInAPackage("io.github.imageedits.spi..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.github.imageedits.client..", "io.github.imageedits.transport..",
            "io.github.imageedits.testkit..", "..internal..")
        .check(classes);
  }

  @Test
  @DisplayName("adapters use only the API and the SPI (and the JDK)")
  void adaptersUseOnlyApiAndSpi() {
    for (String adapter : ADAPTERS) {
      classes().that().resideInAPackage(adapter)
          .should().onlyDependOnClassesThat().resideInAnyPackage(concat(CORE, adapter, "java..", JSPECIFY))
          .check(classes);
    }
  }

  @Test
  @DisplayName("the kit uses the API, the SPI and the public ImageEdits builder, never the engine")
  void kitUsesNoEngine() {
    DescribedPredicate<JavaClass> engine = resideInAPackage("io.github.imageedits.client..")
        .and(not(belongTo(equivalentTo(ImageEdits.class))))
        .as("are the engine (client classes other than ImageEdits and its builder)");
    // The emulator package is moving to a module of its own; it is held to the same rule there.
    noClasses().that().resideInAPackage("io.github.imageedits.testkit..")
        .should().dependOnClassesThat(engine)
        .orShould().dependOnClassesThat(resideInAPackage("..internal..")
            .and(not(resideInAPackage("io.github.imageedits.testkit.internal.."))))
        .check(classes);
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
