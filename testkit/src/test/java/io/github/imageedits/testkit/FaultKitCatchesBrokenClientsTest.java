package io.github.imageedits.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectNestedMethod;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.ProviderAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The fault kit against clients with one defect each (the static classes below, which run only
 * when this test launches them): the checks about that defect, and only those, must fail.
 */
@DisplayName("The fault kit fails a client")
class FaultKitCatchesBrokenClientsTest {
  private static final String ONLY_HERE =
      "io.github.imageedits.testkit.FaultKitCatchesBrokenClientsTest#launchedHere";
  private static volatile boolean launching;
  private static volatile Socket leakedSocket;
  private static volatile Thread leakedThread;

  static boolean launchedHere() {
    return launching;
  }

  @Test
  @DisplayName("that silently sends again a request the provider may already have processed")
  void resendsProcessedRequests() {
    TestExecutionSummary summary = run(selectClass(ResendsProcessed.class));
    assertThat(failures(summary)).containsExactlyInAnyOrder(
        "dropped after the upload, before the reply: not sent again, and the error says the edit may have been made",
        "dropped in the middle of the reply: a TransportException, not sent again",
        "a reply that never comes: the request's read timeout ends it with an EditTimeoutException",
        "a reply that trickles in: the request's call timeout ends it with an EditTimeoutException",
        "truncated JSON: a typed error, not sent again",
        "malformed JSON: a typed error, not sent again",
        "an empty 200: a typed error, not sent again",
        "a wrong content type: JSON labelled text/html is read; an image where JSON belongs is a typed error");
    assertThat(summary.getTestsSucceededCount()).as("checks that still pass").isEqualTo(9);
  }

  @Test
  @DisplayName("that leaves a connection open")
  void leaksAConnection() throws IOException {
    try {
      TestExecutionSummary summary = run(
          selectNestedMethod(List.of(LeaksConnection.class), ProviderFaultKit.BrokenReplies.class, "successFalse"));
      assertThat(failures(summary)).containsExactly("a 200 that says success:false: a ProviderException, not sent again");
      assertThat(summary.getFailures().get(0).getException()).hasMessageContaining("client sockets: 2 open");
    } finally {
      if (leakedSocket != null) leakedSocket.close();
    }
  }

  @Test
  @DisplayName("that leaves a thread running")
  void leaksAThread() {
    try {
      TestExecutionSummary summary = run(
          selectNestedMethod(List.of(LeaksThread.class), ProviderFaultKit.BrokenReplies.class, "successFalse"));
      assertThat(failures(summary)).containsExactly("a 200 that says success:false: a ProviderException, not sent again");
      assertThat(summary.getFailures().get(0).getException()).hasMessageContaining("leaky-worker");
    } finally {
      if (leakedThread != null) leakedThread.interrupt();
    }
  }

  private static List<String> failures(TestExecutionSummary summary) {
    return summary.getFailures().stream().map(f -> f.getTestIdentifier().getDisplayName()).toList();
  }

  private static TestExecutionSummary run(DiscoverySelector selector) {
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
          LauncherDiscoveryRequestBuilder.request().selectors(selector).build(), listener);
    } finally {
      launching = false;
    }
    return listener.getSummary();
  }

  /** Sends an edit again whenever the transport failed after sending: pays twice, silently. */
  @EnabledIf(ONLY_HERE)
  static class ResendsProcessed extends ProviderFaultKit {
    @Override
    ImageEditClient newClient(ClientSetup setup) {
      return new ForwardingClient(super.newClient(setup)) {
        @Override
        public EditResult edit(EditRequest request) {
          try {
            return delegate.edit(request);
          } catch (TransportException e) {
            if (!e.requestMayHaveBeenProcessed()) throw e;
            return delegate.edit(request);
          }
        }
      };
    }

    @Override
    protected ProviderAdapter adapter() {
      return ReferenceAdapter.plain();
    }

    @Override
    protected ProviderProfile profile() {
      return ReferenceFixtures.plain().build();
    }
  }

  /** Opens a connection to the provider and forgets it. */
  @EnabledIf(ONLY_HERE)
  static class LeaksConnection extends ProviderFaultKit {
    @Override
    ImageEditClient newClient(ClientSetup setup) {
      try {
        leakedSocket = setup.http().socketFactory().createSocket(setup.baseUrl().getHost(), setup.baseUrl().getPort());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return super.newClient(setup);
    }

    @Override
    protected ProviderAdapter adapter() {
      return ReferenceAdapter.plain();
    }

    @Override
    protected ProviderProfile profile() {
      return ReferenceFixtures.plain().build();
    }
  }

  /** Starts a worker thread and never stops it. */
  @EnabledIf(ONLY_HERE)
  static class LeaksThread extends ProviderFaultKit {
    @Override
    ImageEditClient newClient(ClientSetup setup) {
      Thread worker = new Thread(() -> {
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          // stopped by the test that launched this kit
        }
      }, "leaky-worker");
      worker.setDaemon(true);
      worker.start();
      leakedThread = worker;
      return super.newClient(setup);
    }

    @Override
    protected ProviderAdapter adapter() {
      return ReferenceAdapter.plain();
    }

    @Override
    protected ProviderProfile profile() {
      return ReferenceFixtures.plain().build();
    }
  }
}
