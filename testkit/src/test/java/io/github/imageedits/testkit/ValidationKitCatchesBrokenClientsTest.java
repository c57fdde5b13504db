package io.github.imageedits.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.imageedits.ApiKey;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.spi.ProviderAdapter;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the validation kit against a client that shows the reference table but validates against
 * permissive models (so it sends what it should refuse), and checks that the refusals fail.
 */
@DisplayName("The validation kit fails a client")
class ValidationKitCatchesBrokenClientsTest {
  private static final String ONLY_HERE =
      "io.github.imageedits.testkit.ValidationKitCatchesBrokenClientsTest#launchedHere";
  private static volatile boolean launching;

  /** The broken kit runs only when this test launches it, not when a -Dtest pattern picks it up. */
  static boolean launchedHere() {
    return launching;
  }

  @Test
  @DisplayName("that accepts and sends what its table rules out")
  void sendsWhatItShouldRefuse() {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherConfig config = LauncherConfig.builder()
        .enableTestExecutionListenerAutoRegistration(false)
        .enableLauncherSessionListenerAutoRegistration(false)
        .enableLauncherDiscoveryListenerAutoRegistration(false)
        .enablePostDiscoveryFilterAutoRegistration(false)
        .build();
    launching = true;
    try {
      LauncherFactory.create(config).execute(
          LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Permissive.class)).build(), listener);
    } finally {
      launching = false;
    }
    TestExecutionSummary summary = listener.getSummary();
    List<String> failures = summary.getFailures().stream().map(f -> f.getTestIdentifier().getDisplayName()).toList();

    assertThat(failures).contains(
        "a prompt of 1001 characters (at most 1000)",
        "5 images (at most 4)",
        "size 7x7 (outside the size rule)",
        "quality 'kit-unlisted-value' (not an allowed value)",
        "strict: mask set (the model ignores it)",
        "bad: a quality not listed",
        "message: the prompt limit");
    assertThat(failures).as("a plain request still passes").doesNotContain(
        "a plain request passes check() with no error and no warning", "good: ref-image-1");
    assertThat(summary.getTestsSucceededCount()).as("checks that still pass").isGreaterThan(5);
  }

  /** Shows the featured reference table, but checks and sends by permissive models. */
  @EnabledIf(ONLY_HERE)
  static class Permissive extends ValidationKit {
    @Override
    protected String casesResource() {
      return "io/github/imageedits/testkit/validation-cases.jsonl";
    }

    @Override
    protected ProviderAdapter adapter() {
      return ReferenceAdapter.featured();
    }

    @Override
    ImageEditClient newClient(URI baseUrl, ApiKey apiKey) {
      CapabilityTable shown = adapter().capabilities();
      ImageEdits.Builder lax = ImageEdits.builder().provider(adapter()).baseUrl(baseUrl.toString()).apiKey(apiKey)
          .retryPolicy(RetryPolicy.none());
      shown.models().keySet().forEach(model -> lax.model(ModelCapability.builder(model).urlImages(true).build()));
      return new ForwardingClient(lax.build()) {
        @Override
        public CapabilityTable capabilities() {
          return shown; // what the kit derives its cases from; check() and edit() use the lax models
        }
      };
    }
  }
}
