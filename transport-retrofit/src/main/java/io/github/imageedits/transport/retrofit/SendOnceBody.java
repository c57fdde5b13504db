package io.github.imageedits.transport.retrofit;

import io.github.imageedits.ProgressListener;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;
import okio.Sink;

/**
 * Marks a request body as one-shot, and counts it out for upload progress.
 *
 * <p>One-shot: an image edit costs money. OkHttp would otherwise send a replayable body again on its
 * own (after a connection broke once the request was sent, on a 408, on a 503 with
 * {@code Retry-After: 0}), and the provider might charge twice. With a one-shot body OkHttp retries
 * only failures that happen before a byte of the request left, such as a refused connection;
 * everything else reaches the caller, whose retry policy decides.
 *
 * <p>Progress: bytes are counted as they pass to OkHttp's socket sink, which the file parts feed
 * 64 KiB at a time; the listener hears at most once per {@link ProgressSource#STEP} bytes, at the
 * start (0) and at the end (the whole length).
 */
final class SendOnceBody extends RequestBody {
  private final RequestBody delegate;
  private final ProgressListener progress;

  SendOnceBody(RequestBody delegate, ProgressListener progress) {
    this.delegate = delegate;
    this.progress = progress;
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
    if (progress == ProgressListener.NONE) {
      delegate.writeTo(sink);
      return;
    }
    long total = contentLength();
    Counting counting = new Counting(sink, total);
    progress.uploaded(0, total);
    BufferedSink buffered = Okio.buffer(counting);
    delegate.writeTo(buffered);
    buffered.emit(); // hands the rest to OkHttp's sink without flushing it (OkHttp flushes)
    counting.finish();
  }

  @Override
  public boolean isOneShot() {
    return true;
  }

  /** Counts bytes on their way into OkHttp's sink. */
  private final class Counting extends ForwardingSink {
    private final long total;
    private long sent;
    private long reported;

    Counting(Sink delegate, long total) {
      super(delegate);
      this.total = total;
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      super.write(source, byteCount);
      sent += byteCount;
      if (sent - reported >= ProgressSource.STEP) report();
    }

    void finish() {
      if (sent != reported) report();
    }

    private void report() {
      reported = sent;
      progress.uploaded(sent, total);
    }
  }
}
