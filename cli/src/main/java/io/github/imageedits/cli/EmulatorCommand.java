package io.github.imageedits.cli;

import io.github.imageedits.emulator.EmulatorMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code imageedit emulator}: serves the provider emulator standalone, for an application under
 * development, curl or another language's SDK, until the process is stopped. The serving itself
 * is the emulator module's {@link EmulatorMain}; this command only gives it the tool's name and
 * help.
 *
 * <pre>
 * imageedit emulator                                   # AceData on 127.0.0.1:8765, ChainHub on 8766
 * imageedit emulator --host ::1 --port 9000 --dialect gemini
 * </pre>
 */
@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    description = {"Serve the provider emulator (the wire protocol of AceData, ChainHub, Azure OpenAI, Gemini or fal) on a local port "
        + "until stopped (Ctrl-C). Prints each base URL, the token it accepts and a curl example."})
final class EmulatorCommand implements Callable<Integer> {
  @Option(names = "--host", paramLabel = "HOST",
      description = "Address to bind (default ${DEFAULT-VALUE}; ::1 for IPv6 loopback, 0.0.0.0 for every interface).")
  String host = EmulatorMain.DEFAULT_HOST;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port of the first emulator (default ${DEFAULT-VALUE}); with --dialect both, ChainHub listens "
          + "on the next one. 0 picks free ports.")
  int port = EmulatorMain.DEFAULT_PORT;

  @Option(names = "--dialect", paramLabel = "DIALECT",
      description = "both (AceData and ChainHub), acedata, chainhub, azure, gemini or fal (default ${DEFAULT-VALUE}).")
  String dialect = "both";

  @Option(names = "--token", paramLabel = "TOKEN", description = "The key the emulator accepts (default: its built-in token).")
  String token;

  @Option(names = "--strict-part-types",
      description = "Refuse image parts typed application/octet-stream, as OpenAI did in 2025.")
  boolean strictPartTypes;

  @Override
  public Integer call() throws InterruptedException {
    List<String> args = new ArrayList<>(List.of("--host", host, "--port", Integer.toString(port), "--dialect", dialect));
    if (token != null) args.addAll(List.of("--token", token));
    if (strictPartTypes) args.add("--strict-part-types");
    // Serves until the process is stopped; a bad value exits with 2 (usage) after saying why.
    EmulatorMain.main(args.toArray(String[]::new));
    return ImageEditCommand.OK;
  }
}
