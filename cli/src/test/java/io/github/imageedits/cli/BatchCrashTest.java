package io.github.imageedits.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.imageedits.emulator.Fault;
import io.github.imageedits.emulator.ProviderEmulator;
import io.github.imageedits.testkit.TestImages;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch run in its own JVM against the emulator (which counts charges per item), killed with
 * {@code kill -9} mid-run ({@link Process#destroyForcibly()}), then run again in-process.
 */
@DisplayName("imageedit batch killed with kill -9 and run again")
class BatchCrashTest {
  private static final int ITEMS = 12;
  private static final Pattern ITEM = Pattern.compile("\"item\":\"([^\"]+)\",\"event\":\"(\\w+)\"");

  @TempDir Path folder;
  ProviderEmulator emulator;

  @AfterEach
  void stop() {
    if (emulator != null) emulator.close();
  }

  private Path images() throws IOException {
    Path in = Files.createDirectories(folder.resolve("in"));
    for (int i = 0; i < ITEMS; i++) TestImages.png(in, String.format("item-%02d.png", i), 40 + i, 32);
    return in;
  }

  private List<String> args(Path in, Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("batch", "--images", in.toString(), "--prompt", "Add a red scarf",
        "--out", out.toString(), "--base-url", emulator.baseUrl().toString()));
    args.addAll(List.of(more));
    return args;
  }

  private Map<String, String> env() {
    return Map.of("IMAGEEDIT_PROVIDER", "acedata", "ACEDATA_API_TOKEN", emulator.token());
  }

  /** The events of each item so far, from the journal's lines (a torn last line matches nothing). */
  private static Map<String, List<String>> events(Path out) throws IOException {
    Map<String, List<String>> events = new java.util.TreeMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(out.resolve(Journal.FILE));
    } catch (NoSuchFileException e) {
      return events;
    }
    for (String line : lines) {
      Matcher m = ITEM.matcher(line);
      if (m.find()) events.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
    }
    return events;
  }

  private static long count(Map<String, List<String>> events, String event) {
    return events.values().stream().filter(e -> e.contains(event)).count();
  }

  /** Starts the batch in a new JVM; kills it ({@code SIGKILL}) once {@code ready} holds for the journal. */
  private Map<String, List<String>> runAndKill(List<String> args, Path out,
      java.util.function.Predicate<Map<String, List<String>>> ready) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ImageEditCommand.class.getName()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(folder.resolve("child.log").toFile());
    builder.environment().putAll(env());
    Process child = builder.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (!ready.test(events(out))) {
        assertThat(child.isAlive()).as("the batch still runs: " + Files.readString(folder.resolve("child.log"))).isTrue();
        assertThat(System.nanoTime()).as("the moment to kill came").isLessThan(deadline);
        Thread.sleep(2);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL on Linux and macOS: no shutdown hook, no flush
      child.waitFor(10, TimeUnit.SECONDS);
    }
    return events(out);
  }

  private BatchCommandTest.Run rerun(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ImageEditCommand.run(args.toArray(String[]::new), env(), new PrintWriter(out, true),
        new PrintWriter(err, true), false);
    return new BatchCommandTest.Run(code, out.toString(), err.toString());
  }

  /** The charges as a test in another process reads them: GET /__emulator/charges. */
  private Map<String, Integer> chargesOverHttp() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/__emulator/charges")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Integer> charges = new java.util.TreeMap<>();
    Matcher m = Pattern.compile("\"([^\"]+)\":(\\d+)").matcher(response.body());
    while (m.find()) charges.put(m.group(1), Integer.parseInt(m.group(2)));
    assertThat(charges).isEqualTo(emulator.charges());
    return charges;
  }

  @Test
  @DisplayName("sync: nothing is charged twice; the items in flight at the kill are listed as uncertain until"
      + " --resend-uncertain sends them again")
  void sync() throws Exception {
    emulator = ProviderEmulator.builder().build();
    emulator.start();
    for (int i = 0; i < ITEMS; i++) emulator.enqueueFault(Fault.delay(Duration.ofMillis(300)));
    Path in = images();
    Path out = folder.resolve("out");

    // Killed once 4 items are done and others are sent with no answer yet.
    Map<String, List<String>> atKill = runAndKill(args(in, out, "--concurrency", "4"), out,
        e -> count(e, "done") >= 4 && count(e, "sent") > count(e, "done"));

    Set<String> inFlight = new HashSet<>();
    atKill.forEach((item, e) -> {
      if (e.contains("sent") && !e.contains("done") && !e.contains("failed")) inFlight.add(item);
    });
    assertThat(inFlight).isNotEmpty();
    assertThat(chargesOverHttp().values()).as("nothing paid twice").allMatch(c -> c == 1);

    BatchCommandTest.Run second = rerun(args(in, out, "--concurrency", "4"));

    assertThat(second.exitCode()).as(second.stderr()).isEqualTo(ImageEditCommand.SOME_FAILED);
    Set<String> listed = new HashSet<>();
    Matcher m = Pattern.compile("(?m)^  uncertain +(item-\\d+):").matcher(second.stderr());
    while (m.find()) listed.add(m.group(1));
    assertThat(listed).as(second.stderr()).isEqualTo(inFlight);
    assertThat(BatchCommandTest.files(out)).hasSize(ITEMS - inFlight.size());
    assertThat(chargesOverHttp().values()).as("still nothing paid twice").allMatch(c -> c == 1);
    assertThat(chargesOverHttp()).hasSizeBetween(ITEMS - inFlight.size(), ITEMS);

    BatchCommandTest.Run third = rerun(args(in, out, "--resend-uncertain"));

    assertThat(third.exitCode()).as(third.stderr()).isZero();
    assertThat(BatchCommandTest.files(out)).hasSize(ITEMS);
    Map<String, Integer> charges = chargesOverHttp();
    assertThat(charges).hasSize(ITEMS);
    assertThat(charges.values().stream().filter(c -> c == 2).count())
        .as("only resent items may be paid twice").isLessThanOrEqualTo(inFlight.size());
    assertThat(charges.values()).allMatch(c -> c <= 2);
  }

  @Test
  @DisplayName("async: every task id is journalled, and the run after the kill polls the tasks: every item done,"
      + " each charged exactly once")
  void async() throws Exception {
    emulator = ProviderEmulator.builder().callbackDelay(Duration.ofMillis(300)).build();
    emulator.start();
    Path in = images();
    Path out = folder.resolve("out");

    Map<String, List<String>> atKill = runAndKill(args(in, out, "--async", "--concurrency", "12"), out,
        e -> count(e, "task") == ITEMS);

    assertThat(count(atKill, "done")).as("killed before the batch was over").isLessThan(ITEMS);
    assertThat(emulator.receivedEdits()).hasSize(ITEMS);

    BatchCommandTest.Run second = rerun(args(in, out, "--async", "--concurrency", "12"));

    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(second.stderr()).contains("batch of 12: 12 done (" + (ITEMS - count(atKill, "done")) + " tasks resumed)");
    assertThat(BatchCommandTest.files(out)).hasSize(ITEMS);
    assertThat(emulator.receivedEdits()).as("no edit sent again: the tasks were polled").hasSize(ITEMS);
    Map<String, Integer> charges = chargesOverHttp();
    assertThat(charges).hasSize(ITEMS);
    assertThat(charges.values()).as("each charged exactly once").allMatch(c -> c == 1);
  }
}
