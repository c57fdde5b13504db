package io.github.imageedits.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A callback body with a size limit: it reads at most one byte past the limit from the stream
 * beneath, and fails with {@link TooLarge} on that byte. Closing it leaves the stream beneath open.
 */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private long count;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    long room = limit + 1 - count;
    if (room <= 0) throw new TooLarge(limit);
    int n = in.read(b, off, (int) Math.min(len, room));
    if (n > 0) {
      count += n;
      if (count > limit) throw new TooLarge(limit);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(8192, Math.max(0, n))];
    long skipped = 0;
    while (skipped < n) {
      int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (read < 0) break;
      skipped += read;
    }
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), Math.max(0, limit + 1 - count));
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    // The caller owns the stream beneath.
  }

  /** The body went past the limit. */
  static final class TooLarge extends IOException {
    TooLarge(long limit) {
      super("the callback body is larger than " + limit + " bytes");
    }
  }
}
