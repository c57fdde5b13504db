package io.github.imageedits.transport.retrofit;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Headers;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Optional one-line-per-event HTTP logging: method, URL, headers with every credential masked,
 * status and durations. Bodies are never logged, so logging cannot buffer an upload or leak an
 * image; this is also why OkHttp's logging interceptor is not used.
 */
final class HttpLog {
  static final HttpLog NONE = new HttpLog(null);

  private final Consumer<String> sink;

  HttpLog(Consumer<String> sink) {
    this.sink = sink;
  }

  /** Whether anything is logged: callers skip building log text (a redacted URL) when not. */
  boolean enabled() {
    return sink != null;
  }

  void request(Request request) {
    if (sink == null) return;
    StringBuilder line = new StringBuilder("--> ").append(request.method()).append(' ')
        .append(Redaction.url(request.url()));
    RequestBody body = request.body();
    if (body != null) {
      line.append(" (").append(body.contentType() == null ? "no type" : body.contentType().type()
          + "/" + body.contentType().subtype());
      try {
        long length = body.contentLength();
        line.append(", ").append(length < 0 ? "unknown length" : length + " bytes");
      } catch (IOException e) {
        line.append(", length unknown: ").append(e.getClass().getSimpleName());
      }
      line.append(')');
    }
    emit(line.toString());
    headers(request.headers());
  }

  void response(Response response, long startNanos) {
    if (sink == null) return;
    emit("<-- " + response.code() + " " + response.request().method() + " "
        + Redaction.url(response.request().url()) + " (" + millis(startNanos) + " ms to headers)");
    headers(response.headers());
  }

  void end(String method, String url, int status, String kind, long startNanos) {
    if (sink == null) return;
    emit("<-- END " + status + " " + method + " " + url + " (" + kind + ", " + millis(startNanos)
        + " ms in total)");
  }

  void failed(String method, String url, Throwable failure, long startNanos) {
    if (sink == null) return;
    emit("<-- FAILED " + method + " " + url + " after " + millis(startNanos) + " ms: "
        + failure.getClass().getSimpleName() + ": " + failure.getMessage());
  }

  private void headers(Headers headers) {
    for (int i = 0; i < headers.size(); i++) {
      emit("    " + headers.name(i) + ": " + Redaction.headerValue(headers.name(i), headers.value(i)));
    }
  }

  private void emit(String line) {
    try {
      sink.accept(line);
    } catch (RuntimeException ignored) {
      // A broken logger must not break an edit.
    }
  }

  private static long millis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
