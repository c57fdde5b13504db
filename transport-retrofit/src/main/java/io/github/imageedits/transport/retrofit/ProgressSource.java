package io.github.imageedits.transport.retrofit;

import io.github.imageedits.ProgressListener;
import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

/**
 * A response body that reports the bytes read from it: at most once per {@link #STEP} bytes, and
 * once more at the end of the body, so a listener hears about every byte without being called for
 * every read.
 */
final class ProgressSource extends ForwardingSource {
  static final long STEP = 64 * 1024;

  private final ProgressListener listener;
  private final long total;
  private long received;
  private long reported = -1;

  ProgressSource(Source delegate, ProgressListener listener, long total) {
    super(delegate);
    this.listener = listener;
    this.total = total;
  }

  /** {@code source} itself when nobody listens. */
  static Source wrap(Source source, ProgressListener listener, long total) {
    return listener == null || listener == ProgressListener.NONE
        ? source : new ProgressSource(source, listener, total);
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    long read = super.read(sink, byteCount);
    if (read > 0) {
      received += read;
      if (received - Math.max(reported, 0) >= STEP || received == total) report();
    } else if (read == -1 && reported != received) {
      report();
    }
    return read;
  }

  private void report() {
    reported = received;
    listener.downloaded(received, total);
  }
}
