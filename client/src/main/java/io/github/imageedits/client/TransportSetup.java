package io.github.imageedits.client;

import io.github.imageedits.Timeouts;
import io.github.imageedits.spi.Transport;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The built-in transport of a client being built. The first client of a JVM builds it on a thread
 * of its own, started before the adapter is discovered, and the component takes it when it wires
 * the engine: most of a cold build is OkHttp setting up TLS (the platform's trust store, cipher
 * suites), which needs nothing of the adapter, and on a cold JVM it is worth running beside the
 * service lookup and the wiring rather than after them. Later clients find OkHttp set up and build
 * theirs in place, on the caller's thread: a thread would cost more than it saves.
 *
 * <p>Nothing of OkHttp, Retrofit or Kotlin runs on the caller's thread until {@link #transport()}
 * has waited for the setup thread, so the two never initialise the same classes at once.
 */
final class TransportSetup {
  /** Whether a client of this JVM has already started a setup thread. */
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private final Timeouts timeouts;
  private final ProxyChoice proxy;
  /** The transport being built on the setup thread, or null when it is built in place. */
  private final Building building;

  private TransportSetup(Timeouts timeouts, ProxyChoice proxy, boolean background) {
    this.timeouts = timeouts;
    this.proxy = proxy;
    if (background) {
      building = new Building(timeouts, proxy);
      Thread thread = new Thread(building, "imageedits-transport-setup");
      thread.setDaemon(true); // never keeps the JVM alive
      thread.start();
    } else {
      building = null;
    }
  }

  /** The setup of the transport the client will own; its own thread for the first client of a JVM. */
  static TransportSetup start(Timeouts timeouts, ProxyChoice proxy) {
    return new TransportSetup(timeouts, proxy, STARTED.compareAndSet(false, true));
  }

  /** A setup that builds in place, if ever asked: for a client that borrows its transport. */
  static TransportSetup inPlace(Timeouts timeouts, ProxyChoice proxy) {
    return new TransportSetup(timeouts, proxy, false);
  }

  /**
   * The transport, built now or waited for. A failure of the setup thread is thrown here as it was
   * thrown there. Not interruptible, as building in place is not: an interrupt is kept for later.
   */
  Transport transport() {
    if (building == null) return TransportModule.retrofit(timeouts, proxy);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return building.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException runtime) throw runtime;
          if (cause instanceof Error error) throw error;
          throw new IllegalStateException("the transport could not be built", cause);
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /**
   * For a build that failed before it took the transport: closes it once it is built, without
   * waiting for it here. Closing twice is harmless.
   */
  void abandon() {
    if (building == null) return;
    building.abandoned = true;
    if (building.isDone()) building.closeBuilt();
  }

  /**
   * The setup thread's work, which closes what it built when the build that wanted it failed
   * meanwhile. A named class, not lambdas (no hidden classes on a cold JVM).
   */
  private static final class Building extends FutureTask<Transport> {
    volatile boolean abandoned;

    Building(Timeouts timeouts, ProxyChoice proxy) {
      super(new Build(timeouts, proxy));
    }

    @Override
    protected void done() {
      if (abandoned) closeBuilt();
    }

    void closeBuilt() {
      try {
        get().close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | RuntimeException e) {
        // nothing was built, or closing a transport nobody used failed: nothing is left to free
      }
    }
  }

  private static final class Build implements java.util.concurrent.Callable<Transport> {
    private final Timeouts timeouts;
    private final ProxyChoice proxy;

    Build(Timeouts timeouts, ProxyChoice proxy) {
      this.timeouts = timeouts;
      this.proxy = proxy;
    }

    @Override
    public Transport call() {
      return TransportModule.retrofit(timeouts, proxy);
    }
  }
}
