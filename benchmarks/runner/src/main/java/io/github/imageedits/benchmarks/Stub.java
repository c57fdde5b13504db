package io.github.imageedits.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one server every client talks to: AceData's {@code POST /openai/images/edits} on loopback.
 * It reads each upload as it arrives and throws the bytes away (counting them and noting each
 * part's headers), then answers with an AceData sync reply carrying a {@code b64_json} image: a
 * small PNG, or a large one it streams from a few dozen kilobytes of memory.
 */
final class Stub implements AutoCloseable {
  /** What the next replies carry. */
  enum Reply { SMALL, LARGE }

  private static final byte[] ZEROS = new byte[1 << 16];

  private final HttpServer server;
  // Reads each request and writes the replies without latency; a handful of threads in practice.
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "stub");
    t.setDaemon(true);
    return t;
  });
  /**
   * Answers the edits that wait out a latency (workloads f, g) when it has passed. Not a sleeping
   * thread per request: 1,000 of them (workload g) cost the stub, on the clients' cores, a thousand
   * thread starts in the first run and a thousand wake-ups in each, and the first client of a
   * workload paid for the starts alone. The JDK server lets another thread finish an exchange.
   */
  private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "stub-answers");
    t.setDaemon(true);
    return t;
  });
  private final byte[] smallReply;
  private final byte[] largeHead;
  private final byte[] largeTail;
  private final long largeZeroChars;
  private volatile Reply reply = Reply.SMALL;
  /** Edits served at once before 429 (0: no limit), and how long each takes (workloads f, g). */
  private volatile int concurrencyLimit;
  private volatile long latencyMillis;
  private final java.util.concurrent.atomic.AtomicInteger serving = new java.util.concurrent.atomic.AtomicInteger();

  /** Requests answered 429 because {@link #limits} was reached. */
  final AtomicLong limited = new AtomicLong();

  final AtomicLong requests = new AtomicLong();
  final AtomicLong bodyBytes = new AtomicLong();
  final AtomicLong imageParts = new AtomicLong();
  final AtomicLong imagePartsNamed = new AtomicLong();
  final AtomicLong imagePartsPng = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  /** Client ports seen: each is one TCP connection (pooled connections show up once). */
  final java.util.Set<Integer> ports = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param smallPng the image small replies carry
   * @param largePngHead a real PNG that large replies carry, padded with zeros to {@code largeBytes}
   */
  Stub(byte[] smallPng, byte[] largePngHead, long largeBytes) throws IOException {
    smallReply = reply(Base64.getEncoder().encodeToString(smallPng)).getBytes(StandardCharsets.UTF_8);
    // The head is padded to a multiple of 3 bytes so its base64 joins the zeros' "AAAA" cleanly.
    int head = (largePngHead.length + 2) / 3 * 3;
    if ((largeBytes - head) % 3 != 0) throw new IllegalArgumentException("largeBytes % 3 != 0");
    String json = reply(Base64.getEncoder().encodeToString(Arrays.copyOf(largePngHead, head)) + "\u0000");
    int cut = json.indexOf('\u0000');
    largeHead = json.substring(0, cut).getBytes(StandardCharsets.UTF_8);
    largeTail = json.substring(cut + 1).getBytes(StandardCharsets.UTF_8);
    largeZeroChars = (largeBytes - head) / 3 * 4;

    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2048);
    server.createContext("/openai/images/edits", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  private static String reply(String b64) {
    return "{\"success\":true,\"task_id\":\"bench-task\",\"trace_id\":\"bench-trace\","
        + "\"created\":1721626477,\"data\":[{\"revised_prompt\":\"" + BenchText.PROMPT + "\","
        + "\"b64_json\":\"" + b64 + "\"}],\"elapsed\":0.1}";
  }

  /** The root every client is given; it appends {@code /openai/images/edits} (or, for the SDK, the base URL is this plus {@code /openai}). */
  String root() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void reply(Reply reply) {
    this.reply = reply;
  }

  /**
   * Serves at most {@code concurrency} edits at once (0: any number), each after {@code latencyMillis};
   * one more is answered at once with 429 {@code too_many_requests} and {@code Retry-After: 1}, as
   * AceData answers a key over its limit.
   */
  void limits(int concurrency, long latencyMillis) {
    this.concurrencyLimit = concurrency;
    this.latencyMillis = latencyMillis;
  }

  private void handle(HttpExchange exchange) throws IOException {
    boolean later = false; // answered after the latency, by answers
    try {
      requests.incrementAndGet();
      ports.add(exchange.getRemoteAddress().getPort());
      PartScanner parts = new PartScanner();
      byte[] buffer = new byte[1 << 16];
      try (InputStream body = exchange.getRequestBody()) {
        for (int n; (n = body.read(buffer)) > 0; ) {
          bodyBytes.addAndGet(n);
          parts.scan(buffer, n);
        }
      }
      imageParts.addAndGet(parts.images);
      imagePartsNamed.addAndGet(parts.named);
      imagePartsPng.addAndGet(parts.png);
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (!"POST".equals(exchange.getRequestMethod()) || auth == null || !auth.equals("Bearer bench-key")
          || parts.images == 0 || !parts.model || !parts.prompt) {
        refused.incrementAndGet();
        byte[] error = ("{\"success\":false,\"error\":{\"code\":\"bad_request\",\"message\":\"stub: "
            + "missing key, model, prompt or image\"},\"trace_id\":\"bench-trace\"}")
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(400, error.length);
        exchange.getResponseBody().write(error);
        return;
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      long latency = latencyMillis;
      if (latency <= 0) {
        answer(exchange);
        return;
      }
      if (!takeTurn(exchange)) return;
      answers.schedule(new Later(exchange), latency, TimeUnit.MILLISECONDS);
      later = true;
    } finally {
      if (!later) exchange.close();
    }
  }

  /** Takes a place among the edits served at once; false (after answering 429) when no place is free. */
  private boolean takeTurn(HttpExchange exchange) throws IOException {
    int limit = concurrencyLimit;
    if (serving.incrementAndGet() > limit && limit > 0) {
      serving.decrementAndGet();
      limited.incrementAndGet();
      byte[] error = ("{\"success\":false,\"error\":{\"code\":\"too_many_requests\",\"message\":\"stub: "
          + "more than " + limit + " edits at once\"},\"trace_id\":\"bench-trace\"}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Retry-After", "1");
      exchange.sendResponseHeaders(429, error.length);
      exchange.getResponseBody().write(error);
      return false;
    }
    return true;
  }

  /** The answer of an edit whose latency has passed; then its place is free. */
  private final class Later implements Runnable {
    private final HttpExchange exchange;

    Later(HttpExchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public void run() {
      if (reply == Reply.LARGE) { // a long write: not on the answering threads, which others wait for
        executor.execute(this::send);
      } else {
        send();
      }
    }

    private void send() {
      try (exchange) {
        answer(exchange);
      } catch (IOException | RuntimeException e) {
        // the client went away; its run counts the failure
      } finally {
        serving.decrementAndGet();
      }
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    OutputStream out = exchange.getResponseBody();
    if (reply == Reply.SMALL) {
      exchange.sendResponseHeaders(200, smallReply.length);
      out.write(smallReply);
    } else {
      exchange.sendResponseHeaders(200, largeHead.length + largeZeroChars + largeTail.length);
      out.write(largeHead);
      byte[] a = new byte[48 << 10];
      Arrays.fill(a, (byte) 'A'); // base64 of zero bytes
      for (long left = largeZeroChars; left > 0; left -= a.length) {
        out.write(a, 0, (int) Math.min(a.length, left));
      }
      out.write(largeTail);
    }
  }

  /**
   * Sends the stub requests of its own (both reply sizes) so that its JIT and class loading are
   * done before any client is timed: otherwise the first client of the first round pays for the
   * server's warm-up (a quarter of a second on 2 cores).
   */
  void warmUp(byte[] png, int requests) throws IOException {
    String boundary = "warm-up-boundary";
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n"
        + BenchText.MODEL + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\n"
        + BenchText.PROMPT + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\";"
        + " filename=\"warm.png\"\r\nContent-Type: image/png\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.write(head.getBytes(StandardCharsets.ISO_8859_1));
    body.write(png);
    body.write(tail.getBytes(StandardCharsets.ISO_8859_1));
    byte[] bytes = body.toByteArray();
    Reply before = reply;
    try {
      for (int i = 0; i < requests; i++) {
        reply(i % 50 == 49 ? Reply.LARGE : Reply.SMALL);
        java.net.HttpURLConnection c = (java.net.HttpURLConnection)
            java.net.URI.create(root() + "/openai/images/edits").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(bytes.length);
        c.setRequestProperty("Authorization", "Bearer bench-key");
        c.setRequestProperty("Content-Type", "multipart/form-data; boundary=" + boundary);
        try (OutputStream out = c.getOutputStream()) {
          out.write(bytes);
        }
        if (c.getResponseCode() != 200) throw new IOException("stub warm-up: HTTP " + c.getResponseCode());
        try (InputStream in = c.getInputStream()) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
    } finally {
      reply(before);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    answers.shutdownNow();
    executor.shutdownNow();
  }

  /**
   * Reads multipart part headers out of a body going by, without keeping it: a line-at-a-time
   * scan that jumps over runs of zero bytes (the padding of the large test images) at vector speed.
   */
  private static final class PartScanner {
    private final StringBuilder line = new StringBuilder();
    private boolean binary;
    private boolean imagePart;
    int images;
    int named;
    int png;
    boolean model;
    boolean prompt;
    private String lastField = "";

    void scan(byte[] b, int n) {
      for (int i = 0; i < n; i++) {
        byte c = b[i];
        if (c == 0) {
          binary = true;
          int skip = Arrays.mismatch(b, i, n, ZEROS, 0, Math.min(ZEROS.length, n - i));
          i += (skip < 0 ? Math.min(ZEROS.length, n - i) : skip) - 1;
          continue;
        }
        if (c == '\n') {
          if (!binary) line(line.toString());
          line.setLength(0);
          binary = false;
        } else if (c != '\r' && line.length() < 512) {
          line.append((char) (c & 0xff));
        }
      }
    }

    private void line(String text) {
      String lower = text.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-disposition:")) {
        int name = lower.indexOf("name=\"");
        String field = name < 0 ? "" : lower.substring(name + 6, Math.max(name + 6, lower.indexOf('"', name + 6)));
        imagePart = field.equals("image") || field.equals("image[]");
        lastField = field;
        if (imagePart) {
          images++;
          if (lower.contains("filename=\"")) named++;
        }
      } else if (lower.startsWith("content-type:")) {
        if (imagePart && lower.contains("image/png")) png++;
      } else if (lastField.equals("model") && text.equals(BenchText.MODEL)) {
        model = true;
      } else if (lastField.equals("prompt") && text.equals(BenchText.PROMPT)) {
        prompt = true;
      }
    }
  }
}
