package io.github.imageedits.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditException;
import io.github.imageedits.ImageSource;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.testkit.TestImages;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Many edits at once through the facade against a MockWebServer that fails about one request in
 * ten, in seven ways. Every edit must end (no hang), in a result or a typed error (every outcome
 * accounted for), the server must have seen exactly the edits plus the retries the listener was told
 * about (no silent re-send), and the heap must be as small at the end as at the start.
 *
 * <p>The build runs it at a sixteenth of full size (320 edits). The full soak, 5,000 edits at
 * concurrency 32, is a command (docs/reliability.md):
 *
 * <pre>
 * ./mvnw -B -pl client -am verify -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false -Dsoak.edits=5000
 * </pre>
 *
 * It prints one line of figures and writes them to {@code client/target/soak-figures.txt}.
 */
@DisplayName("A soak")
class SoakTest {
  private static final int EDITS = Integer.getInteger("soak.edits", 320);
  private static final int CONCURRENCY = Integer.getInteger("soak.concurrency", 32);
  private static final double FAULT_RATE = 0.10;
  private static final long SEED = Long.getLong("soak.seed", 8);
  private static final String OK = "{\"success\":true,\"task_id\":\"soak\",\"trace_id\":\"soak-trace\","
      + "\"created\":1721626477,\"data\":[{\"url\":\"https://platform.cdn.acedata.cloud/soak.png\"}],\"elapsed\":0.1}";
  private static final String BUSY =
      "{\"success\":false,\"error\":{\"code\":\"api_error\",\"message\":\"busy\"},\"trace_id\":\"soak-busy\"}";

  /** What the server does to a faulty request, and whether the client is expected to retry it. */
  enum FaultKind {
    STATUS_503(true), STATUS_429(true), HTML_502(true),
    STATUS_500(false), DROP_AFTER_UPLOAD(false), TRUNCATED_JSON(false), STALL(false);

    final boolean retried;

    FaultKind(boolean retried) {
      this.retried = retried;
    }
  }

