package io.github.imageedits.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.imageedits.CallbackHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A callback endpoint for applications without an HTTP server of their own: the JDK's
 * {@code com.sun.net.httpserver} answering every POST with the status the client's
 * {@link CallbackHandler} decides, on any path (the signed query identifies the task). Plain HTTP:
 * for loopback, or behind a proxy that terminates TLS.
 *
 * <p>Threads: the server's dispatcher (made a daemon, like every thread of this library, so an
 * application that forgets {@code close()} can still exit) and up to two handler threads that end
 * when idle; {@link #close()} stops them all.
 */
final class EmbeddedReceiver implements AutoCloseable {
  static final String PATH = "/imageedits/callback";
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private volatile CallbackHandler handler;

  private EmbeddedReceiver(HttpServer server) {
    this.server = server;
    this.executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "imageedits-callbacks-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
    server.setExecutor(executor);
    server.createContext("/", this::exchange);
  }

  /** Binds {@code address} (port 0: any free port); nothing is served before {@link #start}. */
  static EmbeddedReceiver bind(InetSocketAddress address) {
    try {
      return new EmbeddedReceiver(HttpServer.create(address, 0));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the callback receiver to " + address, e);
    }
  }

  /** The URL this receiver answers at, as the bound address sees it. */
  URI localUrl() {
    InetSocketAddress bound = server.getAddress();
    InetAddress address = bound.getAddress();
    String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    return URI.create("http://" + host + ":" + bound.getPort() + PATH);
  }

  boolean isLoopback() {
    return server.getAddress().getAddress().isLoopbackAddress();
  }

  /** Starts serving with {@code handler}. */
  void start(CallbackHandler handler) {
    this.handler = handler;
    // The dispatcher thread takes its daemon flag from the thread that starts the server.
    Thread starter = new Thread(server::start, "imageedits-callbacks-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void exchange(HttpExchange exchange) {
    try {
      int status;
      try {
        URI uri = exchange.getRequestURI();
        status = handler.handle(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
            exchange.getRequestHeaders(), exchange.getRequestBody());
      } catch (RuntimeException e) {
        status = 500;
      }
      exchange.sendResponseHeaders(status, -1);
    } catch (IOException e) {
      // The provider hung up; there is no one left to answer.
    } finally {
      exchange.close();
    }
  }

  /** Stops listening, waits for the dispatcher to end, and stops the handler threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "EmbeddedReceiver[" + localUrl() + "]";
  }
}
