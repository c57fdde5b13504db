package io.github.imageedits.testkit;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.imageedits.ApiKey;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.RetryEvent;
import io.github.imageedits.RetryListener;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.Timeouts;
import io.github.imageedits.TransportException;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.SocketEffect;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault catalogue every provider adapter must survive: broken connections, stalled and
 * trickling replies, broken bodies, gateway pages, huge error bodies, redirects and rate-limit
 * storms. Each fault must end in a typed error ({@link ProviderException} or
 * {@link TransportException}) or in a successful retry, within its bound; and after each one the
 * kit checks that no connection leaked (OkHttp's pool and the server agree on the open
 * connections, and none is left in use) and no thread was left running.
 *
 * <p>An adapter's test extends this class, gives the adapter and names the provider's facts (the
 * same {@link ProviderProfile} as for {@link ProviderContractKit}); the kit builds the client
 * around the adapter on an OkHttp client of its own, so that it can watch the connection pool:
 *
 * <pre>{@code
 * class AceDataFaultsTest extends ProviderFaultKit {
 *   @Override
 *   protected ProviderAdapter adapter() {
 *     return new AceData();
 *   }
 *
 *   @Override
 *   protected ProviderProfile profile() {
 *     return AceDataContractTest.PROFILE;
 *   }
 * }
 * }</pre>
 *
 * <p>Every request the kit sends carries its own {@link #RETRIES} (the decisions of
 * {@link RetryPolicy#defaults()}, with millisecond waits) and {@link #BOUNDS}, so that the client's
 * own settings do not matter and nothing waits long.
 */
public abstract class ProviderFaultKit {
  /** The default policy's decisions, with waits of milliseconds so that the catalogue stays fast. */
  public static final RetryPolicy RETRIES = RetryPolicy.builder()
      .initialDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(40)).maxRetryAfter(Duration.ofSeconds(5))
      .build();
  /** The bounds every kit request carries: nothing in the catalogue may wait longer. */
  public static final Timeouts BOUNDS = Timeouts.builder().connect(Duration.ofSeconds(5))
      .write(Duration.ofSeconds(20)).read(Duration.ofSeconds(10)).call(Duration.ofSeconds(30)).build();

  static final String PROMPT = "Put a red scarf on the cat";
  /** A canary: if it ever shows up in a message, the key leaked. */
  static final String SECRET = "fault-kit-canary-Zq81-not-a-real-key";
  private static final String NO_REPLY_BODY =
      "{\"error\":{\"code\":\"kit_no_reply\",\"message\":\"the fault kit queued no reply for this request\"}}";
  /**
   * Threads OkHttp and Okio share across all clients (task runner, timeout watchdog); they end on
   * their own a minute after going idle, and are not any one client's.
   */
  // OkHttp's shared task runner threads take the name of the task they run (the pool's
  // "connection closer", for one), so they are matched by every name they can carry.
  // The flow timer is one daemon thread shared by every client (it wakes queues after a
  // Retry-After) and ends itself after 10 s idle: not a leak of one client.
  private static final List<String> SHARED_THREADS =
      List.of("OkHttp TaskRunner", "OkHttp ConnectionPool", "Okio Watchdog", "imageedits-flow-timer");
  private static final Duration SETTLE = Duration.ofSeconds(3);

  @TempDir Path dir;
  private ProviderProfile profile;
  private Session session;
  private Set<Thread> threadsBefore;

  /**
   * What the kit builds the client from.
   *
   * @param baseUrl the API root of a MockWebServer on loopback
   * @param apiKey the key to send (a canary the kit looks for in every message)
   * @param http the kit's OkHttp client, whose pool and sockets the kit watches
   * @param transport the transport on the kit's OkHttp client, so the kit can watch its pool; the
   *     client borrows it and the kit closes it
   * @param retryListener the listener the kit counts retries with
   */
  record ClientSetup(URI baseUrl, ApiKey apiKey, OkHttpClient http, Transport transport,
      RetryListener retryListener) {}

  /** The adapter under test: a new instance for each check. */
  protected abstract ProviderAdapter adapter();

  /** The provider's facts: edit path, file model, a successful reply. */
  protected abstract ProviderProfile profile();

  /**
   * The client under test: the adapter on the kit's transport with the default retries, as an
   * application builds it. Package-private: only the kit's self-tests replace it, to check that
   * the kit catches a broken client.
   */
  ImageEditClient newClient(ClientSetup setup) {
    return ImageEdits.builder()
        .provider(requireNonNull(adapter(), "adapter() returned null"))
        .baseUrl(setup.baseUrl().toString())
        .apiKey(setup.apiKey())
        .transport(setup.transport())
        .retryPolicy(RetryPolicy.defaults())
        .retryListener(setup.retryListener())
        .build();
  }

  @BeforeEach
  void faultKitOpen() {
    profile = requireNonNull(profile(), "profile() returned null");
    threadsBefore = Thread.getAllStackTraces().keySet();
    session = new Session();
  }

  @AfterEach
  void faultKitClose() {
    if (session == null) return;
    try {
      session.assertNoLeakedConnection();
    } finally {
      session.close();
    }
    assertNoLeakedThread();
  }

  @Nested
  @DisplayName("when the connection fails")
  class ConnectionFaults {

    @Test
    @DisplayName("dropped during the upload: nothing reached the provider, so it is sent again and succeeds")
    void droppedMidUpload() throws IOException {
      session.ledger.dropNextConnectionAfter(256 * 1024);
      session.enqueueSuccess();

      EditResult result = session.client.edit(request(largeImage()));

      assertThat(result.images()).isNotEmpty();
      assertThat(session.ledger.serverAccepted()).as("connections: the dropped one and the retry").isEqualTo(2);
      assertThat(session.events).singleElement().satisfies(e -> {
        assertThat(e.cause()).isInstanceOf(TransportException.class);
        assertThat(((TransportException) e.cause()).requestMayHaveBeenProcessed())
            .as("a connection dropped during the upload: %s", e.cause().getMessage()).isFalse();
      });
    }

    @Test
    @DisplayName("dropped after the upload, before the reply: not sent again, and the error says the edit may have been made")
    void droppedAfterUpload() {
      session.server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
      session.enqueueSuccess(); // what a silent retry would get

      TransportException e = assertTransportFailure(request(smallImage()), TransportException.class);

      assertThat(e.requestMayHaveBeenProcessed()).isTrue();
      assertThat(e.getMessage()).contains("may have processed");
      assertThat(session.submissions()).as("requests that reached the server").isEqualTo(1);
    }

    @Test
    @DisplayName("dropped in the middle of the reply: a TransportException, not sent again")
    void droppedMidResponse() {
      session.server.enqueue(session.success().onResponseBody(new SocketEffect.CloseSocket()).build());
      session.enqueueSuccess();

      TransportException e = assertTransportFailure(request(smallImage()), TransportException.class);

      assertThat(e.requestMayHaveBeenProcessed()).isTrue();
      assertThat(session.submissions()).isEqualTo(1);
    }

    @Test
    @DisplayName("a reply that never comes: the request's read timeout ends it with an EditTimeoutException")
    void stalledResponse() {
      session.server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
      EditRequest impatient = request(smallImage()).toBuilder()
          .timeouts(Timeouts.builder().read(Duration.ofMillis(400)).call(Duration.ofSeconds(20)).build())
          .build();

      EditTimeoutException e = assertTransportFailure(impatient, EditTimeoutException.class);

      assertThat(e.requestMayHaveBeenProcessed()).isTrue();
      assertThat(e.getMessage()).contains("read 400 ms");
      assertThat(session.submissions()).isEqualTo(1);
    }

    @Test
    @DisplayName("a reply that trickles in: the request's call timeout ends it with an EditTimeoutException")
    void slowTrickle() {
      session.server.enqueue(session.success().body(trickle(session.firstBody())).build());
      EditRequest impatient = request(smallImage()).toBuilder()
          .timeouts(Timeouts.builder().read(Duration.ofSeconds(10)).call(Duration.ofMillis(700)).build())
          .build();

      EditTimeoutException e = assertTransportFailure(impatient, EditTimeoutException.class);

      assertThat(e.requestMayHaveBeenProcessed()).isTrue();
      assertThat(e.getMessage()).contains("call 700 ms");
    }
  }

  @Nested
  @DisplayName("when the reply is broken")
  class BrokenReplies {

    @Test
    @DisplayName("truncated JSON: a typed error, not sent again")
    void truncatedJson() {
      String body = session.firstBody();
      session.server.enqueue(json(200, body.substring(0, body.length() / 2)));
      assertNotRetried(assertTypedFailure(request(smallImage())));
    }

    @Test
    @DisplayName("malformed JSON: a typed error, not sent again")
    void malformedJson() {
      session.server.enqueue(json(200, "{\"created\": 1721626477, \"data\": [{\"url\": }]}"));
      assertNotRetried(assertTypedFailure(request(smallImage())));
    }

    @Test
    @DisplayName("an empty 200: a typed error, not sent again")
    void emptyOk() {
      session.server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").build());
      assertNotRetried(assertTypedFailure(request(smallImage())));
    }

    @Test
    @DisplayName("a 200 that says success:false: a ProviderException, not sent again")
    void successFalse() {
      session.server.enqueue(json(200, "{\"success\":false,\"error\":{\"code\":\"api_error\","
          + "\"message\":\"the edit failed\"},\"trace_id\":\"kit-trace-1\"}"));
      Throwable thrown = assertTypedFailure(request(smallImage()));
      assertThat(thrown).isInstanceOf(ProviderException.class);
      assertNotRetried(thrown);
    }

    @Test
    @DisplayName("a wrong content type: JSON labelled text/html is read; an image where JSON belongs is a typed error")
    void wrongContentType() {
      session.server.enqueue(session.success().setHeader("Content-Type", "text/html; charset=utf-8").build());
      assertThat(session.client.edit(request(smallImage())).images()).isNotEmpty();

      session.server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "image/png")
          .body(new okio.Buffer().write(TestImages.pngBytes("not-json", 8, 8))).build());
      assertNotRetried(assertTypedFailure(request(smallImage())), 2);
    }

    @Test
    @DisplayName("an error body of 50 MB: only a bounded prefix is read and quoted")
    void hugeErrorBody() {
      AtomicLong written = new AtomicLong();
      session.server.enqueue(new MockResponse.Builder().code(500).addHeader("Content-Type", "application/json")
          .body(huge("{\"error\":{\"message\":\"" + "x".repeat(8192), written)).build());

      Throwable thrown = assertTypedFailure(request(smallImage()));

      assertThat(thrown).isInstanceOf(ProviderException.class);
      assertThat(((ProviderException) thrown).status()).isEqualTo(500);
      assertThat(thrown.getMessage()).as("the message quotes a short prefix").hasSizeLessThan(2000);
      // What the server managed to write before the client hung up: socket buffers, not 50 MB.
      assertThat(written.get()).as("bytes the server wrote").isLessThan(HUGE / 2);
      assertNotRetried(thrown);
    }

    @Test
    @DisplayName("a redirect to another host: not followed, so the key goes nowhere else; a typed error")
    void redirectToAnotherHost() throws IOException {
      try (MockWebServer elsewhere = new MockWebServer()) {
        elsewhere.start();
        // "localhost" is another host name than the literal the client was given.
        String target = "http://localhost:" + elsewhere.getPort() + profile.editPath();
        session.server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", target).build());

        Throwable thrown = assertTypedFailure(request(smallImage()));

        assertNotRetried(thrown);
        assertThat(elsewhere.getRequestCount()).as("requests that reached the other host").isZero();
      }
    }
  }

  @Nested
  @DisplayName("when the provider pushes back")
  class PushBack {

    @Test
    @DisplayName("an HTML 502 from a gateway: sent again, and the second attempt succeeds")
    void html502ThenSuccess() {
      session.server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
          .body("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
              + "</h1></center><hr><center>nginx</center></body></html>").build());
      session.enqueueSuccess();

      assertThat(session.client.edit(request(smallImage())).images()).isNotEmpty();

      assertThat(session.submissions()).isEqualTo(2);
      assertThat(session.events).singleElement().satisfies(e ->
          assertThat(((ProviderException) e.cause()).status()).isEqualTo(502));
    }

    @Test
    @DisplayName("a 503 that does not stop: given up after maxAttempts, with a ProviderException")
    void persistent503() {
      for (int i = 0; i < RETRIES.maxAttempts(); i++) session.server.enqueue(json(503, busy("overloaded")));
      session.enqueueSuccess(); // one more than the bound allows

      Throwable thrown = assertTypedFailure(request(smallImage()));

      assertThat(thrown).isInstanceOf(ProviderException.class);
      assertThat(((ProviderException) thrown).status()).isEqualTo(503);
      assertThat(session.submissions()).isEqualTo(RETRIES.maxAttempts());
      assertThat(session.events).hasSize(RETRIES.maxAttempts() - 1);
    }

    @Test
    @DisplayName("a 429 storm that passes: Retry-After is waited for, then the edit succeeds")
    void rateLimitStormThatPasses() {
      session.server.enqueue(json(429, busy("slow down")).newBuilder().setHeader("Retry-After", "1").build());
      session.server.enqueue(json(429, busy("slow down")));
      session.enqueueSuccess();

      assertThat(session.client.edit(request(smallImage())).images()).isNotEmpty();

      assertThat(session.submissions()).isEqualTo(3);
      assertThat(session.events).hasSize(2);
      RetryEvent first = session.events.get(0);
      assertThat(first.cause()).isInstanceOf(RateLimitException.class);
      assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(1));
      assertThat(first.delay()).as("the wait honours Retry-After").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(session.events.get(1).delay()).isLessThanOrEqualTo(RETRIES.maxDelay());
    }

    @Test
    @DisplayName("a 429 storm that does not pass: a RateLimitException after maxAttempts")
    void rateLimitStorm() {
      for (int i = 0; i < RETRIES.maxAttempts() + 2; i++) {
        session.server.enqueue(json(429, busy("slow down")).newBuilder().setHeader("Retry-After", "0").build());
      }

      Throwable thrown = assertTypedFailure(request(smallImage()));

      assertThat(thrown).isInstanceOf(RateLimitException.class);
      assertThat(session.submissions()).isEqualTo(RETRIES.maxAttempts());
      assertThat(session.events).extracting(RetryEvent::attempt).containsExactly(1, 2);
    }

    @Test
    @DisplayName("a Retry-After longer than the policy allows: the RateLimitException comes at once")
    void retryAfterBeyondTheCap() {
      session.server.enqueue(json(429, busy("come back in an hour")).newBuilder().setHeader("Retry-After", "3600").build());
      session.enqueueSuccess();

      Throwable thrown = assertTypedFailure(request(smallImage()));

      assertThat(thrown).isInstanceOf(RateLimitException.class);
      assertNotRetried(thrown);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static final long HUGE = 50L << 20;

  private EditRequest request(Path image) {
    return EditRequest.builder().model(profile.fileModel()).prompt(PROMPT).image(image)
        .retryPolicy(RETRIES).timeouts(BOUNDS).build();
  }

  private Path smallImage() {
    return TestImages.png(dir, "photo.png", 64, 64);
  }

  /**
   * A valid PNG padded to 12 MB: far more than loopback socket buffers hold, so the upload is
   * still going when the server hangs up. Decoders stop at the PNG's end; the padding is ignored.
   */
  private Path largeImage() throws IOException {
    Path file = TestImages.png(dir, "large.png", 64, 64);
    byte[] zeros = new byte[1 << 20];
    for (int i = 0; i < 12; i++) Files.write(file, zeros, StandardOpenOption.APPEND);
    return file;
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static String busy(String message) {
    return "{\"error\":{\"code\":\"busy\",\"message\":\"" + message + "\",\"type\":\"server_error\"}}";
  }

  /** A body of {@link #HUGE} bytes made while it is sent; counts what the server wrote. */
  private static MockResponseBody huge(String start, AtomicLong written) {
    byte[] head = start.getBytes(StandardCharsets.UTF_8);
    byte[] filler = "x".repeat(8192).getBytes(StandardCharsets.UTF_8);
    return new MockResponseBody() {
      @Override
      public long getContentLength() {
        return HUGE;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.write(head);
        written.addAndGet(head.length);
        for (long sent = head.length; sent < HUGE; ) {
          int n = (int) Math.min(filler.length, HUGE - sent);
          sink.write(filler, 0, n);
          sink.emit();
          sent += n;
          written.addAndGet(n);
        }
      }
    };
  }

  /**
   * {@code body}, one byte every 100 ms, flushed each time so that the writer notices at once when
   * the client hangs up (MockWebServer's own throttle keeps writing into its buffer).
   */
  private static MockResponseBody trickle(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new MockResponseBody() {
      @Override
      public long getContentLength() {
        return bytes.length;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        for (byte b : bytes) {
          sink.writeByte(b);
          sink.flush();
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("trickle interrupted");
          }
        }
      }
    };
  }

  private Throwable assertTypedFailure(EditRequest request) {
    Throwable thrown = catchThrowable(() -> session.client.edit(request));
    assertThat(thrown).as("the edit must fail with a typed error").isNotNull()
        .isInstanceOfAny(ProviderException.class, TransportException.class);
    assertThat(thrown.getMessage()).as("a message").isNotBlank().doesNotContain(SECRET);
    for (Throwable c = thrown.getCause(); c != null; c = c.getCause()) {
      assertThat(String.valueOf(c.getMessage())).as("the message of a cause").doesNotContain(SECRET);
    }
    return thrown;
  }

  private <T extends TransportException> T assertTransportFailure(EditRequest request, Class<T> type) {
    Throwable thrown = assertTypedFailure(request);
    assertThat(thrown).isInstanceOf(type);
    assertThat(session.events).as("retries").isEmpty();
    return type.cast(thrown);
  }

  private void assertNotRetried(Throwable thrown) {
    assertNotRetried(thrown, 1);
  }

  private void assertNotRetried(Throwable thrown, int requests) {
    assertThat(session.events).as("retries after %s", thrown.toString()).isEmpty();
    assertThat(session.submissions()).as("requests that reached the server").isEqualTo(requests);
  }

  private void assertNoLeakedThread() {
    Set<Thread> before = threadsBefore;
    boolean settled = waitFor(() -> leakedThreads(before).isEmpty());
    assertThat(settled).as("threads left running after the client and server closed: %s",
        leakedThreads(before)).isTrue();
  }

  private static List<String> leakedThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !before.contains(t))
        .filter(t -> SHARED_THREADS.stream().noneMatch(t.getName()::startsWith))
        .map(Thread::getName)
        .sorted()
        .collect(Collectors.toList());
  }

  private static boolean waitFor(BooleanSupplier condition) {
    long end = System.nanoTime() + SETTLE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) return false;
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** One MockWebServer that counts its connections, one pool, one client; closed after each check. */
  private final class Session implements AutoCloseable {
    final SocketLedger ledger = new SocketLedger();
    final MockWebServer server = new MockWebServer();
    final ConnectionPool pool = new ConnectionPool();
    final OkHttpClient http = new OkHttpClient.Builder()
        .connectionPool(pool).socketFactory(ledger.clientSockets()).build();
    final List<RetryEvent> events = new CopyOnWriteArrayList<>();
    final Transport transport = RetrofitTransport.builder().client(http).build();
    final ImageEditClient client;

    /** Requests a queued provider's follow-ups made (status, result): answered by path, not from the queue. */
    final java.util.concurrent.atomic.AtomicInteger followUps = new java.util.concurrent.atomic.AtomicInteger();

    Session() {
      QueueDispatcher dispatcher = profile.queue() != null ? queue(profile.queue()) : new QueueDispatcher();
      // An unexpected request gets an error at once instead of waiting forever for a reply.
      dispatcher.setFailFast(json(500, NO_REPLY_BODY));
      server.setDispatcher(dispatcher);
      server.setServerSocketFactory(ledger.serverSockets());
      try {
        server.start(InetAddress.getLoopbackAddress(), 0);
        ClientSetup setup = new ClientSetup(baseUrl(), ApiKey.of(SECRET), http, transport, events::add);
        this.client = requireNonNull(newClient(setup), "newClient returned null");
      } catch (IOException e) {
        transport.close();
        server.close();
        throw new UncheckedIOException(e);
      } catch (RuntimeException | Error e) {
        transport.close();
        server.close();
        throw e;
      }
    }

    private URI baseUrl() {
      InetAddress address = server.getSocketAddress().getAddress();
      String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
      return URI.create("http://" + host + ":" + server.getPort());
    }

    /**
     * Through a queue, the faults hit the submission; its task's status and result are answered by
     * their paths (completed, then the profile's success), and counted aside.
     */
    private QueueDispatcher queue(ProviderProfile.Queue queue) {
      return new QueueDispatcher() {
        @Override
        public MockResponse dispatch(mockwebserver3.RecordedRequest request) throws InterruptedException {
          String path = request.getUrl().encodedPath();
          if (path.equals(queue.statusPath())) {
            followUps.incrementAndGet();
            return json(200, queue.completed());
          }
          if (path.equals(queue.resultPath())) {
            followUps.incrementAndGet();
            return result().build();
          }
          return super.dispatch(request);
        }
      };
    }

    /** The requests that were edit submissions (all of them, for a provider without a queue). */
    int submissions() {
      return server.getRequestCount() - followUps.get();
    }

    /** The body of the reply to a submission that succeeds: the images, or through a queue the task. */
    String firstBody() {
      ProviderProfile.Queue queue = profile.queue();
      return queue != null ? queue.accepted() : profile.successReply().body();
    }

    /** The reply to a submission that succeeds. */
    MockResponse.Builder success() {
      ProviderProfile.Queue queue = profile.queue();
      if (queue != null) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
            .body(queue.accepted());
      }
      return result();
    }

    private MockResponse.Builder result() {
      ReplyFixture reply = profile.successReply();
      MockResponse.Builder response = new MockResponse.Builder().code(reply.status())
          .addHeader("Content-Type", "application/json");
      reply.headers().forEach(response::addHeader);
      return response.body(reply.body());
    }

    void enqueueSuccess() {
      server.enqueue(success().build());
    }

    /**
     * No connection leaked: none is left checked out of the pool, the client has exactly the
     * sockets open that its pool keeps (a socket open outside the pool belongs to a response
     * nobody closed), the server accepted exactly the connections the client opened, and once
     * the pool is emptied the client has no socket left open.
     */
    void assertNoLeakedConnection() {
      boolean agreed = waitFor(() -> pool.connectionCount() == pool.idleConnectionCount()
          && ledger.clientOpen() == pool.connectionCount()
          && ledger.serverAccepted() == ledger.clientCreated());
      assertThat(agreed).as("pool: %s connections, %s idle; client sockets: %s open of %s;"
              + " server: %s accepted", pool.connectionCount(), pool.idleConnectionCount(),
          ledger.clientOpen(), ledger.clientCreated(), ledger.serverAccepted()).isTrue();
      pool.evictAll();
      assertThat(waitFor(() -> ledger.clientOpen() == 0))
          .as("client sockets still open after the pool was emptied: %s", ledger.clientOpen()).isTrue();
    }

    @Override
    public void close() {
      try {
        client.close();
      } finally {
        transport.close(); // borrowed by the client: the kit owns it
        pool.evictAll();
        server.close();
      }
    }
  }
}
