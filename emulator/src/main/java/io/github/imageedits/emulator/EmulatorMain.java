package io.github.imageedits.emulator;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Serves the provider emulator on its own, for curl, other languages' SDKs and manual tests: an
 * AceData emulator on {@code --port} and a ChainHub emulator on the next port, until the process
 * is killed.
 *
 * <pre>
 * java -cp imageedits-emulator.jar:… io.github.imageedits.emulator.EmulatorMain --host ::1 --port 8765
 * </pre>
 *
 * <p>Options: {@code --host} (default {@value #DEFAULT_HOST}; {@code ::1} for IPv6 loopback,
 * {@code 0.0.0.0} for every interface), {@code --port} (default {@value #DEFAULT_PORT} for AceData,
 * one more for ChainHub; {@code 0} picks free ports), {@code --dialect acedata|chainhub|azure|gemini|both}
 * (default both: AceData and ChainHub), {@code --token} (default {@value ProviderEmulator#DEFAULT_TOKEN}),
 * {@code --strict-part-types} (refuse image parts typed {@code application/octet-stream}, see
 * {@link ProviderEmulator.Builder#strictPartTypes}), {@code --concurrency-limit N} and
 * {@code --rate-limit PER_MINUTE} (beyond them edit requests are answered 429 with
 * {@code Retry-After}), {@code --latency 1s|500ms|500ms..2s} (each edit takes that long, or a time
 * drawn uniformly from the range). It prints each base URL and a curl example.
 */
public final class EmulatorMain {
  /** The host the emulator binds unless told otherwise: IPv4 loopback. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The AceData emulator's port unless told otherwise; ChainHub's is the next one. */
  public static final int DEFAULT_PORT = 8765;

  private EmulatorMain() {}

  /** Starts the emulators, prints where they listen, and waits until the process is killed. */
  public static void main(String[] args) throws InterruptedException {
    List<ProviderEmulator> emulators;
    try {
      emulators = start(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("emulator: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    if (emulators.isEmpty()) return; // --help
    Runtime.getRuntime().addShutdownHook(new Thread(() -> emulators.forEach(ProviderEmulator::close),
        "emulator shutdown"));
    System.out.println("Serving until stopped (Ctrl-C).");
    System.out.flush();
    new CountDownLatch(1).await(); // the server threads serve; this one only keeps the process alive
  }

  /**
   * Parses {@code args}, starts the emulators and prints their base URLs and a curl example to
   * {@code out}; returns them started (empty for {@code --help}). The caller closes them.
   *
   * @throws IllegalArgumentException for an unknown option or a bad value
   */
  static List<ProviderEmulator> start(String[] args, PrintStream out) {
    requireNonNull(args, "args == null");
    String host = DEFAULT_HOST;
    int port = DEFAULT_PORT;
    String dialect = "both";
    String token = ProviderEmulator.DEFAULT_TOKEN;
    boolean strict = false;
    int concurrency = 0;
    int rate = 0;
    Duration[] latency = {Duration.ZERO, Duration.ZERO};
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--host" -> host = value(args, ++i, arg);
        case "--port" -> port = port(value(args, ++i, arg));
        case "--dialect" -> dialect = value(args, ++i, arg).toLowerCase(Locale.ROOT);
        case "--token" -> token = value(args, ++i, arg);
        case "--strict-part-types" -> strict = true;
        case "--concurrency-limit" -> concurrency = count(value(args, ++i, arg), arg);
        case "--rate-limit" -> rate = count(value(args, ++i, arg), arg);
        case "--latency" -> latency = latency(value(args, ++i, arg));
        case "-h", "--help" -> {
          out.println(usage());
          return List.of();
        }
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    List<ProviderEmulator.Dialect> dialects = switch (dialect) {
      case "acedata" -> List.of(ProviderEmulator.Dialect.ACEDATA);
      case "chainhub" -> List.of(ProviderEmulator.Dialect.CHAINHUB);
      case "azure" -> List.of(ProviderEmulator.Dialect.AZURE);
      case "gemini" -> List.of(ProviderEmulator.Dialect.GEMINI);
      case "both" -> List.of(ProviderEmulator.Dialect.ACEDATA, ProviderEmulator.Dialect.CHAINHUB);
      case "fal" -> List.of(ProviderEmulator.Dialect.FAL);
      default -> throw new IllegalArgumentException("--dialect must be acedata, chainhub, azure, gemini, fal or both, not '" + dialect + "'");
    };
    if (port == 65535 && dialects.size() == 2) {
      throw new IllegalArgumentException("--port 65535 leaves no next port for ChainHub; pick a lower one");
    }
    List<ProviderEmulator> started = new ArrayList<>();
    try {
      for (int i = 0; i < dialects.size(); i++) {
        ProviderEmulator emulator = ProviderEmulator.builder()
            .dialect(dialects.get(i))
            .host(host)
            .port(port == 0 ? 0 : port + i)
            .token(token)
            .strictPartTypes(strict)
            .concurrencyLimit(concurrency)
            .rateLimit(rate)
            .latency(latency[0], latency[1])
            .build();
        started.add(emulator);
        emulator.start();
      }
    } catch (RuntimeException e) {
      started.forEach(ProviderEmulator::close);
      throw e;
    }
    for (ProviderEmulator emulator : started) describe(emulator, out);
    out.flush();
    return started;
  }

  private static void describe(ProviderEmulator emulator, PrintStream out) {
    URI base = emulator.baseUrl();
    if (emulator.dialect() == ProviderEmulator.Dialect.ACEDATA) {
      out.println("AceData emulator:  " + base + "  (POST /openai/images/edits, /v1/images/edits, /openai/tasks)");
      out.println("  OpenAI SDKs:     base URL " + base + "/v1");
      out.println("  imageedit:       --provider acedata --base-url " + base);
      out.println("  curl:            curl -s " + base + "/openai/images/edits -H 'Authorization: Bearer "
          + emulator.token() + "' -F model=gpt-image-1 -F prompt='add a red scarf' -F image=@photo.png");
    } else if (emulator.dialect() == ProviderEmulator.Dialect.AZURE) {
      out.println("Azure emulator:    " + base + "  (POST /openai/v1/images/edits, /openai/deployments/{name}/images/edits)");
      out.println("  imageedit:       --provider azure --base-url " + base);
      out.println("  curl:            curl -s '" + base + "/openai/v1/images/edits?api-version=preview' -H 'api-key: "
          + emulator.token() + "' -F model=gpt-image-1 -F prompt='add a red scarf' -F image=@photo.png");
    } else if (emulator.dialect() == ProviderEmulator.Dialect.GEMINI) {
      out.println("Gemini emulator:   " + base + "  (POST /v1beta/models/{model}:generateContent)");
      out.println("  imageedit:       --provider gemini --base-url " + base);
    } else if (emulator.dialect() == ProviderEmulator.Dialect.FAL) {
      out.println("fal emulator:      " + base + "  (POST /{model_id}, GET …/requests/{id}/status, GET …/requests/{id})");
      out.println("  imageedit:       --provider fal --base-url " + base);
    } else {
      out.println("ChainHub emulator: " + base + "  (POST /v1/images/edits)");
      out.println("  imageedit:       --provider chainhub --base-url " + base);
      out.println("  curl:            curl -s " + base + "/v1/images/edits -H 'Authorization: Bearer "
          + emulator.token() + "' -H 'Accept: application/json' -F model=gpt-image-1 -F prompt='add a red scarf'"
          + " -F image=@photo.png");
    }
    out.println("  token:           " + emulator.token());
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
    return args[i];
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) return port;
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new IllegalArgumentException("--port must be a number from 0 to 65535, not '" + value + "'");
  }

  private static int count(String value, String option) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 0) return n;
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new IllegalArgumentException(option + " must be a number from 0, not '" + value + "'");
  }

  /** {@code 1s}, {@code 500ms}, or a uniform range {@code 500ms..2s}. */
  static Duration[] latency(String value) {
    int range = value.indexOf("..");
    Duration min = duration(range < 0 ? value : value.substring(0, range));
    Duration max = range < 0 ? min : duration(value.substring(range + 2));
    if (max.compareTo(min) < 0) throw new IllegalArgumentException("--latency " + value + ": the range is reversed");
    return new Duration[] {min, max};
  }

  private static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      if (t.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new IllegalArgumentException("--latency takes a time such as 1s, 500ms or 500ms..2s, not '" + text + "'");
  }

  static String usage() {
    return "usage: EmulatorMain [--host " + DEFAULT_HOST + "|::1|0.0.0.0] [--port " + DEFAULT_PORT
        + "|0] [--dialect both|acedata|chainhub|azure|gemini|fal] [--token " + ProviderEmulator.DEFAULT_TOKEN
        + "] [--strict-part-types]\n"
        + "  [--concurrency-limit N] [--rate-limit PER_MINUTE] [--latency 1s|500ms|500ms..2s]\n"
        + "  AceData listens on --port, ChainHub on the next port (--port 0: any free ports).";
  }
}
