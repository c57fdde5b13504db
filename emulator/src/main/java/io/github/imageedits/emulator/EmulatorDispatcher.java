package io.github.imageedits.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;

/**
 * Routes every request: the CDN path to the result store, the control path
 * ({@value #CHARGES_PATH}) to the charge counter, everything else through the pending fault (if
 * any) to the dialect; counts requests, records edit requests and counts charges per item.
 */
final class EmulatorDispatcher extends Dispatcher {
  private static final String CDN = "/cdn/";
  /** The charge counter over HTTP, for tests whose client runs in another process. */
  static final String CHARGES_PATH = "/__emulator/charges";

  private final Protocol protocol;
  private final EmulatorContext context;
  private final MockWebServer server;
  final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
  final List<ReceivedEdit> received = new CopyOnWriteArrayList<>();
  final AtomicInteger requestCount = new AtomicInteger();
  final Map<String, AtomicInteger> charges = new ConcurrentHashMap<>();

  final Limits limits;

  EmulatorDispatcher(Protocol protocol, EmulatorContext context, MockWebServer server, Limits limits) {
    this.limits = limits;
    this.protocol = protocol;
    this.context = context;
    this.server = server;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    String path = request.getUrl().encodedPath();
    // Not an API request: it neither counts nor takes a pending fault.
    if (path.equals(CHARGES_PATH)) return chargesReply(request);
    requestCount.incrementAndGet();
    try {
      if (path.startsWith(CDN)) return cdn(request, path.substring(CDN.length()));
      if (protocol.isEditPath(path)) return limited(request, path);
      return answer(request, path);
    } catch (RuntimeException e) {
      // A bug in the emulator must show up as a failing reply, not as a hung client.
      return protocol.error(500, protocol.codeFor(500), "emulator failure: " + e).build();
    } finally {
      // MockWebServer queues every request for takeRequest(); nobody takes them here, so drop them
      // to keep a long-running emulator's memory flat.
      while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
        // drained
      }
    }
  }

  /**
   * Counts one charge for the item {@code form} belongs to: its {@code user} field when it has one
   * (a batch names its items there), else {@code sha256:} and the first 16 hex digits of the
   * SHA-256 of the prompt and the first image's bytes (or its URL).
   */
  private void charge(EditForm form) {
    charges.computeIfAbsent(itemOf(form), k -> new AtomicInteger()).incrementAndGet();
  }

  static String itemOf(EditForm form) {
    String user = form.fields.get("user");
    if (user != null && !user.isBlank()) return user;
    byte[] prompt = String.valueOf(form.fields.get("prompt")).getBytes(StandardCharsets.UTF_8);
    byte[] image = new byte[0];
    if (!form.images.isEmpty()) {
      EditForm.Input first = form.images.get(0);
      image = first.isUrl() ? first.url().getBytes(StandardCharsets.UTF_8) : first.bytes();
    }
    byte[] both = new byte[prompt.length + 1 + image.length];
    System.arraycopy(prompt, 0, both, 0, prompt.length);
    System.arraycopy(image, 0, both, prompt.length + 1, image.length); // a zero byte between them
    return "sha256:" + EditForm.sha256(both).substring(0, 16);
  }

  /** The charges so far, by item, sorted by item. */
  Map<String, Integer> charges() {
    Map<String, Integer> copy = new TreeMap<>();
    charges.forEach((item, count) -> copy.put(item, count.get()));
    return copy;
  }

  private MockResponse chargesReply(RecordedRequest request) {
    if (!request.getMethod().equals("GET")) {
      return new MockResponse.Builder().code(405).setHeader("Allow", "GET").build();
    }
    return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .body(Json.write(charges())).build();
  }

  /** An edit request under the provider's limits: refused with 429 beyond them, else answered after the latency. */
  private MockResponse limited(RecordedRequest request, String path) throws InterruptedException {
    Duration refusedFor = limits.admit();
    if (refusedFor != null) {
      MockResponse.Builder response = protocol.error(429, protocol.codeFor(429),
          "Too many requests: the emulator's limit is reached; retry after " + refusedFor.toSeconds() + " s")
          .setHeader("Retry-After", Long.toString(refusedFor.toSeconds()));
      record(request, path, new Protocol.Reply(response, 429, protocol.tryParse(request), null));
      return response.build();
    }
    try {
      limits.delay();
      return answer(request, path);
    } finally {
      limits.leave();
    }
  }

  private MockResponse answer(RecordedRequest request, String path) {
    Fault fault = faults.poll();
    Protocol.Reply reply;
    if (fault != null && fault.isDisconnect()) {
      reply = new Protocol.Reply(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()),
          0, protocol.tryParse(request), null);
    } else if (fault != null && fault.isError()) {
      String code = fault.code != null ? fault.code : protocol.codeFor(fault.status);
      MockResponse.Builder response = protocol.error(fault.status, code, fault.message);
      if (fault.retryAfter != null) response.setHeader("Retry-After", fault.retryAfterSeconds());
      reply = new Protocol.Reply(response, fault.status, protocol.isEditPath(path) ? protocol.tryParse(request) : null, null);
    } else {
      reply = protocol.handle(request);
    }
    if (fault != null && !fault.delay.isZero()) {
      reply.response().headersDelay(fault.delay.toNanos(), TimeUnit.NANOSECONDS);
    }
    if (protocol.isEditPath(path)) {
      record(request, path, reply);
      // A 200 with an edit made (or, with callback_url, a task accepted) is what a provider bills;
      // a refusal, a fault's error and a dropped connection before the reply are not billed.
      if (reply.status() == 200 && reply.form() != null) charge(reply.form());
    }
    return reply.response().build();
  }

  private MockResponse cdn(RecordedRequest request, String name) {
    if (!request.getMethod().equals("GET")) {
      return new MockResponse.Builder().code(405).setHeader("Allow", "GET").build();
    }
    ResultStore.Entry entry = context.store.get(name);
    if (entry == null) return xmlError(404, "NoSuchKey", "The specified key does not exist.");
    // What an expired signed link answers on an object store: 403, not 404.
    if (context.store.isExpired(entry)) return xmlError(403, "AccessDenied", "Request has expired");
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", entry.mediaType())
        .body(new Buffer().write(entry.bytes()))
        .build();
  }

  private static MockResponse xmlError(int status, String code, String message) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/xml")
        .body("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
            + "</Message></Error>\n")
        .build();
  }

  private void record(RecordedRequest request, String path, Protocol.Reply reply) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String rawName : request.getHeaders().names()) {
      String name = rawName.toLowerCase(Locale.ROOT);
      String value = request.getHeaders().get(rawName);
      if (name.equals("x-goog-api-key")) value = "<redacted>";
      if (name.equals("authorization")) {
        value = value.regionMatches(true, 0, "Bearer ", 0, 7) ? "Bearer <redacted>" : "<redacted>";
      } else if (name.equals("api-key")) {
        value = "<redacted>";
      }
      headers.put(name, value);
    }
    EditForm form = reply.form();
    String chunked = request.getHeaders().get("Transfer-Encoding");
    received.add(new ReceivedEdit(
        request.getMethod(),
        path,
        EditForm.mediaTypeOf(request),
        headers,
        protocol.authorized(request),
        form == null ? Map.of() : form.fields,
        form == null ? List.of() : form.parts,
        form == null ? List.of() : form.imageUrls,
        request.getBodySize(),
        chunked != null && chunked.toLowerCase(Locale.ROOT).contains("chunked"),
        reply.status(),
        reply.taskId()));
  }
}
