package io.github.imageedits.cli;

import com.squareup.moshi.JsonWriter;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditedImage;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RedirectException;
import io.github.imageedits.TransportException;
import io.github.imageedits.ValidationException;
import io.github.imageedits.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import okio.Buffer;

/**
 * Everything the edit command prints: plain lines for people, or exactly one JSON object on stdout
 * with {@code --json}. Returns the exit code for each outcome so the mapping lives in one place.
 */
final class Report {
  private final boolean json;
  private final PrintWriter out;
  private final PrintWriter err;
  /** Who speaks in messages (see {@link ProviderChoice#speak}); null before it is known. */
  private final ProviderChoice provider;

  Report(boolean json, PrintWriter out, PrintWriter err, ProviderChoice provider) {
    this.json = json;
    this.out = out;
    this.err = err;
    this.provider = provider;
  }

  /** This report, with messages worded for {@code provider}. */
  Report speakingFor(ProviderChoice provider) {
    return new Report(json, out, err, provider);
  }

  private String speak(String message) {
    return provider == null ? message : provider.speak(message);
  }

  void success(ProviderChoice provider, EditResult result, List<Path> files) {
    if (!json) {
      files.forEach(f -> out.println(f));
      return;
    }
    print(w -> {
      w.beginObject();
      header(w, provider, result);
      w.name("images").beginArray();
      for (int i = 0; i < result.images().size(); i++) {
        EditedImage image = result.images().get(i);
        w.beginObject();
        w.name("file").value(files.get(i).toString());
        w.name("url").value(image.url());
        w.name("revised_prompt").value(image.revisedPrompt());
        w.endObject();
      }
      w.endArray();
      warnings(w, result.warnings());
      w.endObject();
    });
  }

  void pending(ProviderChoice provider, EditResult result) {
    if (!json) {
      out.println("task " + result.taskId() + " accepted; the result will be POSTed to the callback URL");
      return;
    }
    print(w -> {
      w.beginObject();
      header(w, provider, result);
      w.name("images").beginArray().endArray();
      warnings(w, result.warnings());
      w.endObject();
    });
  }

  int usage(String message) {
    return error("validation", null, null, message, null, List.of(), ImageEditCommand.USAGE);
  }

  int invalid(ValidationException e) {
    // One problem, one line; several are listed one a line under the library's summary.
    String message = e.violations().size() == 1
        ? e.violations().get(0).message() + "; nothing was sent" : e.getMessage();
    return error("validation", null, null, message, null, e.violations(), ImageEditCommand.USAGE);
  }

  int provider(ProviderException e, int exitCode) {
    return error("provider", e.status(), e.code(), e.getMessage(), e.traceId(), List.of(), exitCode);
  }

  /**
   * The API answered a redirect: where it points and the flag that fixes it, with the usage exit
   * code (the base URL given is wrong; the provider did not process the edit).
   */
  int redirect(RedirectException e) {
    String message = "the API answered " + e.status() + " → "
        + (e.location() == null ? "(no Location)" : e.location())
        + (e.suggestedBaseUrl() != null ? "; use --base-url " + e.suggestedBaseUrl()
            : "; use --base-url with the API's root")
        + "; nothing was edited";
    return error("redirect", e.status(), null, message, null, List.of(), ImageEditCommand.USAGE);
  }

  int transport(TransportException e) {
    return error("transport", null, null, e.getMessage(), null, List.of(), ImageEditCommand.FAILED);
  }

  /** Some items of a batch are invalid: each problem one line (one violation); nothing was sent. */
  int invalidItems(String summary, List<Violation> problems) {
    if (!json) {
      err.println("imageedit: " + speak(summary));
      problems.forEach(v -> err.println("  " + speak(v.message())));
      return ImageEditCommand.USAGE;
    }
    return error("validation", null, null, summary, null, problems, ImageEditCommand.USAGE);
  }

  /** The edit was done (a real provider billed it) but writing its result failed. */
  int notSaved(Path folder, IOException e) {
    return error("save", null, null, "the edit was done but its result could not be saved in " + folder
        + ": " + e, null, List.of(), ImageEditCommand.NOT_SAVED);
  }

  private int error(String kind, Integer status, String code, String message, String traceId,
      List<Violation> violations, int exitCode) {
    if (!json) {
      err.println("imageedit: " + speak(message));
      return exitCode;
    }
    print(w -> {
      w.beginObject().name("error").beginObject();
      w.name("kind").value(kind);
      w.name("status").value(status);
      w.name("code").value(code);
      w.name("message").value(speak(message));
      w.name("trace_id").value(traceId);
      w.name("violations").beginArray();
      for (Violation v : violations) {
        w.beginObject().name("field").value(v.field()).name("message").value(speak(v.message())).endObject();
      }
      w.endArray();
      w.endObject().endObject();
    });
    return exitCode;
  }

  private static void header(JsonWriter w, ProviderChoice provider, EditResult result) throws IOException {
    w.name("provider").value(provider.toString());
    w.name("model").value(result.model());
    w.name("task_id").value(result.taskId());
    w.name("trace_id").value(result.traceId());
    w.name("created").value(result.created());
  }

  private void warnings(JsonWriter w, List<Violation> warnings) throws IOException {
    w.name("warnings").beginArray();
    for (Violation v : warnings) w.value(speak(v.message()));
    w.endArray();
  }

  interface JsonBody {
    void write(JsonWriter writer) throws IOException;
  }

  /** Prints one JSON object (nulls included) on stdout. */
  void print(JsonBody body) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true); // every documented key is present, null when unknown
      body.write(writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println(buffer.readUtf8());
    out.flush();
  }
}
