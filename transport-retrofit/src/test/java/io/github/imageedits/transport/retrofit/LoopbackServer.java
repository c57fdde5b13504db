package io.github.imageedits.transport.retrofit;

import java.io.IOException;
import java.net.Proxy;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A MockWebServer on loopback for each test: {@code @RegisterExtension final LoopbackServer server = …}. */
final class LoopbackServer implements BeforeEachCallback, AfterEachCallback {
  private MockWebServer server;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    server.close();
  }

  void enqueue(MockResponse response) {
    server.enqueue(response);
  }

  HttpUrl url(String path) {
    return server.url(path);
  }

  Proxy proxyAddress() {
    return server.getProxyAddress();
  }

  int requestCount() {
    return server.getRequestCount();
  }

  /** The next request received, waiting up to 5 s. */
  RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    if (request == null) throw new AssertionError("no request reached the server");
    return request;
  }

  /** A port on loopback where nothing listens (a server was started there and closed). */
  static int closedPort() throws IOException {
    try (MockWebServer closed = new MockWebServer()) {
      closed.start();
      return closed.getPort();
    }
  }
}
