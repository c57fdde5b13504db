package io.github.imageedits.client;

import dagger.Module;
import dagger.Provides;
import io.github.imageedits.EditObserver;
import io.github.imageedits.ProgressListener;
import io.github.imageedits.RetryListener;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.Transport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's parts, one set per client: executor, retry loop, task engine, callback receiver,
 * the flow limiter binding point ({@link FlowLimiter}) and the observer ({@link EditObserver}).
 */
@Module
final class EngineModule {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private EngineModule() {}

  @Provides
  @PerClient
  @ClientExecutor
  static ExecutorService executor(ProviderAdapter adapter) {
    return Executors.newCachedThreadPool(new Threads("imageedits-" + adapter.name() + "-"));
  }

  /** Names the client's threads; daemons, so that an application that forgets close() can still exit. */
  private static final class Threads implements java.util.concurrent.ThreadFactory {
    private final String prefix;

    Threads(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }

  @Provides
  static ProgressListener progressListener(ClientOptions options) {
    return options.progressListener();
  }

  @Provides
  @PerClient
  static RetryLoop retryLoop(ProviderAdapter adapter, RetryListener listener, EngineState state) {
    return new RetryLoop(adapter.name(), listener, state);
  }

  @Provides
  @PerClient
  static TaskEngine taskEngine(ProviderAdapter adapter, Transport transport, ProviderContext context,
      CapabilityTable capabilities, Optional<CallbackSettings> callbacks,
      @ClientExecutor ExecutorService executor, EditObserver observer) {
    return new TaskEngine(adapter, transport, context, capabilities, callbacks.orElse(null), executor, observer);
  }

  @Provides
  @PerClient
  static Optional<EmbeddedReceiver> receiver(CallbackPlan plan) {
    if (plan.receiverAddress() == null) return Optional.empty();
    EmbeddedReceiver receiver = EmbeddedReceiver.bind(plan.receiverAddress());
    if (plan.url() == null && !receiver.isLoopback()) {
      receiver.close();
      throw new IllegalStateException("the callback receiver listens on " + plan.receiverAddress()
          + ", beyond loopback: give callbackUrl(...), the https URL that reaches it");
    }
    return Optional.of(receiver);
  }

  @Provides
  @PerClient
  static Optional<CallbackSettings> callbacks(CallbackPlan plan, Optional<EmbeddedReceiver> receiver) {
    if (!plan.enabled()) return Optional.empty();
    URI url = plan.url() != null ? plan.url() : receiver.orElseThrow().localUrl();
    CallbackSettings.Builder builder = CallbackSettings.builder(url).maxBodyBytes(plan.maxBodyBytes());
    if (plan.secret() != null) builder.secret(plan.secret());
    return Optional.of(builder.build());
  }

  /**
   * The flow limiter: shared by every client of the same provider, base URL, key and settings (a
   * provider limits a key, not a client), so two clients of one key do not each take the whole.
   */
  @Provides
  @PerClient
  static FlowLimiter flowLimiter(ProviderAdapter adapter, ProviderContext context, FlowSettings settings) {
    String key = adapter.name() + " " + context.baseUrl() + " " + keyHash(context.apiKey().reveal())
        + " " + settings.key();
    return AdaptiveLimiter.shared(key, adapter.name(), settings.maxConcurrent(), settings.maxQueued(),
        settings.perMinute());
  }

  /** A hash of the key: the registry must not hold the key itself. */
  private static String keyHash(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /** The observer given to the builder, or {@link EditObserver#NONE}. */
  @Provides
  static EditObserver observer(ClientOptions options) {
    return options.observer();
  }
}
