package io.github.imageedits.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code imageedit}: edit images from the terminal through AceData, ChainHub, Azure OpenAI or the built-in
 * sandbox (a local emulator, used when no provider is named).
 *
 * <pre>
 * imageedit edit --image photo.png --prompt "Add a red scarf"          # sandbox, no token needed
 * IMAGEEDIT_PROVIDER=acedata ACEDATA_API_TOKEN=… imageedit edit --image photo.png --prompt …
 * imageedit batch --images photos/ --prompt "Add a red scarf" --out edited/
 * imageedit models --provider chainhub
 * imageedit emulator --port 8765                                       # serve the emulator standalone
 * </pre>
 */
@Command(
    name = "imageedit",
    mixinStandardHelpOptions = true,
    versionProvider = ImageEditCommand.Version.class,
    description = "Edit images through OpenAI-compatible Images Edits providers.",
    subcommands = {EditCommand.class, BatchCommand.class, ModelsCommand.class, EmulatorCommand.class,
        CommandLine.HelpCommand.class})
public final class ImageEditCommand implements Runnable {
  // The exit codes; the README's table lists the same ones, and a test runs each.
  /** Exit code: done. */
  static final int OK = 0;
  /** Exit code: an unexpected error inside the tool (a bug). */
  static final int BUG = 1;
  /** Exit code: bad usage, invalid input or a local problem (files, folders); nothing was sent. */
  static final int USAGE = 2;
  /** Exit code: the provider refused the request (4xx, auth, moderation, balance). */
  static final int REFUSED = 3;
  /** Exit code: the provider or the network failed (5xx, timeout, connection). */
  static final int FAILED = 4;
  /** Exit code: the edit was done (and billed) but its result could not be written. */
  static final int NOT_SAVED = 5;
  /**
   * Exit code: a batch ended with some items failed, uncertain (maybe processed, not resent) or not
   * sent; the others are done. Running the same command again retries what can be retried.
   */
  static final int SOME_FAILED = 6;
  /** Exit code: interrupted (SIGINT; the JVM exits with 128 + 2). */
  static final int INTERRUPTED = 130;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: edit, batch, models or emulator");
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, System.getenv(), out, err, System.console() != null));
  }

  /**
   * Runs the tool in-process: the entry point for {@link #main} and for tests.
   *
   * @param env the environment variables to read (tokens, IMAGEEDIT_PROVIDER)
   * @param terminal whether stderr is a terminal (progress is shown only then)
   */
  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, boolean terminal) {
    CommandLine cli = new CommandLine(new ImageEditCommand(), new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        if (type == EditCommand.class) return type.cast(new EditCommand(env, terminal));
        if (type == BatchCommand.class) return type.cast(new BatchCommand(env, terminal));
        if (type == ModelsCommand.class) return type.cast(new ModelsCommand(env));
        return CommandLine.defaultFactory().create(type);
      }
    });
    cli.setOut(out);
    cli.setErr(err);
    // Every expected outcome is mapped by the commands themselves; what reaches here is a bug.
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      err.println("imageedit: unexpected error (please report it): " + e);
      return BUG;
    });
    return cli.execute(args);
  }

  /**
   * The project version, from the resource core's build writes ({@code version=${project.version}}),
   * so {@code --version} says {@code 0.1.0-SNAPSHOT} for a snapshot build.
   */
  static final class Version implements CommandLine.IVersionProvider {
    static final String RESOURCE = "/META-INF/imageedits/version.properties";

    @Override
    public String[] getVersion() {
      return new String[] {"imageedit " + version()};
    }

    static String version() {
      Properties properties = new Properties();
      try (InputStream in = ImageEditCommand.class.getResourceAsStream(RESOURCE)) {
        if (in == null) return "unknown (" + RESOURCE + " is missing)";
        properties.load(in);
      } catch (IOException e) {
        return "unknown (" + e.getMessage() + ")";
      }
      return properties.getProperty("version", "unknown");
    }
  }
}
