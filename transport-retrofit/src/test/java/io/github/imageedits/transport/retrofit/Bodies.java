package io.github.imageedits.transport.retrofit;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockResponseBody;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSource;
import okio.Okio;

/** Large reply bodies, and a client that counts what the transport reads of them. */
final class Bodies {
  static final long HUGE = 50L << 20;

  private Bodies() {}

  /** A 50 MB body of {@code unit} repeated, produced as it is sent; {@code written} counts it. */
  static MockResponseBody huge(String unit, AtomicLong written) {
    return new MockResponseBody() {
      @Override
      public long getContentLength() {
        return HUGE;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        byte[] chunk = unit.repeat(8192 / unit.length() + 1).substring(0, 8192).getBytes();
        for (long sent = 0; sent < HUGE; sent += chunk.length) {
          sink.write(chunk, 0, (int) Math.min(chunk.length, HUGE - sent));
          sink.emit();
          written.addAndGet(chunk.length);
        }
      }
    };
  }

  /** A base client whose network interceptor counts the body bytes pulled from the network. */
  static OkHttpClient counting(AtomicLong pulled) {
    return new OkHttpClient.Builder().addNetworkInterceptor(chain -> {
      okhttp3.Response response = chain.proceed(chain.request());
      ResponseBody body = response.body();
      var source = Okio.buffer(new ForwardingSource(body.source()) {
        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
          long n = super.read(sink, byteCount);
          if (n > 0) pulled.addAndGet(n);
          return n;
        }
      });
      return response.newBuilder()
          .body(ResponseBody.create(source, body.contentType(), body.contentLength()))
          .build();
    }).build();
  }
}
