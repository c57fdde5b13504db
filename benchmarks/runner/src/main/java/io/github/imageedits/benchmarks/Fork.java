package io.github.imageedits.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one client's driver in a fresh JVM and reads its {@code RESULT} line. */
final class Fork {
  private Fork() {}

  /** One forked run: its wall time (process start to result line) and what the driver printed. */
  record Run(boolean ok, long wallNanos, Map<String, String> values, String failure) {
    double number(String key) {
      return Double.parseDouble(values.get(key));
    }
  }

  /**
   * The innermost cause of a driver's exception chain ({@code outer <- ... <- inner}), short: that
   * is the one that says what went wrong (the outer ones say where).
   */
  static String summary(String chain) {
    if (chain.contains("OutOfMemoryError")) return "OutOfMemoryError";
    String inner = chain.substring(chain.lastIndexOf(" <- ") < 0 ? 0 : chain.lastIndexOf(" <- ") + 4);
    int colon = inner.indexOf(": ");
    String type = colon < 0 ? inner : inner.substring(0, colon);
    String message = colon < 0 ? "" : inner.substring(colon + 2);
    type = type.substring(type.lastIndexOf('.') + 1);
    int cut = message.indexOf(", from `"); // Jackson names its setting; the numbers are enough
    if (cut > 0) message = message.substring(0, cut) + ")";
    if (message.length() > 120) message = message.substring(0, 120) + "…";
    return message.isEmpty() ? type : type + ": " + message;
  }

  static Run run(Client client, List<String> jvmOptions, List<String> args, Path log, long timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(client.classpath());
    command.add(client.mainClass());
    command.addAll(args);
    Files.createDirectories(log.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith("RESULT ")) return line;
          // -XX:+ExitOnOutOfMemoryError reports on stdout ("Terminating due to ...").
          if (line.contains("OutOfMemoryError")) return "RESULT fail " + line;
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    String line;
    long wall;
    try {
      line = result.get(timeoutSeconds, TimeUnit.SECONDS);
      wall = System.nanoTime() - start;
    } catch (TimeoutException e) {
      process.destroyForcibly().waitFor();
      return new Run(false, 0, Map.of(), "did not finish within " + timeoutSeconds + " s");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    if (line == null) {
      String err = Files.readString(log, StandardCharsets.UTF_8);
      String reason = err.contains("OutOfMemoryError") ? "OutOfMemoryError"
          : "exit " + process.exitValue() + " without a result";
      return new Run(false, 0, Map.of(), reason);
    }
    if (line.startsWith("RESULT fail ")) {
      return new Run(false, 0, Map.of(), summary(line.substring("RESULT fail ".length())));
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : line.substring("RESULT ok ".length()).split(" ")) {
      int eq = pair.indexOf('=');
      if (eq > 0) values.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return new Run(true, wall, values, null);
  }
}
