package io.github.imageedits.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The main of every forked benchmark JVM: runs one workload with one client and prints one line,
 * {@code RESULT ok key=value ...} or {@code RESULT fail reason}, which the runner reads. The JVM
 * then exits, so no client's lingering threads keep it alive.
 *
 * <pre>
 * cold       STUB IMAGE                        one edit from a fresh JVM
 * throughput STUB IMAGE COUNT CONCURRENCY WARM edits per second after WARM warm-up edits
 * upload     STUB FOLDER                       one edit with every file of FOLDER
 * result     STUB IMAGE OUTFOLDER              one edit whose large b64_json result goes to disk
 * fire       STUB IMAGE COUNT                  COUNT asynchronous edits at once (workloads f, g)
 * </pre>
 */
public final class Driver {
  /** When this class was initialized: the JVM's start to here is JVM boot and class loading. */
  private static final long START_MILLIS = System.currentTimeMillis();

  private Driver() {}

  /** Runs the workload named by {@code args[0]} with a client from {@code factory}. */
  public static void run(String[] args, BenchClient.Factory factory) {
    PrintStream out = System.out;
    int status = 0;
    try {
      out.println("RESULT ok " + workload(args, factory));
    } catch (Throwable t) {
      status = 1;
      out.println("RESULT fail " + describe(t));
      t.printStackTrace(System.err);
    }
    out.flush();
    System.err.flush();
    System.exit(status); // not halt(): a flight recording (--jfr) is written at exit
  }

  private static String workload(String[] args, BenchClient.Factory factory) throws Exception {
    String stub = args[1];
    switch (args[0]) {
      case "cold": {
        long start = System.nanoTime();
        try (BenchClient client = factory.create(stub)) {
          long built = System.nanoTime();
          long bytes = client.editSmall(Path.of(args[2]));
          if (bytes <= 0) throw new IllegalStateException("empty result image");
          long vmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
          return "bytes=" + bytes + " buildNanos=" + (built - start) + " firstEditNanos="
              + (System.nanoTime() - built) + " mainAtMillis=" + (START_MILLIS - vmStart);
        }
      }
      case "throughput": {
        Path image = Path.of(args[2]);
        int count = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        int warm = Integer.parseInt(args[5]);
        try (BenchClient client = factory.create(stub)) {
          edits(client, image, warm, concurrency);
          long cpu = cpuNanos();
          long gc = gcMillis();
          long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
          long start = System.nanoTime();
          edits(client, image, count, concurrency);
          long nanos = System.nanoTime() - start;
          return "editsPerSecond=" + (count * 1e9 / nanos) + " nanos=" + nanos
              + " cpuNanosPerEdit=" + (cpuNanos() - cpu) / count + " gcMillis=" + (gcMillis() - gc)
              + " jitMillis=" + (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit)
              + heap();
        }
      }
      case "upload": {
        List<Path> images;
        try (Stream<Path> files = Files.list(Path.of(args[2]))) {
          images = files.sorted().toList();
        }
        try (BenchClient client = factory.create(stub)) {
          long start = System.nanoTime();
          int results = client.editMany(images);
          long nanos = System.nanoTime() - start;
          if (results != 1) throw new IllegalStateException(results + " result images, expected 1");
          return "nanos=" + nanos + heap();
        }
      }
      case "result": {
        Path folder = Files.createDirectories(Path.of(args[3]));
        try (BenchClient client = factory.create(stub)) {
          long start = System.nanoTime();
          Path written = client.editToFile(Path.of(args[2]), folder);
          long nanos = System.nanoTime() - start;
          return "nanos=" + nanos + " fileBytes=" + Files.size(written) + heap();
        }
      }
      case "fire": {
        Path image = Path.of(args[2]);
        int count = Integer.parseInt(args[3]);
        try (BenchClient client = factory.create(stub)) {
          var threads = ManagementFactory.getThreadMXBean();
          threads.resetPeakThreadCount();
          long start = System.nanoTime();
          int[] outcome = client.editAsyncAll(image, count);
          long nanos = System.nanoTime() - start;
          return "done=" + outcome[0] + " failed=" + outcome[1] + " nanos=" + nanos
              + " peakThreads=" + threads.getPeakThreadCount() + " rssBytes=" + peakRss() + heap();
        }
      }
      default:
        throw new IllegalArgumentException("unknown workload " + args[0]);
    }
  }

  /** Runs {@code count} edits on {@code concurrency} threads; fails on the first failure. */
  private static void edits(BenchClient client, Path image, int count, int concurrency)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        workers.add(pool.submit(() -> {
          while (next.getAndIncrement() < count) bytes.addAndGet(client.editSmall(image));
          return null;
        }));
      }
      for (Future<?> worker : workers) worker.get();
    } finally {
      pool.shutdownNow();
    }
    if (bytes.get() <= 0) throw new IllegalStateException("empty result images");
  }

  /** The highest heap use since the JVM started, summed over the heap pools, and the CPU time used. */
  private static String heap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
    }
    return " peakHeapBytes=" + peak + " maxHeapBytes=" + Runtime.getRuntime().maxMemory()
        + " cpuNanos=" + cpuNanos();
  }

  /** The process's peak resident set (VmHWM), or -1 where /proc does not tell. */
  private static long peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }

  private static long gcMillis() {
    long sum = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) sum += Math.max(0, gc.getCollectionTime());
    return sum;
  }

  /** The CPU time this JVM used so far, all threads, or -1 where the JVM does not tell. */
  private static long cpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  /** The exception chain on one line, innermost cause last, each message cut short. */
  private static String describe(Throwable t) {
    StringBuilder line = new StringBuilder();
    for (Throwable c = t; c != null && line.length() < 600; c = c.getCause() == c ? null : c.getCause()) {
      if (line.length() > 0) line.append(" <- ");
      String message = String.valueOf(c.getMessage()).replaceAll("\\s+", " ");
      line.append(c.getClass().getName()).append(": ")
          .append(message.length() > 200 ? message.substring(0, 200) + "..." : message);
    }
    return line.toString();
  }
}
