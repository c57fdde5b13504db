package io.github.imageedits.transport.retrofit;

import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

/**
 * The response body as the reply reader sees it. It counts the bytes pulled from the network and
 * fails once they pass the limit (counting can be paused while a b64_json value streams to a file,
 * which has its own limit); it keeps a copy of the first bytes, to quote a body that turns out not
 * to be JSON; and it remembers an I/O failure of the network itself, so that a connection that broke
 * is never mistaken for a malformed body.
 */
final class BoundedSource extends ForwardingSource {
  private final long limit;
  private final String limitName;
  private final long prefixCap;
  private final Buffer prefix = new Buffer();
  private long counted;
  private boolean counting = true;
  private IOException networkFailure;
  private boolean ended;

  BoundedSource(Source delegate, long limit, String limitName, long prefixCap) {
    super(delegate);
    this.limit = limit;
    this.limitName = limitName;
    this.prefixCap = prefixCap;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    long read;
    try {
      read = super.read(sink, byteCount);
    } catch (IOException e) {
      networkFailure = e;
      throw e;
    }
    if (read == -1) ended = true;
    if (read > 0) {
      long room = prefixCap - prefix.size();
      if (room > 0) sink.copyTo(prefix, sink.size() - read, Math.min(room, read));
      if (counting) {
        counted += read;
        if (counted > limit) {
          throw new LimitExceededException("the reply body is larger than " + limitName + " ("
              + limit + " bytes)", true);
        }
      }
    }
    return read;
  }

  /** Stops or resumes counting bytes against the limit. */
  void counting(boolean counting) {
    this.counting = counting;
  }

  /** The I/O failure the network raised, or null. */
  IOException networkFailure() {
    return networkFailure;
  }

  /** True once the body's end was read. */
  boolean ended() {
    return ended;
  }

  /** True when the first {@code prefixCap} bytes are all recorded. */
  boolean prefixFull() {
    return prefix.size() >= prefixCap;
  }

  /** A copy of the first bytes read (at most {@code prefixCap}). */
  byte[] prefix() {
    return prefix.snapshot().toByteArray();
  }
}
