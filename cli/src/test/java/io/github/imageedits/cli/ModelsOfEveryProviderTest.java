package io.github.imageedits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.client.ImageEdits;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code imageedit models --provider X} for every provider the CLI offers, against the library's tables. */
@DisplayName("imageedit models, for every provider")
class ModelsOfEveryProviderTest {
  @ParameterizedTest(name = "{0}")
  @EnumSource(ProviderChoice.class)
  @DisplayName("prints one row per model of the provider's capability table, the default model among them, sending nothing")
  void everyModel(ProviderChoice choice) {
    ImageEditCommandTest.Run run = ImageEditCommandTest.run(Map.of(), "models", "--provider",
        choice.name().toLowerCase(Locale.ROOT));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    Set<String> models = ImageEdits.capabilities(choice.adapterName).models().keySet();
    assertThat(models).contains(choice.defaultModel);
    List<String> lines = run.stdout().lines().toList();
    assertThat(models).allSatisfy(model ->
        assertThat(lines).as("%s's row for %s", choice, model).anyMatch(l -> l.startsWith(model + " ")));
  }
}
