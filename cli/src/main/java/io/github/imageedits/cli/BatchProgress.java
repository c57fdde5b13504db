package io.github.imageedits.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A batch's one progress line on stderr, redrawn twice a second while the batch runs, only on a
 * terminal (and not with --quiet or --json); otherwise it draws nothing:
 *
 * <pre>
 * 31/120 done · 2 failed · 0 uncertain · 83 queued · 4 running · 0.7/s · ETA 2m07s · concurrency 4
 * </pre>
 */
final class BatchProgress implements AutoCloseable {
  final AtomicInteger done = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  final AtomicInteger uncertain = new AtomicInteger();
  /** Items done in this run: the rate counts only these. */
  final AtomicInteger doneNow = new AtomicInteger();
  private final int total;
  private final int concurrency;
  private final IntSupplier running;
  private final PrintWriter err;
  private final boolean visible;
  private final long started = System.nanoTime();
  private ScheduledExecutorService ticker;

  BatchProgress(int total, int concurrency, IntSupplier running, PrintWriter err, boolean visible) {
    this.total = total;
    this.concurrency = concurrency;
    this.running = running;
    this.err = err;
    this.visible = visible;
  }

  synchronized BatchProgress start() {
    if (!visible || ticker != null) return this;
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "imageedit-batch-progress");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(this::draw, 0, 500, TimeUnit.MILLISECONDS);
    return this;
  }

  private synchronized void draw() {
    if (ticker == null) return;
    double seconds = (System.nanoTime() - started) / 1e9;
    err.print("\r" + line(total, done.get(), failed.get(), uncertain.get(), running.getAsInt(),
        doneNow.get(), seconds, concurrency) + "\033[K");
    err.flush();
  }

  /** The line for these counts; the rate and the ETA appear once an item is done in this run. */
  static String line(int total, int done, int failed, int uncertain, int running, int doneNow, double seconds,
      int concurrency) {
    int queued = Math.max(0, total - done - failed - uncertain - running);
    StringBuilder line = new StringBuilder().append(done).append('/').append(total).append(" done · ")
        .append(failed).append(" failed · ").append(uncertain).append(" uncertain · ")
        .append(queued).append(" queued · ").append(running).append(" running");
    if (doneNow > 0 && seconds > 0) {
      double rate = doneNow / seconds;
      line.append(String.format(Locale.ROOT, " · %.1f/s", rate));
      line.append(" · ETA ").append(duration((long) Math.ceil((queued + running) / rate)));
    }
    return line.append(" · concurrency ").append(concurrency).toString();
  }

  /** 42s, 2m07s, 1h03m. */
  static String duration(long seconds) {
    if (seconds < 60) return seconds + "s";
    if (seconds < 3600) return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
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
