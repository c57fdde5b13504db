package io.github.imageedits.transport.retrofit;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;

/**
 * The transport's one interceptor. It applies a request's own connect, read and write timeouts
 * ({@link CallState#withOwnTimeouts}), and it cuts the body of every non-2xx reply after
 * {@code maxErrorBodySize + 1} bytes. Retrofit reads the whole body of a non-2xx reply into memory
 * before it returns (so that the error can be inspected after the connection is released); without
 * this cap a 50 MB HTML error page would be held whole.
 * The one byte past the limit lets the reply reader tell a body that was cut from one that fit.
 *
 * <p>A body that was cut is not drained: closing it cancels the OkHttp call, which drops the
 * connection at once instead of reading (up to 100 ms of) the rest to keep it.
 */
final class ErrorBodyCap implements Interceptor {
  private final long cap;

  ErrorBodyCap(long maxErrorBodySize) {
    this.cap = maxErrorBodySize + 1;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    // One interceptor for both jobs: each interceptor costs every call a chain of its own.
    chain = CallState.withOwnTimeouts(chain);
    Response response = chain.proceed(chain.request());
    ResponseBody body = response.body();
    if (response.isSuccessful()) return response;
    long length = body.contentLength();
    okhttp3.Call call = chain.call();
    ForwardingSource capped = new ForwardingSource(body.source()) {
      private long remaining = cap;

      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        if (remaining == 0) return -1;
        long read = super.read(sink, Math.min(byteCount, remaining));
        if (read > 0) remaining -= read;
        return read;
      }

      @Override
      public void close() throws IOException {
        if (remaining == 0) call.cancel(); // the rest was never read: drop it with the connection
        super.close();
      }
    };
    return response.newBuilder()
        .body(ResponseBody.create(Okio.buffer(capped), body.contentType(), length <= cap ? length : -1))
        .build();
  }
}