  @Test
  @DisplayName("of edits at concurrency 32 with 10% faults accounts for every outcome, never hangs, and keeps the heap flat")
  void soak() throws Exception {
    Map<FaultKind, AtomicInteger> injected = new ConcurrentHashMap<>();
    AtomicInteger served = new AtomicInteger();
    Random random = new Random(SEED);
    MockWebServer server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        served.incrementAndGet();
        try {
          FaultKind fault;
          synchronized (random) {
            fault = random.nextDouble() < FAULT_RATE
                ? FaultKind.values()[random.nextInt(FaultKind.values().length)] : null;
          }
          if (fault == null) return json(200, OK);
          injected.computeIfAbsent(fault, k -> new AtomicInteger()).incrementAndGet();
          return respond(fault);
        } finally {
          while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
            // nobody reads recorded requests here; keep the server's memory flat
          }
        }
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);

    LongAdder retries = new LongAdder();
    // The default policy's decisions, with short waits: the soak counts outcomes, not patience.
    RetryPolicy fast = RetryPolicy.builder().initialDelay(Duration.ofMillis(5)).maxDelay(Duration.ofMillis(50)).build();
    ImageEditClient client = ImageEdits.builder().provider("acedata").apiKey("soak-token")
        .baseUrl("http://127.0.0.1:" + server.getPort())
        .readTimeout(Duration.ofMillis(800)).callTimeout(Duration.ofSeconds(20))
        .retryPolicy(fast).retryListener(e -> retries.increment())
        .build();
    byte[] png = TestImages.pngBytes("soak", 32, 32);
    EditRequest request = EditRequest.builder().model("gpt-image-1").prompt("Paint the roof blue")
        .image(ImageSource.bytes("house.png", png)).build();

    long heapBefore = heapAfterGc();
    resetPeaks();
    long start = System.nanoTime();
    ExecutorService workers = Executors.newFixedThreadPool(CONCURRENCY);
    List<Future<String>> outcomes = new ArrayList<>(EDITS);
    List<Long> heapSamples = new ArrayList<>();
    for (int i = 0; i < EDITS; i++) {
      outcomes.add(workers.submit(() -> {
        try {
          EditResult result = client.edit(request);
          return result.images().isEmpty() ? "success without images" : "success";
        } catch (ImageEditException e) {
          return e.getClass().getSimpleName();
        } catch (RuntimeException e) {
          return "UNTYPED " + e;
        }
      }));
    }
    Map<String, Integer> counted = new TreeMap<>();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(Math.max(2, EDITS / 500));
    for (int i = 0; i < outcomes.size(); i++) {
      String outcome = outcomes.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      counted.merge(outcome, 1, Integer::sum);
      if ((i + 1) % Math.max(1, EDITS / 4) == 0) heapSamples.add(heapAfterGc());
    }
    long wall = System.nanoTime() - start;
    long peakHeap = peakHeap();
    workers.shutdown();
    client.close();
    server.close();
    long heapAfter = heapAfterGc();

    int successes = counted.getOrDefault("success", 0);
    int typedFailures = counted.entrySet().stream()
        .filter(e -> !e.getKey().startsWith("success") && !e.getKey().startsWith("UNTYPED"))
        .mapToInt(Map.Entry::getValue).sum();
    int faults = injected.values().stream().mapToInt(AtomicInteger::get).sum();
    String figures = String.format("[soak] edits=%d concurrency=%d faultsInjected=%d %s httpRequests=%d"
            + " retries=%d outcomes=%s wallMs=%d peakHeapMB=%.1f heapAfterGcMB start=%.1f samples=%s end=%.1f",
        EDITS, CONCURRENCY, faults, new TreeMap<>(injected), served.get(), retries.sum(), counted,
        TimeUnit.NANOSECONDS.toMillis(wall), mb(peakHeap), mb(heapBefore),
        heapSamples.stream().map(b -> String.format("%.1f", mb(b))).toList(), mb(heapAfter));
    System.out.println(figures);
    Files.writeString(Path.of("target", "soak-figures.txt"), figures + System.lineSeparator(),
        StandardCharsets.UTF_8);

    assertThat(counted.keySet()).as("outcomes").allMatch(k -> !k.startsWith("UNTYPED") && !k.equals("success without images"));
    assertThat(successes + typedFailures).as("successes + typed failures").isEqualTo(EDITS);
    assertThat(served.get()).as("HTTP requests = edits + the retries the listener heard of").isEqualTo(EDITS + retries.sum());
    assertThat(faults).as("faults injected").isBetween((int) (EDITS * FAULT_RATE / 2), (int) (EDITS * FAULT_RATE * 2));
    int notRetried = injected.entrySet().stream().filter(e -> !e.getKey().retried)
        .mapToInt(e -> e.getValue().get()).sum();
    assertThat(typedFailures).as("failures: the faults that are not retried, and few others")
        .isGreaterThanOrEqualTo(notRetried).isLessThanOrEqualTo(notRetried + faults / 10 + 2);
    // Flat: what the soak leaves behind after a full GC is small whatever the number of edits.
    assertThat(heapAfter - heapBefore).as("heap growth after GC, bytes").isLessThan(24L << 20);
    assertThat(heapSamples.get(heapSamples.size() - 1) - heapSamples.get(0))
        .as("heap growth between the first and last quarter, bytes").isLessThan(24L << 20);
  }

  private static MockResponse respond(FaultKind fault) {
    return switch (fault) {
      case STATUS_503 -> json(503, BUSY);
      case STATUS_429 -> json(429, BUSY).newBuilder().setHeader("Retry-After", "0").build();
      case HTML_502 -> new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
          .body("<html><body><h1>502 Bad Gateway</h1></body></html>").build();
      case STATUS_500 -> json(500, BUSY);
      case DROP_AFTER_UPLOAD -> new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
      case TRUNCATED_JSON -> json(200, OK.substring(0, OK.length() / 2));
      case STALL -> new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
    };
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json").body(body).build();
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
    }
  }

  /** The sum of the heap pools' peaks: an upper bound of the heap in use at any one time. */
  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
    }
    return peak;
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  static {
    try {
      Files.createDirectories(Path.of("target"));
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
