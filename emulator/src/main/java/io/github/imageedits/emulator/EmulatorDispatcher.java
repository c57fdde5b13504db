package io.github.imageedits.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
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
 * Routes every request: the CDN path to the result store, everything else through the pending
 * fault (if any) to the dialect; counts requests and records edit requests.
 */
final class EmulatorDispatcher extends Dispatcher {
  private static final String CDN = "/cdn/";

  private final Protocol protocol;
  private final EmulatorContext context;
  private final MockWebServer server;
  final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
  final List<ReceivedEdit> received = new CopyOnWriteArrayList<>();
  final AtomicInteger requestCount = new AtomicInteger();

  final Limits limits;

  EmulatorDispatcher(Protocol protocol, EmulatorContext context, MockWebServer server, Limits limits) {
    this.limits = limits;
    this.protocol = protocol;
    this.context = context;
    this.server = server;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    requestCount.incrementAndGet();
    try {
      String path = request.getUrl().encodedPath();
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
    if (protocol.isEditPath(path)) record(request, path, reply);
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
      if (name.equals("authorization")) {
        value = value.regionMatches(true, 0, "Bearer ", 0, 7) ? "Bearer <redacted>" : "<redacted>";
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
        context.authorized(request),
        form == null ? Map.of() : form.fields,
        form == null ? List.of() : form.parts,
        form == null ? List.of() : form.imageUrls,
        request.getBodySize(),
        chunked != null && chunked.toLowerCase(Locale.ROOT).contains("chunked"),
        reply.status(),
        reply.taskId()));
  }
}
