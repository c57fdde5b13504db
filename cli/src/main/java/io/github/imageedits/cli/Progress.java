package io.github.imageedits.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A waiting spinner with elapsed seconds on stderr, drawn only when stderr is a terminal and the
 * user did not ask for quiet or JSON output. Closing it clears the line.
 */
final class Progress implements AutoCloseable {
  private static final String FRAMES = "|/-\\";

  private final PrintWriter err;
  private final ScheduledExecutorService ticker;
  private final long started = System.nanoTime();
  private int frame;

  private Progress(PrintWriter err, ScheduledExecutorService ticker) {
    this.err = err;
    this.ticker = ticker;
  }

  static Progress start(PrintWriter err, boolean visible) {
    if (!visible) return new Progress(err, null);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "imageedit-progress");
      t.setDaemon(true);
      return t;
    });
    Progress progress = new Progress(err, ticker);
    ticker.scheduleAtFixedRate(progress::tick, 0, 200, TimeUnit.MILLISECONDS);
    return progress;
  }

  private void tick() {
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    err.print("\r" + FRAMES.charAt(frame++ % FRAMES.length()) + " editing… " + seconds + "s ");
    err.flush();
  }

  @Override
  public void close() {
    if (ticker == null) return;
    ticker.shutdownNow();
    err.print("\r\033[K");
    err.flush();
  }
}
