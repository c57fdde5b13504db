package io.github.imageedits.cli;

import io.github.imageedits.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the user sees on stderr while an edit runs: first an upload bar with bytes and percent,
 * then a waiting spinner with elapsed seconds (and the reply's bytes once they flow). Drawn only
 * when stderr is a terminal and the user did not ask for quiet or JSON output; otherwise every
 * method does nothing. The client reports bytes through {@link ProgressListener}; closing clears
 * the line.
 *
 * <pre>
 * ↑ [==============>               ]  48%  24.1 MB / 50.2 MB
 * | editing… 12s
 * </pre>
 */
final class Progress implements ProgressListener, AutoCloseable {
  private static final String FRAMES = "|/-\\";
  private static final int BAR = 30;
  /** Upload reports redraw the bar at most this often (the last one always draws). */
  private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final PrintWriter err;
  private final boolean visible;
  private ScheduledExecutorService ticker;
  private long started;
  private long lastDrawn;
  private int frame;
  private long sent = -1;
  private long total = -1;
  private long received;
  private long receivedTotal = -1;

  private Progress(PrintWriter err, boolean visible) {
    this.err = err;
    this.visible = visible;
  }

  /** A progress display; nothing is drawn until {@link #start()}, and never when not visible. */
  static Progress create(PrintWriter err, boolean visible) {
    return new Progress(err, visible);
  }

  /** Starts drawing: the bar while the upload runs, the spinner after. Returns this, to close. */
  synchronized Progress start() {
    if (!visible || ticker != null) return this;
    started = System.nanoTime();
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "imageedit-progress");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(this::tick, 0, 200, TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public synchronized void uploaded(long sent, long total) {
    if (ticker == null) return;
    this.sent = sent;
    this.total = total;
    long now = System.nanoTime();
    if (sent == total || now - lastDrawn >= REDRAW_NANOS) {
      lastDrawn = now;
      draw();
    }
  }

  @Override
  public synchronized void downloaded(long received, long total) {
    if (ticker == null) return;
    this.received = received;
    this.receivedTotal = total;
  }

  private synchronized void tick() {
    if (ticker == null) return;
    draw();
  }

  private void draw() {
    err.print("\r" + line() + "\033[K");
    err.flush();
  }

  /** The line for the current state: the bar while bytes go up, the spinner after. */
  private String line() {
    if (sent >= 0 && sent != total) return bar(sent, total);
    if (sent >= 0 && received == 0 && System.nanoTime() - lastDrawn < REDRAW_NANOS) {
      return bar(sent, total); // let the finished bar be seen for a moment
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    String spinner = FRAMES.charAt(frame++ % FRAMES.length()) + " editing… " + seconds + "s";
    if (received > 0) spinner += "  ↓ " + bytes(received) + (receivedTotal > 0 ? " / " + bytes(receivedTotal) : "");
    return spinner;
  }

  /** {@code ↑ [====>     ]  48%  24.1 MB / 50.2 MB}, or without a bar when the total is unknown. */
  static String bar(long sent, long total) {
    if (total <= 0) return "↑ " + bytes(sent);
    int percent = (int) Math.min(100, sent * 100 / total);
    int filled = (int) Math.min(BAR, sent * BAR / total);
    StringBuilder bar = new StringBuilder("↑ [");
    for (int i = 0; i < BAR; i++) bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
    return bar.append("] ").append(String.format(Locale.ROOT, "%3d%%", percent))
        .append("  ").append(bytes(sent)).append(" / ").append(bytes(total)).toString();
  }

  /** Bytes in decimal units, as file managers show them: 950 B, 12.3 kB, 50.2 MB. */
  static String bytes(long n) {
    if (n < 1000) return n + " B";
    if (n < 1_000_000) return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
    if (n < 1_000_000_000) return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    return String.format(Locale.ROOT, "%.2f GB", n / 1e9);
  }

  @Override
  public synchronized void close() {
    if (ticker == null) return;
    ticker.shutdownNow();
    ticker = null;
    err.print("\r\033[K");
    err.flush();
  }
}
