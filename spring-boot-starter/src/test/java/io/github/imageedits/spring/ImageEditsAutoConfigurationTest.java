package io.github.imageedits.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.imageedits.EditResult;
import io.github.imageedits.FallbackClient;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ProviderException;
import io.github.imageedits.TransportException;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.emulator.Fault;
import io.github.imageedits.emulator.ProviderEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The auto-configuration in cheap contexts (no server): each property reaches the client, checked
 * by what the client then does against the emulator; each condition; and each wrong property
 * stopping the start with its name and without a request.
 */
@DisplayName("ImageEditsAutoConfiguration")
class ImageEditsAutoConfigurationTest {
  private static final String KEY_CANARY = "sk-canary-7c1e";
  private static ProviderEmulator aceData;
  private static ProviderEmulator chainHub;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ImageEditsAutoConfiguration.class));

  @BeforeAll
  static void startEmulators() {
    aceData = ProviderEmulator.builder().build();
    aceData.start();
    chainHub = ProviderEmulator.builder().dialect(ProviderEmulator.Dialect.CHAINHUB).build();
    chainHub.start();
  }

  @AfterAll
  static void stopEmulators() {
    aceData.close();
    chainHub.close();
  }

  @BeforeEach
  void reset() {
    aceData.reset();
    chainHub.reset();
  }

  private ApplicationContextRunner aceData(String... more) {
    return runner.withPropertyValues("imageedits.provider=acedata",
            "imageedits.api-key=" + aceData.token(), "imageedits.base-url=" + aceData.baseUrl(),
            "imageedits.retry.initial-delay=10ms")
        .withPropertyValues(more);
  }

  // ---- conditions ----

  @Test
  @DisplayName("no imageedits.provider: no client bean, and nothing fails")
  void noProviderNoBean() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(ImageEditClient.class);
      assertThat(context).hasSingleBean(ImageEditsProperties.class);
    });
  }

  @Test
  @DisplayName("provider, api-key and base-url: one client that edits at that URL with that key")
  void clientFromProperties() {
    aceData().run(context -> {
      assertThat(context).hasSingleBean(ImageEditClient.class);
      ImageEditClient client = context.getBean(ImageEditClient.class);
      assertThat(client.provider()).isEqualTo("acedata");
      // The emulator answers 401 to any other key, and only listens at its base URL.
      EditResult result = client.edit(TestImages.request());
      assertThat(result.provider()).isEqualTo("acedata");
      assertThat(result.images()).hasSize(1);
      assertThat(aceData.receivedEdits()).hasSize(1);
    });
  }

  @Test
  @DisplayName("the client is closed with the context")
  void closedWithContext() {
    List<ImageEditClient> seen = new ArrayList<>();
    aceData().run(context -> seen.add(context.getBean(ImageEditClient.class)));
    assertThatThrownBy(() -> seen.get(0).edit(TestImages.request())).hasMessageContaining("closed");
    assertThat(aceData.requestCount()).isZero();
  }

  @Test
  @DisplayName("the application's own ImageEditClient bean wins")
  void ownBeanWins() {
    aceData().withUserConfiguration(OwnClient.class).run(context -> {
      assertThat(context).hasSingleBean(ImageEditClient.class);
      assertThat(context.getBean(ImageEditClient.class)).isSameAs(context.getBean(OwnClient.class).client);
    });
  }

  @Test
  @DisplayName("imageedits.fallback: a FallbackClient that moves on when the main provider answers 503")
  void fallbackList() {
    aceData.enqueueFault(Fault.status(503));
    aceData("imageedits.retry.max-attempts=1",
        "imageedits.fallback[0].provider=chainhub",
        "imageedits.fallback[0].api-key=" + chainHub.token(),
        "imageedits.fallback[0].base-url=" + chainHub.baseUrl())
        .run(context -> {
          ImageEditClient client = context.getBean(ImageEditClient.class);
          assertThat(client).isInstanceOf(FallbackClient.class);
          assertThat(((FallbackClient) client).clients()).extracting(ImageEditClient::provider)
              .containsExactly("acedata", "chainhub");
          assertThat(client.edit(TestImages.request()).provider()).isEqualTo("chainhub");
          assertThat(aceData.requestCount()).as("max-attempts=1: the 503 is not retried").isEqualTo(1);
          assertThat(chainHub.receivedEdits()).hasSize(1);
        });
  }

  @Test
  @DisplayName("each ImageEditsBuilderCustomizer bean adjusts every client built, fallback ones too")
  void customizers() {
    aceData("imageedits.fallback[0].provider=chainhub", "imageedits.fallback[0].api-key=" + chainHub.token())
        .withUserConfiguration(Customizing.class)
        .run(context -> assertThat(context.getBean(Customizing.class).customized).hasSize(2));
  }

  // ---- properties ----

  @Test
  @DisplayName("imageedits.retry.*: max-attempts, initial-delay and statuses decide what is retried")
  void retryProperties() {
    aceData.enqueueFault(Fault.status(503));
    aceData.enqueueFault(Fault.status(503));
    aceData("imageedits.retry.max-attempts=2", "imageedits.retry.initial-delay=5ms",
        "imageedits.retry.max-delay=20ms").run(context -> {
          assertThatThrownBy(() -> context.getBean(ImageEditClient.class).edit(TestImages.request()))
              .isInstanceOf(ProviderException.class);
          assertThat(aceData.requestCount()).isEqualTo(2);
        });
    aceData.reset();
    aceData.enqueueFault(Fault.status(503));
    aceData("imageedits.retry.statuses=500").run(context -> {
      assertThatThrownBy(() -> context.getBean(ImageEditClient.class).edit(TestImages.request()))
          .isInstanceOf(ProviderException.class);
      assertThat(aceData.requestCount()).as("503 is not among the statuses").isEqualTo(1);
    });
  }

  @Test
  @DisplayName("imageedits.retry.retry-sent-requests: a request dropped after it was sent is retried only when set")
  void retrySentRequests() {
    aceData.enqueueFault(Fault.disconnect());
    aceData().run(context -> {
      assertThatThrownBy(() -> context.getBean(ImageEditClient.class).edit(TestImages.request()))
          .isInstanceOf(TransportException.class);
      assertThat(aceData.requestCount()).as("it may have been charged: not sent again").isEqualTo(1);
    });
    aceData.reset();
    aceData.enqueueFault(Fault.disconnect());
    aceData("imageedits.retry.retry-sent-requests=true").run(context -> {
      assertThat(context.getBean(ImageEditClient.class).edit(TestImages.request()).images()).hasSize(1);
      assertThat(aceData.requestCount()).isEqualTo(2);
    });
  }

  @Test
  @DisplayName("imageedits.proxy: every call goes through the proxy")
  void proxy() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    aceData("imageedits.proxy=http://127.0.0.1:" + closedPort, "imageedits.retry.max-attempts=1").run(context -> {
      assertThatThrownBy(() -> context.getBean(ImageEditClient.class).edit(TestImages.request()))
          .isInstanceOf(TransportException.class);
      assertThat(aceData.requestCount()).as("the call went to the (closed) proxy").isZero();
    });
  }

  @Test
  @DisplayName("imageedits.timeouts.read ends a reply that does not come")
  void readTimeout() {
    aceData.enqueueFault(Fault.delay(Duration.ofSeconds(5)));
    aceData("imageedits.timeouts.read=300ms", "imageedits.timeouts.connect=2s",
        "imageedits.timeouts.write=2s", "imageedits.timeouts.call=30s", "imageedits.retry.max-attempts=1")
        .run(context -> {
          long start = System.nanoTime();
          assertThatThrownBy(() -> context.getBean(ImageEditClient.class).edit(TestImages.request()))
              .isInstanceOf(TransportException.class);
          assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        });
  }

  @Test
  @DisplayName("max-download-size, concurrency and callback settings build a client")
  void otherProperties() {
    aceData("imageedits.max-download-size=10MB", "imageedits.concurrency.max-concurrent-edits=2",
        "imageedits.concurrency.max-queued-edits=10", "imageedits.concurrency.max-edits-per-minute=60",
        "imageedits.callback.url=https://edits.example.com/imageedits/callback",
        "imageedits.callback.secret=0123456789abcdef0123456789abcdef", "imageedits.callback.max-body-size=1MB")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(ImageEditClient.class).callbackHandler()).isNotNull();
        });
  }

  // ---- wrong configuration: the start fails naming the property, nothing is sent ----

  @Test
  @DisplayName("an unknown provider names imageedits.provider and lists the known ones")
  void unknownProvider() {
    failure(aceData("imageedits.provider=acedta"), "imageedits.provider",
        "unknown provider 'acedta'", String.join(", ", ImageEdits.providers()));
  }

  @Test
  @DisplayName("a blank provider names imageedits.provider")
  void blankProvider() {
    failure(aceData("imageedits.provider= "), "imageedits.provider", "no provider is set");
  }

  @Test
  @DisplayName("a missing or blank api-key names imageedits.api-key")
  void missingKey() {
    failure(runner.withPropertyValues("imageedits.provider=acedata"), "imageedits.api-key",
        "no API key for acedata");
    failure(aceData("imageedits.api-key=  "), "imageedits.api-key", "no API key for acedata");
  }

  @Test
  @DisplayName("an unresolved ${...} key is refused, not sent as the key")
  void unresolvedPlaceholder() {
    failure(aceData("imageedits.api-key=${IMAGEEDITS_TEST_UNSET_VARIABLE}"), "imageedits.api-key",
        "unresolved ${...} placeholder");
  }

  @Test
  @DisplayName("a key with whitespace inside is refused, and the message never shows the key")
  void keyWithWhitespace() {
    Throwable failure = failure(aceData("imageedits.api-key=" + KEY_CANARY + " 2"), "imageedits.api-key",
        "whitespace or control characters");
    assertThat(failure).hasMessageNotContaining(KEY_CANARY);
  }

  @Test
  @DisplayName("plain http off loopback names imageedits.base-url; so do a URL that is not one and azure without one")
  void insecureBaseUrl() {
    failure(aceData("imageedits.base-url=http://api.example.com"), "imageedits.base-url",
        "plain http is refused for host api.example.com");
    failure(aceData("imageedits.base-url=api.example.com/v1"), "imageedits.base-url",
        "not an absolute http(s) URL");
    failure(runner.withPropertyValues("imageedits.provider=azure", "imageedits.api-key=k"),
        "imageedits.base-url", "azure needs the resource endpoint");
  }

  @Test
  @DisplayName("a negative or zero duration names the timeout; an unreadable one fails binding with its name")
  void badDurations() {
    failure(aceData("imageedits.timeouts.read=-5s"), "imageedits.timeouts.read", "not a positive duration");
    failure(aceData("imageedits.timeouts.connect=0s"), "imageedits.timeouts.connect", "not a positive duration");
    aceData("imageedits.timeouts.call=five minutes").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(IllegalArgumentException.class);
      assertThat(findCause(context.getStartupFailure(), BindException.class).getProperty().getName())
          .hasToString("imageedits.timeouts.call");
    });
  }

  @Test
  @DisplayName("retry values the policy refuses name their property")
  void badRetry() {
    failure(aceData("imageedits.retry.max-attempts=0"), "imageedits.retry.max-attempts", "maxAttempts must be 1..100");
    failure(aceData("imageedits.retry.jitter=2"), "imageedits.retry.jitter", "jitter must be 0..1");
    failure(aceData("imageedits.retry.statuses=200"), "imageedits.retry.statuses", "400..599");
    failure(aceData("imageedits.retry.multiplier=0.5"), "imageedits.retry.multiplier", "multiplier must be >= 1");
    failure(aceData("imageedits.retry.max-retry-after=-1s"), "imageedits.retry.max-retry-after", "-1");
  }

  @Test
  @DisplayName("a proxy, download size or concurrency limit the client refuses names its property")
  void badProxyAndSize() {
    failure(aceData("imageedits.proxy=ftp://proxy.internal:21"), "imageedits.proxy", "not supported");
    failure(aceData("imageedits.max-download-size=0B"), "imageedits.max-download-size", "must be positive");
    failure(aceData("imageedits.concurrency.max-concurrent-edits=0"), "imageedits.concurrency.max-concurrent-edits", "must be positive");
    failure(aceData("imageedits.concurrency.max-queued-edits=0"), "imageedits.concurrency.max-queued-edits", "must be positive");
    failure(aceData("imageedits.concurrency.max-edits-per-minute=0"), "imageedits.concurrency.max-edits-per-minute", "must be positive");
  }

  @Test
  @DisplayName("callback: an insecure URL, a short secret (never shown), a bad path, a provider without callbacks")
  void badCallback() {
    failure(aceData("imageedits.callback.url=http://hooks.example.com/cb"), "imageedits.callback.url",
        "plain http is refused");
    Throwable shortSecret = failure(aceData("imageedits.callback.secret=" + KEY_CANARY),
        "imageedits.callback.secret", "needs at least 32");
    assertThat(shortSecret).hasMessageNotContaining(KEY_CANARY);
    failure(aceData("imageedits.callback.path=imageedits/callback"), "imageedits.callback.path", "leading slash");
    failure(aceData("imageedits.callback.max-body-size=0B"), "imageedits.callback.max-body-size", "must be positive");
    failure(runner.withPropertyValues("imageedits.provider=chainhub", "imageedits.api-key=k",
        "imageedits.callback.url=https://edits.example.com/imageedits/callback"),
        "imageedits.callback.url", "chainhub sends no callbacks");
  }

  @Test
  @DisplayName("a wrong fallback entry names its index")
  void badFallbackEntry() {
    failure(aceData("imageedits.fallback[0].provider=chainhub", "imageedits.fallback[1].provider=openai",
        "imageedits.fallback[1].api-key=k", "imageedits.fallback[0].api-key="),
        "imageedits.fallback[0].api-key", "no API key for chainhub");
    failure(aceData("imageedits.fallback[0].provider=nope", "imageedits.fallback[0].api-key=k"),
        "imageedits.fallback[0].provider", "unknown provider 'nope'");
  }

  /** Runs {@code runner}, expecting the start to fail on {@code property}, without any request. */
  private static Throwable failure(ApplicationContextRunner runner, String property, String... reason) {
    int before = aceData.requestCount() + chainHub.requestCount();
    Throwable[] failure = new Throwable[1];
    runner.run(context -> {
      assertThat(context).hasFailed();
      InvalidImageEditsPropertyException e =
          findCause(context.getStartupFailure(), InvalidImageEditsPropertyException.class);
      assertThat(e.property()).isEqualTo(property);
      assertThat(e.getMessage()).contains("'" + property + "'").contains(reason);
      failure[0] = e;
    });
    assertThat(aceData.requestCount() + chainHub.requestCount()).as("nothing was sent").isEqualTo(before);
    return failure[0];
  }

  private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) return type.cast(t);
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClient {
    final ImageEditClient client = ImageEdits.builder().provider("chainhub").apiKey("own-key").build();

    @Bean(destroyMethod = "close")
    ImageEditClient myClient() {
      return client;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Customizing {
    final List<ImageEdits.Builder> customized = new ArrayList<>();

    @Bean
    ImageEditsBuilderCustomizer recording() {
      return customized::add;
    }
  }
}
