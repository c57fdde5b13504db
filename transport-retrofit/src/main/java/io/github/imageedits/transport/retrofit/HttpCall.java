package io.github.imageedits.transport.retrofit;

import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.ProgressListener;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireReply;
import java.io.IOException;
import java.io.InterruptedIOException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Request;
import okhttp3.Response;

/** One exchange: sends, reads the reply within the limits, and turns I/O failures into typed errors. */
final class HttpCall implements Transport.Call {
  private final Call call;
  private final ReplyReader reader;
  private final EventStreamReader events;
  private final ProgressListener progress;
  private final HttpLog log;
  private final String timeouts;
  private final CallRegistry registry;
  private final String method;
  private final String url;
  /** Why the call was cancelled by us (the caller or close()), or null. */
  private volatile String cancelledBecause;
  /**
   * Whether the whole request went out: set when OkHttp finished writing the body (or the headers
   * of a request without one), or when reply headers began to arrive. From then on the provider
   * may be working on the edit, so a failure says {@code requestMayHaveBeenProcessed}.
   */
  private volatile boolean sent;
  /** Set when we dropped the connection of a reply we stopped reading on purpose. */
  private volatile boolean abandoned;

  HttpCall(Call call, ReplyReader reader, HttpLog log, String timeouts, CallRegistry registry) {
    this(call, reader, null, ProgressListener.NONE, log, timeouts, registry);
  }

  HttpCall(Call call, ReplyReader reader, EventStreamReader events, ProgressListener progress,
      HttpLog log, String timeouts, CallRegistry registry) {
    this.call = call;
    this.reader = reader;
    this.events = events;
    this.progress = progress;
    this.log = log;
    this.timeouts = timeouts;
    this.registry = registry;
    this.method = call.request().method();
    this.url = Redaction.url(call.request().url());
    call.addEventListener(new EventListener() {
      @Override
      public void requestHeadersEnd(Call c, Request request) {
        if (request.body() == null) sent = true;
      }

      @Override
      public void requestBodyEnd(Call c, long byteCount) {
        sent = true;
      }

      @Override
      public void responseHeadersStart(Call c) {
        sent = true;
      }
    });
  }

  @Override
  public WireReply execute() {
    return run(null);
  }

  /**
   * Reads a {@code text/event-stream} reply event by event (see {@link EventStreamReader}); any
   * other reply as {@link #execute()} does. The response is closed on every path, an early stop by
   * the handler included.
   */
  @Override
  public WireReply execute(Transport.EventHandler handler) {
    java.util.Objects.requireNonNull(handler, "handler == null");
    if (events == null) throw new IllegalStateException("this call was not made to read events");
    return run(handler);
  }

  private WireReply run(Transport.EventHandler handler) {
    long start = System.nanoTime();
    try {
      registry.add(this); // cancels the call at once when the transport is already closed
      log.request(call.request());
      try (Response response = call.execute()) {
        log.response(response, start);
        if (handler != null && EventStreamReader.isEventStream(response)) {
          WireReply head;
          try {
            head = events.read(response, handler, progress);
          } catch (LimitExceededException e) {
            abandon();
            throw e;
          }
          // A handler that stopped early (the final image came) leaves the rest, if any, to the
          // close below: OkHttp drains at most 100 ms of it to keep the connection, else drops it.
          log.end(method, url, head.status(), "events", start);
          return head;
        }
        WireReply reply;
        try {
          reply = reader.read(response, this::abandon, progress);
        } catch (LimitExceededException e) {
          abandon();
          throw e;
        }
        log.end(method, url, reply.status(), reply.json() != null ? "json" : "text", start);
        return reply;
      }
    } catch (IOException e) {
      log.failed(method, url, e, start);
      throw failure(e);
    } catch (RuntimeException e) {
      log.failed(method, url, e, start);
      throw e;
    } finally {
      registry.remove(this);
    }
  }

  /**
   * Drops the connection of a reply the reader stopped reading early (a quoted prefix of a huge
   * error body, a body over a limit). Closing the response instead would make OkHttp drain the rest
   * of the body to keep the connection: up to 100 ms of reading that the limit is meant to prevent.
   */
  private void abandon() {
    abandoned = true;
    call.cancel();
  }

  private TransportException failure(IOException e) {
    return failure(method + " " + url, e, cancelledBecause, call.isCanceled() && !abandoned, timeouts, sent);
  }

  /**
   * The typed error for an I/O failure of {@code what} ("METHOD url"): cancelled, over a limit,
   * interrupted, timed out, or failed; {@code sent} says whether the whole request had gone out.
   */
  static TransportException failure(String what, IOException e, String cancelledBecause,
      boolean cancelled, String timeouts, boolean sent) {
    // Said in the message too: the caller must know the edit may have been made and charged.
    String after = sent ? " after the whole request was sent (the provider may have processed it)" : "";
    if (cancelledBecause != null) {
      return new TransportException(what + " was cancelled " + cancelledBecause, e, sent);
    }
    if (e instanceof LimitExceededException) {
      return new TransportException(what + ": " + e.getMessage(), e, sent);
    }
    if (Thread.currentThread().isInterrupted()) {
      return new TransportException(what + " was interrupted", e, sent);
    }
    // SocketTimeoutException (connect, read, write) is an InterruptedIOException; OkHttp reports
    // the call timeout as InterruptedIOException("timeout") and cancels the call to enforce it.
    if (e instanceof InterruptedIOException || cancelled) {
      return new EditTimeoutException(what + " timed out" + after + " (" + describe(e)
          + "; limits: " + timeouts + ")", e, sent);
    }
    return new TransportException(what + " failed" + after + ": " + describe(e), e, sent);
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  @Override
  public void cancel() {
    cancel("by the caller");
  }

  void cancel(String reason) {
    if (cancelledBecause == null) cancelledBecause = reason;
    call.cancel();
  }

  @Override
  public String toString() {
    return "HttpCall[" + method + " " + url + "]";
  }
}
