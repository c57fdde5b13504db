package io.github.imageedits.client;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.EditObserver;
import io.github.imageedits.ProgressListener;

/**
 * Settings of an {@link EditEngine} beyond its adapter, transport and context. Immutable; each
 * setter returns a changed copy.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.defaults()
 *     .maxDownloadBytes(64L << 20)
 *     .progressListener(listener);
 * }</pre>
 */
final class ClientOptions {
  private static final ClientOptions DEFAULTS =
      new ClientOptions(EditEngine.DEFAULT_MAX_DOWNLOAD_BYTES, ProgressListener.NONE, EditObserver.NONE);

  private final long maxDownloadBytes;
  private final ProgressListener progressListener;
  private final EditObserver observer;

  private ClientOptions(long maxDownloadBytes, ProgressListener progressListener, EditObserver observer) {
    this.maxDownloadBytes = maxDownloadBytes;
    this.progressListener = progressListener;
    this.observer = observer;
  }

  /** Downloads capped at {@link EditEngine#DEFAULT_MAX_DOWNLOAD_BYTES}, no progress reports. */
  public static ClientOptions defaults() {
    return DEFAULTS;
  }

  /** The largest result image {@code save} downloads from a link; past it the download fails. */
  public long maxDownloadBytes() {
    return maxDownloadBytes;
  }

  /** A copy with the download cap set to {@code bytes} (positive). */
  public ClientOptions maxDownloadBytes(long bytes) {
    if (bytes <= 0) throw new IllegalArgumentException("maxDownloadBytes must be positive: " + bytes);
    return new ClientOptions(bytes, progressListener, observer);
  }

  /** Hears upload and download progress of every call the client makes. */
  public ProgressListener progressListener() {
    return progressListener;
  }

  /** A copy reporting progress to {@code listener}. */
  public ClientOptions progressListener(ProgressListener listener) {
    return new ClientOptions(maxDownloadBytes, requireNonNull(listener, "listener == null"), observer);
  }

  /** Observes every edit, stream and submission; {@link EditObserver#NONE} by default. */
  public EditObserver observer() {
    return observer;
  }

  /** A copy reporting to {@code observer}. */
  public ClientOptions observer(EditObserver observer) {
    return new ClientOptions(maxDownloadBytes, progressListener, requireNonNull(observer, "observer == null"));
  }

  @Override
  public String toString() {
    return "ClientOptions[maxDownloadBytes=" + maxDownloadBytes + "]";
  }
}
