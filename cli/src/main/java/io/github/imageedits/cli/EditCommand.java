package io.github.imageedits.cli;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditException;
import io.github.imageedits.ImageSource;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RedirectException;
import io.github.imageedits.TransportException;
import io.github.imageedits.ValidationException;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imageedit edit}: one edit, results saved as new files. */
@Command(
    name = "edit",
    mixinStandardHelpOptions = true,
    description = {
      "Edit one or more images with a prompt and save the results as new files.",
      "Provider: --provider, else $IMAGEEDIT_PROVIDER, else the local sandbox (no token needed).",
      "Tokens: ACEDATA_API_TOKEN for acedata, CHAINHUB_API_KEY for chainhub, AZURE_OPENAI_API_KEY for azure,"
          + " GEMINI_API_KEY for gemini.",
      "Azure: the endpoint from --base-url or AZURE_OPENAI_ENDPOINT; --azure-deployment (else"
          + " AZURE_OPENAI_DEPLOYMENT) sends to that deployment, else the v1 surface with --model as the"
          + " deployment; --azure-api-version (else AZURE_OPENAI_API_VERSION).",
      "Exit codes: 0 done, 1 a bug in imageedit, 2 bad usage, invalid input or a local problem"
          + " (nothing sent), or a --base-url the API redirects away from, 3 refused by the provider, 4 provider or network failure,"
          + " 5 edited but the result could not be saved, 130 interrupted."
    })
final class EditCommand implements Callable<Integer> {
  private final Map<String, String> env;
  private final boolean terminal;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--image", required = true, paramLabel = "PATH_OR_URL",
      description = "An image file or an http(s) URL; repeat for several (up to 16).")
  List<String> images = new ArrayList<>();

  @Option(names = "--prompt", required = true, description = "What to change.")
  String prompt;

  @Option(names = "--provider", description = "acedata, chainhub, azure, gemini, fal or sandbox.")
  String provider;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Replace the provider's API root (https, or http to loopback only).")
  String baseUrl;

  @Option(names = "--azure-deployment", paramLabel = "NAME",
      description = "Azure: the deployment URL for this deployment (default: $AZURE_OPENAI_DEPLOYMENT, else the v1 surface).")
  String azureDeployment;

  @Option(names = "--azure-api-version", paramLabel = "VERSION",
      description = "Azure: the api-version (default: $AZURE_OPENAI_API_VERSION, else 2025-04-01-preview"
          + " for a deployment, preview on v1).")
  String azureApiVersion;

  @Option(names = "--proxy", paramLabel = "URL",
      description = "Proxy for every call (http://host:port or socks5://host:port); else $HTTPS_PROXY,"
          + " $HTTP_PROXY or $ALL_PROXY. Hosts in $NO_PROXY and loopback addresses go direct.")
  String proxy;

  @Mixin EditOptions options = new EditOptions();

  @Option(names = "--callback-url", paramLabel = "URL",
      description = "Edit asynchronously: print the task id and exit; the result is POSTed here.")
  String callbackUrl;

  /** Where results go when --out is not given: a folder that git repositories usually ignore. */
  static final Path DEFAULT_OUT = Path.of("out");

  @Option(names = "--out", paramLabel = "DIR",
      description = "Folder for results, created when missing (default: out/ in the current folder).")
  Path out;

  @Option(names = "--json", description = "Print exactly one JSON object on stdout.")
  boolean json;

  @Option(names = "--quiet", description = "No progress and no messages on stderr.")
  boolean quiet;

  EditCommand(Map<String, String> env, boolean terminal) {
    this.env = env;
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Report report = new Report(json, stdout, stderr, null);
    ProviderChoice choice;
    EditRequest request;
    ProxySettings proxySettings;
    Path folder = out != null ? out : DEFAULT_OUT;
    AzureSettings.Target target;
    try {
      choice = ProviderChoice.resolve(provider, env);
      report = report.speakingFor(choice);
      request = request(choice);
      target = AzureSettings.target(choice, baseUrl, azureDeployment, azureApiVersion, env);
      proxySettings = ProxySettings.of(proxy, env);
      // Before anything is sent (a real provider bills the edit): a result that cannot be saved
      // is a local problem, exit 2, not a failure found after paying for it. An asynchronous
      // edit saves nothing here.
      if (callbackUrl == null) OutputFolder.check(folder);
    } catch (IllegalArgumentException e) {
      return report.usage(e.getMessage());
    }
    // The upload bar, then the spinner; the client reports its bytes to it.
    Progress progress = Progress.create(stderr, terminal && !quiet && !json);
    try (Session session = Session.open(choice, env, target.baseUrl(), proxySettings, progress, target.adapter())) {
      EditResult result;
      try (Progress running = progress.start()) {
        result = session.client().edit(request);
      }
      // Closing the result deletes the temporary files of large images once they are saved.
      try (result) {
        if (!quiet && !json) {
          result.warnings().forEach(w -> stderr.println("warning: " + choice.speak(w.message())));
        }
        if (result.pending()) {
          report.pending(choice, result);
          return ImageEditCommand.OK;
        }
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < result.images().size(); i++) {
          files.add(session.client().save(result.images().get(i), folder, stem(result, i)));
        }
        report.success(choice, result, files);
        if (out == null && !quiet && !json) {
          stderr.println("imageedit: saved in " + DEFAULT_OUT + File.separator
              + " (the default folder; choose another with --out DIR)");
        }
        return ImageEditCommand.OK;
      }
    } catch (ValidationException e) {
      return report.invalid(e);
    } catch (IllegalArgumentException e) {
      return report.usage(e.getMessage());
    } catch (RedirectException e) {
      // The fix is the tool's own flag: the base URL the API redirects to.
      return report.redirect(e);
    } catch (ProviderException e) {
      return report.provider(e, e.status() >= 500 ? ImageEditCommand.FAILED : ImageEditCommand.REFUSED);
    } catch (TransportException e) {
      return report.transport(e);
    } catch (ImageEditException e) {
      return report.usage(e.getMessage());
    } catch (IOException e) {
      return report.notSaved(folder, e);
    }
  }

  private EditRequest request(ProviderChoice choice) {
    EditRequest.Builder b = EditRequest.builder().prompt(prompt);
    options.apply(b, choice);
    for (String image : images) {
      String lower = image.toLowerCase(java.util.Locale.ROOT);
      b.image(lower.startsWith("http://") || lower.startsWith("https://")
          ? ImageSource.url(image) : ImageSource.file(Path.of(image)));
    }
    if (callbackUrl != null) b.callbackUrl(callbackUrl);
    return b.build();
  }

  // Named after the provider's task id when there is one, so a user can look the task up;
  // ImageFiles adds -1, -2... rather than overwrite.
  private static String stem(EditResult result, int index) {
    return "edited" + (result.taskId() != null ? "-" + result.taskId() : "")
        + (index == 0 ? "" : "-" + index);
  }
}
