package io.github.imageedits.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.imageedits.ApiKey;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ProviderError;
import io.github.imageedits.ProviderException;
import io.github.imageedits.spi.TaskUpdate;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
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
 * A kit that every adapter passes proves nothing; this runs it against adapters with one defect
 * each (the static classes below, which Surefire does not pick up on their own) and checks that
 * exactly the checks about that defect fail.
 */
@DisplayName("The contract kit fails an adapter")
class KitCatchesBrokenAdaptersTest {
  private static final String ONLY_HERE =
      "io.github.imageedits.testkit.KitCatchesBrokenAdaptersTest#launchedHere";
  private static volatile boolean launching;

  /** The broken kits run only when this test launches them, not when a -Dtest pattern picks them up. */
  static boolean launchedHere() {
    return launching;
  }

  @Test
  @DisplayName("that sends files as application/octet-stream named 'file', as openai-java does for several images")
  void octetStreamParts() {
    assertThat(failures(OctetStreamParts.class)).containsExactlyInAnyOrder(
        "with one image as a part named image, with its file name, real content type and bytes",
        "with several images as repeated image[] parts, in order, each with its file name, real content type and bytes",
        "with an image held in memory under the file name the caller gave it",
        "with the mask as a PNG part named mask, or without it, as the model's capability says");
  }

  @Test
  @DisplayName("that drops the provider's trace id, as openai-java does")
  void dropsTraceId() {
    assertThat(failures(DropsTraceId.class)).containsExactlyInAnyOrder("the reply to an image URL");
  }

  @Test
  @DisplayName("that throws a plain ProviderException where a typed one is due")
  void untypedErrors() {
    assertThat(failures(UntypedErrors.class)).containsExactlyInAnyOrder(
        "401 invalid_api_key",
        "429 rate_limit_exceeded",
        "400 content_policy_violation",
        "and fails the future of editAsync with the same exception");
  }

  @Test
  @DisplayName("whose profile leaves out features its table declares")
  void profileMissesDeclaredFeatures() {
    assertThat(failures(ProfileMissesFeatures.class)).containsExactlyInAnyOrder(
        "lists the profile's models, and names a URL model exactly when it declares URL_IMAGES",
        "URL_IMAGES: sends one image URL as a JSON string when declared, refuses it before sending when not",
        "URL_IMAGES: sends several image URLs as one JSON array, in order, when declared, refuses them when not",
        "ASYNC_CALLBACK: sends callback_url and gives a pending result with the task id when declared, refuses it when not",
        "ASYNC_CALLBACK: completes a submitted task from its signed callback when declared, refuses before sending when not",
        "TASK_RETRIEVAL: resolves a task by its id by querying the provider when declared, refuses when not",
        "TASK_RETRIEVAL: fails a task still running at its deadline with EditTimeoutException naming it",
        "ASYNC_CALLBACK and TASK_RETRIEVAL: follows a task whose callback_url the caller set by querying it; refuses a task that could never complete");
  }

  @Test
  @DisplayName("that reads a finished task's callback as a failure")
  void callbackAsFailure() {
    assertThat(failures(CallbackAsFailure.class)).containsExactlyInAnyOrder(
        "ASYNC_CALLBACK: completes a submitted task from its signed callback when declared, refuses before sending when not");
  }

  @Test
  @DisplayName("that declares STREAMING but asks for a plain JSON reply")
  void streamsWithoutAskingForEvents() {
    assertThat(failures(StreamsWithoutAsking.class)).containsExactlyInAnyOrder(
        "STREAMING: sends stream=true for text/event-stream and delivers two partial images, then the completed"
            + " image, when declared; refuses before sending when not");
  }

