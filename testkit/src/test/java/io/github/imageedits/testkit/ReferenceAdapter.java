package io.github.imageedits.testkit;

import io.github.imageedits.EditResult;
import io.github.imageedits.Option;
import io.github.imageedits.ProviderError;
import io.github.imageedits.TransportException;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.ProviderFeature;
import io.github.imageedits.capability.SizeRule;
import io.github.imageedits.capability.Support;
import io.github.imageedits.spi.JsonTree;
import io.github.imageedits.spi.OpenAiCompatibleAdapter;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.TaskUpdate;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The smallest real adapter: a plain OpenAI-compatible endpoint at {@code /v1/images/edits} with a
 * tiny table. It proves the kit can be passed, and its variants prove the kit checks both sides of
 * every capability flag. Its asynchronous dialect is deliberately unlike AceData's, so the kit is
 * seen to assume neither: callbacks {@code {task_id, status, created, data | error}}, and tasks at
 * {@code GET /v1/tasks/{id}} answering {@code {id, status, result}}.
 */
class ReferenceAdapter extends OpenAiCompatibleAdapter {
  static final String FILE_MODEL = "ref-image-1";
  static final String URL_MODEL = "ref-image-url";

  private final CapabilityTable table;

  ReferenceAdapter(CapabilityTable table) {
    super("reference", URI.create("https://api.reference.invalid"), "/v1/images/edits");
    this.table = table;
  }

  /** Files only, no provider features, masks honoured: OpenAI's own endpoint. */
  static ReferenceAdapter plain() {
    return new ReferenceAdapter(CapabilityTable.builder("reference")
        .model(fileModel().build())
        .build());
  }

  /** URL images, callbacks, task retrieval and streaming declared; masks ignored by the file model, as nano-banana does. */
  static ReferenceAdapter featured() {
    return new ReferenceAdapter(CapabilityTable.builder("reference")
        .feature(ProviderFeature.URL_IMAGES)
        .feature(ProviderFeature.ASYNC_CALLBACK)
        .feature(ProviderFeature.TASK_RETRIEVAL)
        .feature(ProviderFeature.STREAMING)
        .model(fileModel().option(Option.MASK, Support.IGNORED).build())
        .model(ModelCapability.builder(URL_MODEL).urlImages(true).maxImages(16).build())
        .build());
  }

  private static ModelCapability.Builder fileModel() {
    return ModelCapability.builder(FILE_MODEL)
        .maxImages(4)
        .promptMaxChars(1000)
        .sizeRule(SizeRule.oneOf("256x256", "512x512", "1024x1024"))
        .allowedValues(Option.QUALITY, "high", "medium", "low");
  }

  @Override
  public CapabilityTable capabilities() {
    return table;
  }

  @Override
  public WireRequest toAsyncWire(PreparedEdit edit, ProviderContext context, String traceId) {
    return toWire(edit, context); // this dialect takes no trace id
  }

  @Override
  public TaskUpdate readCallback(WireReply payload) {
    String taskId = JsonTree.string(payload.json(), "task_id");
    if (taskId == null) throw new TransportException("a callback without task_id", null);
    return outcome(taskId, payload);
  }

  @Override
  public WireRequest toTaskWire(String taskId, ProviderContext context) {
    return WireRequest.builder()
        .method("GET")
        .url(context.resolve("/v1/tasks/" + taskId))
        .headers(Map.of("Authorization", "Bearer " + context.apiKey().reveal()))
        .build();
  }

  @Override
  public TaskUpdate readTask(String taskId, WireReply reply) {
    if (!reply.successful()) throw error(reply);
    String status = JsonTree.string(reply.json(), "status");
    if (!"succeeded".equals(status) && !"failed".equals(status)) return TaskUpdate.running(taskId);
    Map<String, Object> result = JsonTree.object(reply.json(), "result");
    return outcome(taskId, new WireReply(reply.status(), reply.headers(), result, null));
  }

  private TaskUpdate outcome(String taskId, WireReply reply) {
    if (reportsFailure(reply) || "failed".equals(JsonTree.string(reply.json(), "status"))) {
      return TaskUpdate.failed(taskId, classify(new ProviderError(name(), 500,
          JsonTree.string(JsonTree.object(reply.json(), "error"), "code"),
          JsonTree.string(JsonTree.object(reply.json(), "error"), "message"), null, null)));
    }
    EditResult result = result((String) null, List.of(), reply);
    return TaskUpdate.finished(taskId, result);
  }
}
