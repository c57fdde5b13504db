package io.github.imageedits.examples;

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditTask;
import io.github.imageedits.FallbackClient;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageFiles;
import io.github.imageedits.ProgressListener;
import io.github.imageedits.RetryPolicy;
import io.github.imageedits.TaskOptions;
import io.github.imageedits.Timeouts;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.azure.AzureOpenAi;
import io.github.imageedits.client.ImageEdits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The README's feature snippets. Each method's parameters are what the README takes as given
 * ({@code request}, {@code token}, and {@code baseUrl}, which the tests point at the emulator and
 * an application leaves out); ExamplesRunTest runs them.
 */
public final class Features {
  private Features() {}

  /** Runs against the emulator's Azure OpenAI dialect in ExamplesRunTest. */
  public static ImageEditClient azure(String endpoint, String azureKey) {
    // README: azure
    ImageEditClient client = ImageEdits.builder()
        .provider(AzureOpenAi.builder().deployment("image-editor").build())  // or .entraIdToken()
        .baseUrl(endpoint)   // System.getenv("AZURE_OPENAI_ENDPOINT"): https://RESOURCE.openai.azure.com
        .apiKey(azureKey)    // System.getenv("AZURE_OPENAI_API_KEY")
        .build();
    // END
    return client;
  }

  /** Runs against the emulator's Gemini dialect in ExamplesRunTest. */
  public static void gemini(EditRequest request, String geminiKey, String baseUrl) {
    // README: gemini
    ImageEditClient gemini = ImageEdits.builder()
        .provider("gemini")
        .apiKey(geminiKey)   // System.getenv("GEMINI_API_KEY")
        .baseUrl(baseUrl)
        .build();
    EditResult result = gemini.edit(request.toBuilder().model("gemini-2.5-flash-image").build());
    result.warnings().forEach(w -> System.err.println(w.message()));  // size: sent as aspectRatio …
    // END
    result.close();
    gemini.close();
  }

  public static ValidationReport check(ImageEditClient client, EditRequest request) {
    // README: check
    ValidationReport report = client.check(request);
    report.errors().forEach(v -> System.err.println(v.message()));    // would be refused
    report.warnings().forEach(v -> System.err.println(v.message()));  // would be dropped (lenient) or adapted
    // END
    return report;
  }

  /**
   * Not run against the emulator, which does not stream (AceData, ChainHub and Gemini document no
   * streaming): ExamplesRunTest runs it on the openai adapter against a scripted event stream.
   */
  public static void stream(ImageEditClient client, EditRequest request) throws IOException {
    // README: stream
    try (EditResult result = client.stream(request.toBuilder().partialImages(2).build(),
        partial -> ImageFiles.saveNew(partial.data(), Path.of("preview"), "step-" + partial.index()))) {
      client.save(result.images().get(0), Path.of("out"), "final");
    }
    // client.streamAsync(...) returns a future; cancelling it cancels the call and closes the stream.
    // END
  }

  public static ImageEditClient progress(String token, String baseUrl) {
    // README: progress
    ImageEditClient client = ImageEdits.builder().provider("acedata").apiKey(token).baseUrl(baseUrl)
        .progressListener(new ProgressListener() {
          @Override public void uploaded(long sent, long total) {
            System.err.printf("\ruploaded %d of %d bytes", sent, total);
          }
        })
        .maxDownloadBytes(64L << 20)
        .build();
    // END
    return client;
  }

  public static String fallback(EditRequest request, String aceToken, String aceUrl, String chainKey,
      String chainUrl) {
    // README: fallback
    try (ImageEditClient client = FallbackClient.of(
        ImageEdits.builder().provider("acedata").apiKey(aceToken).baseUrl(aceUrl).build(),
        ImageEdits.builder().provider("chainhub").apiKey(chainKey).baseUrl(chainUrl).build());
        EditResult result = client.edit(request)) {
      System.out.println("served by " + result.provider());
      // END
      return result.provider();
    }
  }

  public static void retries(EditRequest request, String token, String baseUrl) {
    // README: retries
    try (ImageEditClient client = ImageEdits.builder().provider("acedata").apiKey(token).baseUrl(baseUrl)
        .retryPolicy(RetryPolicy.builder().maxAttempts(4).build())   // default: RetryPolicy.defaults()
        .retryListener(event -> System.err.println(event))
        .readTimeout(Duration.ofMinutes(5))
        .build()) {
      client.edit(request).close();                                   // retried on 429, 502, 503, 504
      client.edit(request.toBuilder()
          .retryPolicy(RetryPolicy.none())                            // this one: send once
          .timeouts(Timeouts.builder().call(Duration.ofMinutes(15)).build())
          .build()).close();
    }
    // END
  }

  public static void submit(EditRequest request, String token, String baseUrl,
      InetSocketAddress receiver, String publicUrl) throws IOException {
    // README: submit
    try (ImageEditClient client = ImageEdits.builder()
        .provider("acedata").apiKey(token).baseUrl(baseUrl)
        .callbackReceiver(receiver)   // built-in receiver (JDK HTTP server): new InetSocketAddress(8086)
        .callbackUrl(publicUrl)       // the public URL that reaches it: https://edits.example.com/imageedits/callback
        .build()) {
      EditTask task = client.submit(request, TaskOptions.builder().deadline(Duration.ofMinutes(10)).build());
      String taskId = task.taskId();  // keep it: after a restart, client.resume(taskId, TaskOptions.defaults())
      try (EditResult result = task.await(Duration.ofMinutes(11))) {
        client.save(result.images().get(0), Path.of("out"), "task-" + taskId);
      }
    }
    // END
  }
}