  /** Runs {@code kit} and returns the display names of the checks that failed. */
  private static List<String> failures(Class<? extends ProviderContractKit> kit) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    // No auto-registered listeners: the build's own test reporter must not count these runs.
    LauncherConfig config = LauncherConfig.builder()
        .enableTestExecutionListenerAutoRegistration(false)
        .enableLauncherSessionListenerAutoRegistration(false)
        .enableLauncherDiscoveryListenerAutoRegistration(false)
        .enablePostDiscoveryFilterAutoRegistration(false)
        .build();
    launching = true;
    try {
      LauncherFactory.create(config).execute(
          LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kit)).build(), listener);
    } finally {
      launching = false;
    }
    TestExecutionSummary summary = listener.getSummary();
    assertThat(summary.getTestsSucceededCount()).as("checks that still pass").isGreaterThan(20);
    return summary.getFailures().stream().map(f -> f.getTestIdentifier().getDisplayName()).toList();
  }

  @EnabledIf(ONLY_HERE)
  static class OctetStreamParts extends ProviderContractKit {
    @Override
    protected ProviderAdapter adapter() {
      return new ReferenceAdapter(ReferenceAdapter.plain().capabilities()) {
        @Override
        public WireRequest toWire(PreparedEdit edit, ProviderContext context) {
          WireRequest wire = super.toWire(edit, context);
          if (!(wire.body() instanceof WireRequest.Multipart form)) return wire;
          List<WireRequest.Part> parts = form.parts().stream().map(p -> p instanceof WireRequest.FilePart f
              ? new WireRequest.FilePart(f.name(), "file", "application/octet-stream", f.source(), f.length())
              : p).toList();
          return WireRequest.builder()
              .method(wire.method())
              .url(wire.url())
              .headers(wire.headers())
              .body(new WireRequest.Multipart(parts))
              .build();
        }
      };
    }

    @Override
    protected ProviderProfile profile() {
      return ReferenceFixtures.plain().build();
    }
  }

  @EnabledIf(ONLY_HERE)
  static class DropsTraceId extends ProviderContractKit {
    @Override
    protected ProviderAdapter adapter() {
      return new ReferenceAdapter(ReferenceAdapter.featured().capabilities()) {
        @Override
        protected EditResult result(PreparedEdit edit, WireReply reply) {
          EditResult r = super.result(edit, reply);
          return r.toBuilder().traceId(null).build();
        }
      };
    }

    @Override
    protected ProviderProfile profile() {
      return ReferenceFixtures.featured().build();
    }
  }

  @EnabledIf(ONLY_HERE)
  static class CallbackAsFailure extends ProviderContractKit {
    @Override
    protected ProviderAdapter adapter() {
      return new ReferenceAdapter(ReferenceAdapter.featured().capabilities()) {
        @Override
        public TaskUpdate readCallback(WireReply payload) {
          TaskUpdate read = super.readCallback(payload);
          return TaskUpdate.failed(read.taskId(), new ProviderException(new ProviderError(name(), 500, "x", "x", null, null)));
        }
      };
    }

    @Override
    protected ProviderProfile profile() {
      return ReferenceFixtures.featured().build();
    }
  }

  @EnabledIf(ONLY_HERE)
  static class UntypedErrors extends ProviderContractKit {
    @Override
    protected ProviderAdapter adapter() {
      return new ReferenceAdapter(ReferenceAdapter.plain().capabilities()) {
        @Override
        protected ProviderException classify(ProviderError error) {
          return new ProviderException(error);
        }
      };
    }

    @Override
    protected ProviderProfile profile() {
      return ReferenceFixtures.plain().build();
    }
  }

  @EnabledIf(ONLY_HERE)
  static class ProfileMissesFeatures extends ProviderContractKit {
    @Override
    protected ProviderAdapter adapter() {
      return ReferenceAdapter.featured();
    }

    @Override
    protected ProviderProfile profile() {
      return ReferenceFixtures.plain().build();
    }
  }

  @EnabledIf(ONLY_HERE)
  static class StreamsWithoutAsking extends ProviderContractKit {
    @Override
    protected ProviderAdapter adapter() {
      return new ReferenceAdapter(ReferenceAdapter.featured().capabilities()) {
        @Override
        public WireRequest toStreamingWire(PreparedEdit edit, ProviderContext context) {
          return toWire(edit, context); // forgets stream=true and Accept: text/event-stream
        }
      };
    }

    @Override
    protected ProviderProfile profile() {
      return ReferenceFixtures.featured().build();
    }
  }
}
