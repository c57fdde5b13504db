package io.github.imageedits.capability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.EditRequest;
import io.github.imageedits.IgnoredOptionPolicy;
import io.github.imageedits.ImageSize;
import io.github.imageedits.Option;
import io.github.imageedits.TestImages;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.Violation;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Support#ADAPTED}: the value is checked and kept, with a warning under both policies; and
 * {@link SizeRule#ratios}, the size rule of providers that take aspect ratios.
 */
@DisplayName("An adapted option and the aspect-ratio size rule")
class AdaptedOptionTest {
  @TempDir Path dir;

  private static final CapabilityTable TABLE = CapabilityTable.builder("ratios")
      .model(ModelCapability.builder("r-1")
          .sizeRule(SizeRule.ratios(4096, "1:1", "3:2", "2:3", "16:9"))
          .option(Option.SIZE, Support.ADAPTED)
          .build())
      .build();

  private EditRequest.Builder request(String size) {
    return EditRequest.builder().model("r-1").prompt("p")
        .image(TestImages.png(dir, "a.png", 16, 16, false)).size(ImageSize.parse(size));
  }

  @Test
  @DisplayName("keeps an adapted size that fits the rule, warning under the lenient and the strict policy alike")
  void keptWithWarning() {
    for (IgnoredOptionPolicy policy : IgnoredOptionPolicy.values()) {
      EditRequest request = request("1536x1024").ignoredOptions(policy).build();
      ValidationReport report = RequestValidator.check(request, TABLE);
      assertThat(report.errors()).as("%s", policy).isEmpty();
      assertThat(report.warnings()).extracting(Violation::field).containsExactly("size");
      assertThat(report.warnings().get(0).message()).contains("1536x1024").contains("translates");
      EditRequest kept = RequestValidator.prepare(request, TABLE, (r, c, infos, mask, warnings) -> r);
      assertThat(kept.size()).isEqualTo(ImageSize.parse("1536x1024"));
    }
  }

  @Test
  @DisplayName("still refuses an adapted value that breaks the model's rule")
  void checked() {
    ValidationReport report = RequestValidator.check(request("1792x1024").build(), TABLE);
    assertThat(report.errors()).extracting(Violation::field).containsExactly("size");
    assertThat(report.errors().get(0).message()).contains("aspect ratios 16:9, 1:1, 2:3, 3:2");
  }

  @Test
  @DisplayName("the ratio rule: auto, empty and exact ratios up to the longest side pass; others fail")
  void ratios() {
    SizeRule rule = SizeRule.ratios(2048, "1:1", "16:9");
    assertThat(rule.check(ImageSize.AUTO)).isEmpty();
    assertThat(rule.check(ImageSize.EMPTY)).isEmpty();
    assertThat(rule.check(ImageSize.of(1024, 1024))).isEmpty();
    assertThat(rule.check(ImageSize.of(1920, 1080))).isEmpty();
    assertThat(rule.check(ImageSize.of(4096, 4096))).isPresent();
    assertThat(rule.check(ImageSize.of(1000, 999))).isPresent();
    assertThat(rule.check(ImageSize.parse("large"))).isPresent();
    assertThat(SizeRule.Ratios.ratioOf(ImageSize.of(1536, 1024))).isEqualTo("3:2");
    assertThat(SizeRule.Ratios.ratioOf(ImageSize.parse("auto"))).isNull();
  }
}
