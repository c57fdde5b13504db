package io.github.imageedits.benchmarks;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Runs the benchmark: one loopback stub, three clients, the same work, several rounds with the
 * clients alternating, one fresh JVM per client and run; prints medians and ratios as a table.
 *
 * <pre>
 * ./benchmark                 # the full run (about 5 minutes on 2 cores)
 * ./benchmark --quick         # fewer rounds (about 2 minutes)
 * ./benchmark --only cold,throughput --clients imageedits,okhttp --jfr
 * </pre>
 */
public final class Benchmarks {
  static final int SMALL_EDITS = 2_000;
  static final int CONCURRENCY = 32;
  static final int WARM_UP_EDITS = 500;
  static final int UPLOAD_IMAGES = 16;
  /** Just under AceData's 50 MB limit per image (the library refuses 50 MB and more). */
  static final long UPLOAD_IMAGE_BYTES = 50L * 1000 * 1000 - 1;
  /** 30 MiB decoded; its base64 is 41,943,040 characters. */
  static final long RESULT_BYTES = 30L << 20;
  static final List<String> UPLOAD_HEAPS = List.of("64m", "256m", "1g");
  static final List<String> RESULT_HEAPS = List.of("16m", "32m", "64m", "128m", "256m", "512m", "1g");
  static final List<String> WORKLOADS =
      List.of("footprint", "cold", "throughput", "upload", "result", "limits", "inflight");
  /** (f): 200 edits against a provider serving 16 at once for 1 s each: ideally 12.5 s. */
  static final int LIMITS_EDITS = 200;
  static final int LIMITS_CONCURRENCY = 16;
  static final long LIMITS_LATENCY_MS = 1000;
  static final double LIMITS_IDEAL_S = (double) LIMITS_EDITS / LIMITS_CONCURRENCY * LIMITS_LATENCY_MS / 1000;
  /** (g): 1,000 edits in flight at once against 2 s latency and no limit: ideally 2 s. */
  static final int INFLIGHT_EDITS = 1000;
  static final long INFLIGHT_LATENCY_MS = 2000;

  private final Options options;
  private final List<Client> clients;
  private final Path work;
  private final Stub stub;
  private final Path smallPng;
  private final Map<String, Map<String, Measure>> results = new LinkedHashMap<>();

  private Benchmarks(Options options, List<Client> clients, Path work, Stub stub, Path smallPng) {
    this.options = options;
    this.clients = clients;
    this.work = work;
    this.stub = stub;
    this.smallPng = smallPng;
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path benchmarks = options.dir != null ? options.dir : benchmarksDir();
    List<Client> all = List.of(
        Client.load(benchmarks, "imageedits", "imageedits", "io.github.imageedits.benchmarks.ImageEditsBench"),
        Client.load(benchmarks, "okhttp", "OkHttp (floor)", "io.github.imageedits.benchmarks.OkHttpBench"),
        Client.load(benchmarks, "openai", "openai-java (peer)", "io.github.imageedits.benchmarks.OpenAiBench"));
    List<Client> clients = all.stream().filter(c -> options.clients.contains(c.name())).toList();
    Path work = benchmarks.resolve("runner").resolve("target").resolve("work");
    deleteTree(work);
    Files.createDirectories(work);
    Path small = work.resolve("small.png");
    Files.write(small, png(256, 256));
    long started = System.nanoTime();
    try (Stub stub = new Stub(Files.readAllBytes(small), png(64, 64), RESULT_BYTES)) {
      Benchmarks run = new Benchmarks(options, clients, work, stub, small);
      run.all();
      String table = run.table(Math.round((System.nanoTime() - started) / 1e9));
      System.out.println();
      System.out.println(table);
      Path out = options.out != null ? options.out : benchmarks.resolve("runner/target/benchmarks.md");
      Files.writeString(out, table, StandardCharsets.UTF_8);
      System.err.println("table written to " + out + "; driver logs in " + work.resolve("logs"));
    } finally {
      deleteUploads(work);
    }
  }

