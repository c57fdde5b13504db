package io.github.imageedits.transport.retrofit;

import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireReply;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

/**
 * One exchange, executed by Retrofit: sends, reads the reply within the limits, and turns I/O
 * failures into typed errors. Made by {@link ProviderApi.Adapter} around Retrofit's {@link Call},
 * which makes exactly one OkHttp call, when the request is first asked for, and executes it once.
 */
final class HttpCall implements Transport.Call {
  /** What every call of one transport shares. */
  record Readers(ReplyReader reader, EventStreamReader events, HttpLog log, CallRegistry registry) {}

  private final Call<ResponseBody> call;
  private final Readers readers;
  private final CallState state;
  private final String method;
  /**
   * The URL as messages and logs show it, made on first use: a successful call without a logger
   * never needs it, and redacting builds a new URL.
   */
  private String url;
  /** Why the call was cancelled by us (the caller or close()), or null. */
  private volatile String cancelledBecause;
  /** Set when we dropped the connection of a reply we stopped reading on purpose. */
  private volatile boolean abandoned;

  HttpCall(Call<ResponseBody> call, Readers readers) {
    this.call = call;
    this.readers = readers;
    Request request = call.request(); // makes the one OkHttp call, through ProviderApi.calls
    this.state = request.tag(CallState.class);
    this.method = request.method();
  }

  private String url() {
    String shown = url;
    if (shown == null) url = shown = Redaction.url(call.request().url());
    return shown;
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
    return run(handler);
  }

  private WireReply run(Transport.EventHandler handler) {
    long start = System.nanoTime();
    HttpLog log = readers.log();
    try {
      readers.registry().add(this); // cancels the call at once when the transport is already closed
      log.request(call.request());
      Response<ResponseBody> response = call.execute();
      okhttp3.Response raw = response.raw();
      log.response(raw, start);
      // A 2xx body streams (@Streaming); a non-2xx one Retrofit has buffered, cut by ErrorBodyCap.
      // A 204 or 205 has none.
      ResponseBody body = response.isSuccessful() ? response.body() : response.errorBody();
      if (body == null) body = ResponseBody.create(new byte[0], raw.body().contentType());
      try (ResponseBody closing = body) {
        int status = raw.code();
        Map<String, List<String>> headers = headers(raw.headers());
        // Retrofit parsed the Content-Type once already, into the raw response's stand-in body;
        // asking the body itself would parse the header again (a regex match per reply).
        MediaType type = raw.body().contentType();
        if (handler != null && EventStreamReader.isEventStream(status, type)) {
          WireReply head;
          try {
            head = readers.events().read(status, headers, body.source(), body.contentLength(),
                handler, state.progress);
          } catch (LimitExceededException e) {
            abandon();
            throw e;
          }
          // A handler that stopped early (the final image came) leaves the rest, if any, to the
          // close below: OkHttp drains at most 100 ms of it to keep the connection, else drops it.
          if (log.enabled()) log.end(method, url(), head.status(), "events", start);
          return head;
        }
        WireReply reply;
        try {
          ReplyReader reader = readers.reader().withBase64ImageKeys(state.base64ImageKeys);
          reply = reader.read(status, headers, type, body.source(), body.contentLength(),
              new Abandon(), state.progress);
        } catch (LimitExceededException e) {
          abandon();
          throw e;
        }
        if (log.enabled()) log.end(method, url(), reply.status(), reply.json() != null ? "json" : "text", start);
        return reply;
      }
    } catch (IOException e) {
      if (log.enabled()) log.failed(method, url(), e, start);
      throw failure(e);
    } catch (RuntimeException e) {
      if (log.enabled()) log.failed(method, url(), e, start);
      throw e;
    } finally {
      readers.registry().remove(this);
    }
  }

  /**
   * The reply's headers for a {@link WireReply}: names in lower case, as it keeps them. Not
   * {@code Headers.toMultimap()}, whose case-insensitive sorted map the reply would copy again.
   */
  static Map<String, List<String>> headers(okhttp3.Headers headers) {
    Map<String, List<String>> map = new java.util.HashMap<>();
    for (int i = 0, size = headers.size(); i < size; i++) {
      String name = headers.name(i).toLowerCase(java.util.Locale.ROOT);
      List<String> values = map.get(name);
      if (values == null) {
        map.put(name, List.of(headers.value(i)));
      } else {
        List<String> more = new java.util.ArrayList<>(values);
        more.add(headers.value(i));
        map.put(name, more);
      }
    }
    return map;
  }

  /**
   * Drops the connection of a reply the reader stopped reading early (a quoted prefix of a huge
   * error body, a body over a limit). Closing the response instead would make OkHttp drain the rest
   * of the body to keep the connection: up to 100 ms of reading that the limit is meant to prevent.
   */
  /** {@link #abandon} for the reply reader; a named class, not a method reference (no hidden class on a cold JVM). */
  private final class Abandon implements Runnable {
    @Override
    public void run() {
      abandon();
    }
  }

  private void abandon() {
    abandoned = true;
    call.cancel();
  }

  private TransportException failure(IOException e) {
    // The limits are described only now: a call that does not fail never needs the text.
    return failure(method + " " + url(), e, state, cancelledBecause, call.isCanceled() && !abandoned,
        state.limits(), state.sent());
  }

  /**
   * {@link #failure(String, IOException, String, boolean, String, boolean)}, naming the proxy when
   * the call failed because the proxy {@code state} saw could not be reached: OkHttp names only
   * the address it failed to connect to.
   */
  static TransportException failure(String what, IOException e, CallState state,
      String cancelledBecause, boolean cancelled, String timeouts, boolean sent) {
    String proxy = state.unreachableProxy();
    if (proxy != null && cancelledBecause == null && !sent) {
      String message = what + " failed: could not reach the proxy " + proxy + " (" + describe(e) + ")";
      return e instanceof InterruptedIOException
          ? new EditTimeoutException(message + "; limits: " + timeouts, e, false)
          : new TransportException(message, e, false);
    }
    return failure(what, e, cancelledBecause, cancelled, timeouts, sent);
  }

  /**
   * The typed error for an I/O failure of {@code what} ("METHOD url"): cancelled, over a limit,
   * interrupted, timed out, or failed; {@code sent} says whether the whole request had gone out.
   */
  private static TransportException failure(String what, IOException e, String cancelledBecause,
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
    return "HttpCall[" + method + " " + url() + "]";
  }
}
