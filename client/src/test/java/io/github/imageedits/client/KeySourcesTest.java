package io.github.imageedits.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The library takes a key only from its caller ({@code apiKey(...)}): no class of the library reads
 * the environment, so no variable the user did not mean for it is ever sent. The command-line tool
 * (another module) reads exactly ACEDATA_API_TOKEN and CHAINHUB_API_KEY; its own test checks that.
 */
@DisplayName("Keys come only from explicit configuration")
class KeySourcesTest {

  @Test
  @DisplayName("no library class reads an environment variable")
  void noEnvironment() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.github.imageedits");
    assertThat(classes.stream().map(c -> c.getPackageName()).distinct())
        .contains("io.github.imageedits", "io.github.imageedits.spi", "io.github.imageedits.acedata",
            "io.github.imageedits.chainhub", "io.github.imageedits.transport.retrofit", "io.github.imageedits.client");
    noClasses().should().callMethod(System.class, "getenv")
        .orShould().callMethod(System.class, "getenv", String.class)
        .because("a key is configured explicitly with apiKey(...), never picked up from the environment")
        .check(classes);
  }
}