  /** The 1-minute load average, or null where the system does not tell (another busy process skews every figure). */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private final String loadStart = loadAverage();

  private void all() throws Exception {
    progress("stub at " + stub.root() + "; clients " + clients.stream().map(Client::name).toList()
        + "; workloads " + options.workloads + (options.quick ? " (quick)" : ""));
    stub.warmUp(Files.readAllBytes(smallPng), 300);
    progress("stub warmed up with " + stub.requests.get() + " requests of its own");
    if (options.workloads.contains("footprint")) footprint();
    if (options.workloads.contains("cold")) cold();
    if (options.workloads.contains("throughput")) throughput();
    if (options.workloads.contains("upload")) upload();
    if (options.workloads.contains("result")) result();
    if (options.workloads.contains("limits")) limits();
    if (options.workloads.contains("inflight")) inflight();
  }

  // ---- (f) provider limits, (g) many in flight ----------------------------------------------

  private void limits() throws Exception {
    fire("limits", LIMITS_EDITS, LIMITS_CONCURRENCY, LIMITS_LATENCY_MS, List.of(), LIMITS_IDEAL_S);
  }

  private void inflight() throws Exception {
    // imageedits is told the concurrency wanted (maxConcurrentEdits); the others send all at once anyway.
    fire("inflight", INFLIGHT_EDITS, 0, INFLIGHT_LATENCY_MS, List.of("-Dbench.maxConcurrentEdits=" + INFLIGHT_EDITS),
        INFLIGHT_LATENCY_MS / 1000.0);
  }

  private void fire(String workload, int edits, int concurrency, long latencyMillis, List<String> jvm, double ideal)
      throws Exception {
    int rounds = options.rounds(workload, 2, 1);
    stub.reply(Stub.Reply.SMALL);
    stub.limits(concurrency, latencyMillis);
    try {
      for (int round = 0; round < rounds; round++) {
        for (Client c : order(round)) {
          long limitedBefore = stub.limited.get();
          long requestsBefore = stub.requests.get();
          Fork.Run run = fork(c, "fire", round, jvm, List.of(smallPng.toString(), String.valueOf(edits)), 300);
          Sample s;
          if (!run.ok()) {
            s = Sample.fail(run.failure(), null);
          } else {
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("done", run.number("done"));
            v.put("refused", (double) (stub.limited.get() - limitedBefore));
            v.put("requests", (double) (stub.requests.get() - requestsBefore));
            v.put("s", run.number("nanos") / 1e9);
            v.put("ratio", run.number("nanos") / 1e9 / ideal);
            v.put("threads", run.number("peakThreads"));
            v.put("rss", run.number("rssBytes"));
            s = Sample.ok(v);
          }
          measure(workload, c).add(s);
          progress(workload + " " + c.name() + " round " + (round + 1) + "/" + rounds + ": " + s);
          Thread.sleep(1500); // the stub's refusals' Retry-After passes; its threads go idle
        }
      }
    } finally {
      stub.limits(0, 0);
    }
  }

  // ---- (e) footprint ------------------------------------------------------------------------

  private void footprint() {
    for (Client c : clients) {
      Measure m = measure("footprint", c);
      m.add(Sample.ok(Map.of("bytes", (double) c.footprintBytes(), "jars", (double) c.clientJars().size())));
      progress("footprint " + c.name() + ": " + mb(c.footprintBytes()) + " MB in " + c.clientJars().size() + " jars");
    }
  }

  // ---- (a) cold start -----------------------------------------------------------------------

