package io.github.imageedits.transport.retrofit;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * Marks a request body as one-shot. An image edit costs money: OkHttp would otherwise send a
 * replayable body again on its own (after a connection broke once the request was sent, on a 408,
 * on a 503 with {@code Retry-After: 0}), and the provider might charge twice. With a one-shot body
 * OkHttp retries only failures that happen before a byte of the request left, such as a refused
 * connection; everything else reaches the caller, whose retry policy decides.
 */
final class SendOnceBody extends RequestBody {
  private final RequestBody delegate;

  SendOnceBody(RequestBody delegate) {
    this.delegate = delegate;
  }

  @Override
  public MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() throws IOException {
    return delegate.contentLength();
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    delegate.writeTo(sink);
  }

  @Override
  public boolean isOneShot() {
    return true;
  }
}