  private void cold() throws Exception {
    int rounds = options.rounds("cold", 10, 3);
    stub.reply(Stub.Reply.SMALL);
    for (int round = 0; round < rounds; round++) {
      for (Client c : order(round)) {
        Expect expect = expect(1);
        Fork.Run run = fork(c, "cold", round, List.of(), List.of(smallPng.toString()), 60);
        Sample s = checked(run, expect, null);
        if (s.ok) {
          s = Sample.ok(Map.of("ms", run.wallNanos() / 1e6, "mainAtMs", run.number("mainAtMillis"),
              "buildMs", run.number("buildNanos") / 1e6, "firstEditMs", run.number("firstEditNanos") / 1e6));
        }
        measure("cold", c).add(s);
        progress("cold " + c.name() + " round " + (round + 1) + "/" + rounds + ": " + s);
      }
    }
  }

  // ---- (b) throughput -----------------------------------------------------------------------

  private void throughput() throws Exception {
    int rounds = options.rounds("throughput", 5, 2);
    stub.reply(Stub.Reply.SMALL);
    for (int round = 0; round < rounds; round++) {
      for (Client c : order(round)) {
        Expect expect = expect(SMALL_EDITS + options.warmUp);
        stub.ports.clear();
        Fork.Run run = fork(c, "throughput", round, List.of("-Xmx512m"), List.of(smallPng.toString(),
            String.valueOf(SMALL_EDITS), String.valueOf(CONCURRENCY), String.valueOf(options.warmUp)), 300);
        Sample s = checked(run, expect, null);
        if (s.ok) s = Sample.ok(Map.of("eps", run.number("editsPerSecond"), "heap", run.number("peakHeapBytes"),
            "cpuMsPerEdit", run.number("cpuNanosPerEdit") / 1e6, "gcMs", run.number("gcMillis"),
            "jitMs", run.number("jitMillis")));
        measure("throughput", c).add(s);
        progress("throughput " + c.name() + " round " + (round + 1) + "/" + rounds + ": " + s
            + " connections=" + stub.ports.size());
      }
    }
  }

  // ---- (c) large upload ---------------------------------------------------------------------

  private void upload() throws Exception {
    int rounds = options.rounds("upload", 5, 2);
    Path folder = Files.createDirectories(work.resolve("upload"));
    for (int i = 0; i < UPLOAD_IMAGES; i++) {
      Path file = folder.resolve(String.format(Locale.ROOT, "image-%02d.png", i));
      Files.write(file, png(64, 64));
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(UPLOAD_IMAGE_BYTES); // sparse: zeros after IEND, nothing on disk
      }
    }
    // Read them all once, so that no client pays for filling the page cache with the first run.
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        try (var in = Files.newInputStream(file)) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      }
    }
    stub.reply(Stub.Reply.SMALL);
    Map<String, String> heaps = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (Client c : order(round)) {
        List<String> ladder = heaps.containsKey(c.name()) ? List.of(heaps.get(c.name())) : UPLOAD_HEAPS;
        for (String heap : ladder) {
          Expect expect = expect(1);
          Fork.Run run = fork(c, "upload", round, List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"),
              List.of(folder.toString()), 300);
          Sample s = checked(run, expect, heap);
          if (s.ok) {
            long bytes = stub.bodyBytes.get() - expect.bytes;
            long named = stub.imagePartsNamed.get() - expect.named;
            long png = stub.imagePartsPng.get() - expect.png;
            long parts = stub.imageParts.get() - expect.parts;
            if (bytes < UPLOAD_IMAGES * UPLOAD_IMAGE_BYTES || parts != UPLOAD_IMAGES) {
              s = Sample.fail("the stub received " + bytes + " bytes in " + parts + " image parts", heap);
            } else {
              Map<String, Double> v = new LinkedHashMap<>();
              v.put("s", run.number("nanos") / 1e9);
              v.put("heap", run.number("peakHeapBytes"));
              v.put("cpu", run.number("cpuNanos") / 1e9);
              v.put("named", (double) named);
              v.put("png", (double) png);
              s = Sample.ok(v).at(heap);
            }
          }
          measure("upload", c).add(s);
          progress("upload " + c.name() + " -Xmx" + heap + " round " + (round + 1) + "/" + rounds + ": " + s);
          if (s.ok) {
            heaps.putIfAbsent(c.name(), heap);
            break;
          }
          if (heaps.containsKey(c.name())) break;
        }
        heaps.putIfAbsent(c.name(), UPLOAD_HEAPS.get(UPLOAD_HEAPS.size() - 1));
      }
    }
    deleteUploads(work);
  }

  // ---- (d) large result ---------------------------------------------------------------------

  private void result() throws Exception {
    int rounds = options.rounds("result", 3, 1);
    stub.reply(Stub.Reply.LARGE);
    Map<String, String> smallest = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (Client c : order(round)) {
        if (round > 0 && !smallest.containsKey(c.name())) continue; // it failed at every heap
        List<String> ladder = round == 0 ? RESULT_HEAPS : List.of(smallest.get(c.name()));
        for (String heap : ladder) {
          Path out = work.resolve("result").resolve(c.name() + "-" + round + "-" + heap);
          deleteTree(out);
          Expect expect = expect(1);
          Fork.Run run = fork(c, "result", round, List.of("-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"),
              List.of(smallPng.toString(), out.toString()), 120);
          Sample s = checked(run, expect, heap);
          if (s.ok && run.number("fileBytes") != RESULT_BYTES) {
            s = Sample.fail("wrote " + run.values().get("fileBytes") + " bytes, not " + RESULT_BYTES, heap);
          } else if (s.ok) {
            s = Sample.ok(Map.of("s", run.number("nanos") / 1e9, "heap", run.number("peakHeapBytes"),
                "xmx", (double) megabytes(heap), "cpu", run.number("cpuNanos") / 1e9)).at(heap);
          }
          deleteTree(out);
          if (round == 0) measure("result-ladder", c).add(s);
          progress("result " + c.name() + " -Xmx" + heap + " round " + (round + 1) + "/" + rounds + ": " + s);
          if (s.ok) {
            smallest.putIfAbsent(c.name(), heap);
            measure("result", c).add(s);
            break;
          }
          if (round > 0) measure("result", c).add(s);
        }
        if (round == 0 && !smallest.containsKey(c.name())) {
          Sample last = measure("result-ladder", c).samples.get(RESULT_HEAPS.size() - 1);
          measure("result", c).add(Sample.fail(last.failure + ", at every -Xmx up to "
              + RESULT_HEAPS.get(RESULT_HEAPS.size() - 1), null));
        }
      }
    }
  }

  // ---- running and checking -----------------------------------------------------------------

  private Fork.Run fork(Client c, String workload, int round, List<String> jvm, List<String> args, long timeout)
      throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(jvm);
    options.addAll(this.options.jvmArgs);
    String tag = workload + "-" + c.name() + "-" + (round + 1) + (jvm.isEmpty() ? "" : "-" + String.join("", jvm)
        .replaceAll("[^A-Za-z0-9]+", ""));
    if (this.options.jfr) {
      Path jfr = Files.createDirectories(work.resolve("jfr")).resolve(tag + ".jfr");
      options.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,jdk.ExecutionSample#period=2ms");
    }
    List<String> all = new ArrayList<>();
    all.add(workload);
    all.add(stub.root());
    all.addAll(args);
    return Fork.run(c, options, all, work.resolve("logs").resolve(tag + ".log"), timeout);
  }

  /** The stub's counters before a run, to check afterwards that the run did all its work. */
  private record Expect(long requests, long refused, long bytes, long parts, long named, long png, long count) {}

  private Expect expect(long count) {
    return new Expect(stub.requests.get(), stub.refused.get(), stub.bodyBytes.get(), stub.imageParts.get(),
        stub.imagePartsNamed.get(), stub.imagePartsPng.get(), count);
  }

  private Sample checked(Fork.Run run, Expect expect, String heap) {
    if (!run.ok()) return Sample.fail(run.failure(), heap);
    long refused = stub.refused.get() - expect.refused;
    long requests = stub.requests.get() - expect.requests;
    if (refused > 0) return Sample.fail("the stub refused " + refused + " requests (key, model, prompt or image missing)", heap);
    if (requests != expect.count) return Sample.fail("the stub saw " + requests + " requests, expected " + expect.count, heap);
    return Sample.ok(Map.of());
  }

  private List<Client> order(int round) {
    List<Client> rotated = new ArrayList<>(clients);
    Collections.rotate(rotated, -round);
    return rotated;
  }

  private Measure measure(String workload, Client c) {
    return results.computeIfAbsent(workload, k -> new LinkedHashMap<>()).computeIfAbsent(c.name(), k -> new Measure());
  }

  // ---- the table ----------------------------------------------------------------------------

  private String table(long seconds) {
    StringBuilder t = new StringBuilder();
    t.append("Run ").append(Instant.now().toString(), 0, 10).append(" on ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(System.getProperty("java.version")).append(" (").append(System.getProperty("java.vm.name"))
        .append("), ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
        .append(options.quick ? ", --quick" : "").append("; ").append(seconds).append(" s in all")
        .append(loadStart == null ? "" : "; load average " + loadStart + " at the start, " + loadAverage() + " at the end")
        .append(".\n\n");
    t.append("| workload |");
    for (Client c : clients) t.append(' ').append(c.label()).append(" |");
    boolean ratios = names().containsAll(List.of("imageedits", "okhttp", "openai"));
    if (ratios) t.append(" imageedits ÷ OkHttp | imageedits ÷ openai-java | goal | met |");
    t.append('\n').append("|---|");
    for (int i = 0; i < clients.size(); i++) t.append("---:|");
    if (ratios) t.append("---:|---:|---|---|");
    t.append('\n');

    row(t, ratios, "footprint", "(e) footprint: runtime jars, MB", m -> m.median("bytes") / 1e6, "%.1f",
        m -> " (" + (int) m.median("jars") + " jars)", "≤ 4 MB", (ours, floor, peer) -> ours <= 4.0);
    row(t, ratios, "cold", "(a) cold start: fresh JVM to first edit, ms", m -> m.median("ms"), "%.0f", null,
        "≤ 0.5× openai-java and ≤ 1.5× OkHttp", (ours, floor, peer) -> ours <= 0.5 * peer && ours <= 1.5 * floor);
    row(t, ratios, "cold", "(a) of which: building the client, ms", m -> m.median("buildMs"), "%.0f", null,
        "", null);
    row(t, ratios, "cold", "(a) of which: the first edit, ms", m -> m.median("firstEditMs"), "%.0f", null,
        "", null);
    row(t, ratios, "throughput", "(b) throughput: " + String.format(Locale.ROOT, "%,d", SMALL_EDITS)
        + " small edits at concurrency " + CONCURRENCY + ", edits/s", m -> m.median("eps"), "%.0f", null,
        "≥ 0.9× OkHttp", (ours, floor, peer) -> ours >= 0.9 * floor);
    row(t, ratios, "throughput", "(b) client CPU per edit (all threads: JIT and GC included), ms",
        m -> m.median("cpuMsPerEdit"), "%.2f", null, "", null);
    row(t, ratios, "upload", "(c) large upload: 16 × 50 MB at -Xmx64m, s", m -> m.median("s"), "%.2f",
        Benchmarks::heapNote, "≤ 1.1× OkHttp", (ours, floor, peer) -> ours <= 1.1 * floor);
    row(t, ratios, "upload", "(c) large upload: peak heap, MB", m -> m.median("heap") / (1 << 20), "%.0f",
        null, "", null);
    row(t, ratios, "result", "(d) 30 MiB b64_json result to disk: smallest -Xmx that works, MB",
        m -> m.median("xmx"), "%.0f", null, "succeeds at -Xmx64m", (ours, floor, peer) -> ours <= 64);
    row(t, ratios, "result", "(d) large result: wall time at that -Xmx, s", m -> m.median("s"), "%.2f", null,
        "", null);
    row(t, ratios, "result", "(d) large result: peak heap, MB", m -> m.median("heap") / (1 << 20), "%.0f",
        null, "", null);
    row(t, ratios, "limits", "(f) " + LIMITS_EDITS + " async edits, provider serves " + LIMITS_CONCURRENCY
        + " at once (1 s each), 429 beyond: completed", m -> m.median("done"), "%.0f", null,
        LIMITS_EDITS + " of " + LIMITS_EDITS, (ours, floor, peer) -> ours >= LIMITS_EDITS);
    row(t, ratios, "limits", "(f) refused requests (429s the provider sent)", m -> m.median("refused"), "%.0f", null,
        "≤ 5% of N (" + LIMITS_EDITS / 20 + ")", (ours, floor, peer) -> ours <= LIMITS_EDITS / 20.0);
    row(t, ratios, "limits", "(f) wall ÷ ideal (" + LIMITS_IDEAL_S + " s)", m -> m.median("ratio"), "%.2f", null,
        "≤ 1.15", (ours, floor, peer) -> ours <= 1.15);
    row(t, ratios, "limits", "(f) peak threads", m -> m.median("threads"), "%.0f", null, "", null);
    row(t, ratios, "inflight", "(g) " + String.format(Locale.ROOT, "%,d", INFLIGHT_EDITS)
        + " async edits in flight, 2 s latency, no limit: wall ÷ ideal (2 s)", m -> m.median("ratio"), "%.2f", null,
        "≤ 1.3", (ours, floor, peer) -> ours <= 1.3);
    row(t, ratios, "inflight", "(g) completed", m -> m.median("done"), "%.0f", null, "", null);
    row(t, ratios, "inflight", "(g) peak threads", m -> m.median("threads"), "%.0f", null,
        "≤ concurrency + a small constant", (ours, floor, peer) -> ours <= INFLIGHT_EDITS + 64);
    row(t, ratios, "inflight", "(g) peak RSS, MB", m -> m.median("rss") / (1 << 20), "%.0f", null, "", null);

    t.append('\n');
    t.append("Rounds: ");
    List<String> rounds = new ArrayList<>();
    for (var e : results.entrySet()) {
      if (e.getKey().equals("footprint") || e.getKey().equals("result-ladder")) continue;
      int n = e.getValue().values().stream().mapToInt(m -> m.samples.size()).max().orElse(0);
      rounds.add(e.getKey() + " " + n);
    }
    t.append(String.join(", ", rounds)).append(" (medians shown; clients alternate in each round).\n");
    notes(t);
    return t.toString();
  }

  private final Set<String> spelled = new java.util.HashSet<>();

  private interface Goal {
    boolean met(double ours, double floor, double peer);
  }

  private void row(StringBuilder t, boolean ratios, String workload, String title, ToDoubleFunction<Measure> value,
      String format, java.util.function.Function<Measure, String> note, String goal, Goal met) {
    Map<String, Measure> byClient = results.get(workload);
    if (byClient == null) return;
    t.append("| ").append(title).append(" |");
    Map<String, Double> numbers = new LinkedHashMap<>();
    for (Client c : clients) {
      Measure m = byClient.get(c.name());
      String cell;
      if (m == null) {
        cell = "not run";
      } else if (m.allFailed()) {
        // The reason once per workload and client; the rows below just say "fails".
        cell = spelled.add(workload + "/" + c.name()) ? "fails: " + m.failure() : "fails";
      } else {
        double v = value.applyAsDouble(m);
        numbers.put(c.name(), v);
        cell = String.format(Locale.ROOT, format, v) + (note == null ? "" : note.apply(m));
        if (m.failures() > 0) cell += " (" + m.failures() + " of " + m.samples.size() + " runs failed: " + m.failure() + ")";
      }
      t.append(' ').append(cell).append(" |");
    }
    if (ratios) {
      Double ours = numbers.get("imageedits");
      Double floor = numbers.get("okhttp");
      Double peer = numbers.get("openai");
      t.append(' ').append(ratio(ours, floor)).append(" |");
      t.append(' ').append(ratio(ours, peer)).append(" |");
      t.append(' ').append(goal).append(" |");
      String verdict = "";
      if (met != null) {
        if (ours == null) {
          verdict = "**no** (fails)";
        } else if (workload.equals("result") || workload.equals("footprint") || workload.equals("limits")
            || workload.equals("inflight")) {
          verdict = met.met(ours, nz(floor), nz(peer)) ? "yes" : "**no**";
        } else if (floor == null) {
          verdict = "n/a";
        } else if (peer == null && workload.equals("cold")) {
          verdict = ours <= 1.5 * floor ? "yes (peer failed)" : "**no**";
        } else {
          verdict = met.met(ours, floor, peer == null ? Double.NaN : peer) ? "yes" : "**no**";
        }
      }
      t.append(' ').append(verdict).append(" |");
    }
    t.append('\n');
  }

  private static double nz(Double d) {
    return d == null ? Double.NaN : d;
  }

  private static String heapNote(Measure m) {
    String heap = m.heap();
    return heap == null || heap.equals("64m") ? "" : " (only at -Xmx" + heap + ")";
  }

  private void notes(StringBuilder t) {
    Map<String, Measure> upload = results.get("upload");
    if (upload != null) {
      for (Client c : clients) {
        Measure m = upload.get(c.name());
        if (m == null || m.allFailed()) continue;
        double named = m.median("named");
        double png = m.median("png");
        if (named < UPLOAD_IMAGES || png < UPLOAD_IMAGES) {
          t.append("Note (c): ").append(c.label()).append(" sent ").append((int) named).append(" of ")
              .append(UPLOAD_IMAGES).append(" image parts with a filename and ").append((int) png)
              .append(" as image/png; this stub accepts that, a real provider may not.\n");
        }
        for (Sample s : m.samples) {
          if (!s.ok && s.heap != null) {
            t.append("Note (c): ").append(c.label()).append(" failed at -Xmx").append(s.heap).append(": ")
                .append(s.failure).append('\n');
            break;
          }
        }
      }
    }
    Map<String, Measure> ladder = results.get("result-ladder");
    if (ladder != null) {
      for (Client c : clients) {
        Measure m = ladder.get(c.name());
        if (m == null) continue;
        // Heaps in a row that ended the same way are shown as one range.
        List<String> tried = new ArrayList<>();
        for (int i = 0; i < m.samples.size(); ) {
          Sample first = m.samples.get(i);
          String outcome = first.ok ? "works" : "fails (" + first.failure + ")";
          int j = i;
          while (j + 1 < m.samples.size() && !m.samples.get(j + 1).ok && !first.ok
              && m.samples.get(j + 1).failure.equals(first.failure)) j++;
          tried.add("-Xmx" + first.heap + (j > i ? " to -Xmx" + m.samples.get(j).heap : "") + " " + outcome);
          i = j + 1;
        }
        t.append("Note (d): ").append(c.label()).append(": ").append(String.join("; ", tried)).append('\n');
      }
    }
  }

  private Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    for (Client c : clients) names.add(c.name());
    return names;
  }

  private static String ratio(Double a, Double b) {
    if (a == null || b == null || b == 0) return "—";
    return String.format(Locale.ROOT, "%.2f×", a / b);
  }

  // ---- values -------------------------------------------------------------------------------

  /** One run's numbers, or why it failed. */
  static final class Sample {
    final boolean ok;
    final Map<String, Double> values;
    final String failure;
    final String heap;

    private Sample(boolean ok, Map<String, Double> values, String failure, String heap) {
      this.ok = ok;
      this.values = values;
      this.failure = failure;
      this.heap = heap;
    }

    static Sample ok(Map<String, Double> values) {
      return new Sample(true, values, null, null);
    }

    static Sample fail(String failure, String heap) {
      return new Sample(false, Map.of(), failure, heap);
    }

    Sample at(String heap) {
      return new Sample(ok, values, failure, heap);
    }

    @Override
    public String toString() {
      if (!ok) return "FAILED: " + failure;
      StringBuilder s = new StringBuilder();
      values.forEach((k, v) -> s.append(k).append('=').append(String.format(Locale.ROOT, "%.3f", v)).append(' '));
      return s.toString().trim();
    }
  }

  /** All runs of one client in one workload. */
  static final class Measure {
    final List<Sample> samples = new ArrayList<>();

    void add(Sample s) {
      samples.add(s);
    }

    boolean allFailed() {
      return samples.stream().noneMatch(s -> s.ok);
    }

    long failures() {
      return samples.stream().filter(s -> !s.ok).count();
    }

    String failure() {
      return samples.stream().filter(s -> !s.ok).map(s -> shorten(s.failure)).findFirst().orElse("");
    }

    String heap() {
      return samples.stream().filter(s -> s.ok).map(s -> s.heap).findFirst().orElse(null);
    }

    double median(String key) {
      double[] v = samples.stream().filter(s -> s.ok).mapToDouble(s -> s.values.get(key)).sorted().toArray();
      if (v.length == 0) return Double.NaN;
      return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String shorten(String failure) {
      String s = failure.replace('|', '/');
      return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }
  }

  /** The command line. */
  static final class Options {
    boolean quick;
    boolean jfr;
    Path dir;
    Path out;
    Integer rounds;
    int warmUp = WARM_UP_EDITS;
    List<String> jvmArgs = new ArrayList<>();
    Set<String> workloads = new LinkedHashSet<>(WORKLOADS);
    Set<String> clients = new LinkedHashSet<>(List.of("imageedits", "okhttp", "openai"));

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--quick" -> o.quick = true;
          case "--jfr" -> o.jfr = true;
          case "--dir" -> o.dir = Path.of(args[++i]).toAbsolutePath();
          case "--out" -> o.out = Path.of(args[++i]).toAbsolutePath();
          case "--rounds" -> o.rounds = Integer.parseInt(args[++i]);
          case "--warm-up" -> o.warmUp = Integer.parseInt(args[++i]);
          case "--jvm-arg" -> o.jvmArgs.add(args[++i]);
          case "--only" -> o.workloads = new LinkedHashSet<>(List.of(args[++i].split(",")));
          case "--clients" -> o.clients = new LinkedHashSet<>(List.of(args[++i].split(",")));
          case "-h", "--help" -> {
            System.out.println("usage: benchmark [--quick] [--rounds N] [--only " + String.join(",", WORKLOADS)
                + "] [--clients imageedits,okhttp,openai] [--jfr] [--jvm-arg OPTION]... [--warm-up N] [--out FILE.md]");
            System.exit(0);
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
        }
      }
      if (!WORKLOADS.containsAll(o.workloads)) throw new IllegalArgumentException("workloads: " + WORKLOADS);
      return o;
    }

    int rounds(String workload, int full, int quick) {
      return rounds != null ? rounds : this.quick ? quick : full;
    }
  }

  // ---- files --------------------------------------------------------------------------------

  /** benchmarks/, found from this jar at benchmarks/runner/target/benchmarks.jar. */
  private static Path benchmarksDir() throws URISyntaxException {
    Path jar = Path.of(Benchmarks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return jar.getParent().getParent().getParent();
  }

  /** A real PNG: a diagonal gradient, so it compresses like a picture rather than like nothing. */
  static byte[] png(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(0x3a6ea5), width, height, new Color(0xf2c14e)));
    g.fillRect(0, 0, width, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static long megabytes(String heap) {
    return heap.endsWith("g") ? Long.parseLong(heap.substring(0, heap.length() - 1)) * 1024
        : Long.parseLong(heap.substring(0, heap.length() - 1));
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.2f", bytes / 1e6);
  }

  private static void progress(String line) {
    System.err.println("[benchmark] " + line);
  }

  private static void deleteUploads(Path work) throws IOException {
    deleteTree(work.resolve("upload"));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
