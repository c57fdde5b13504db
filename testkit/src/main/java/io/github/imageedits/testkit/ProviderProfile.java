package io.github.imageedits.testkit;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageSize;
import io.github.imageedits.Quality;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The facts about a provider that {@link ProviderContractKit} cannot read from the adapter itself:
 * where edits go, which models to try, and the replies and errors the provider documents. What the
 * adapter declares (its capability table) the kit reads from the client.
 *
 * <pre>{@code
 * ProviderProfile profile = ProviderProfile.builder()
 *     .editPath("/v1/images/edits")
 *     .fileModel("gpt-image-1")
 *     .urlModel("gpt-image-2")                      // only if the table declares URL_IMAGES
 *     .reply(ReplyFixture.builder("the synchronous reply", SYNC_JSON)
 *         .expectUrlImage("https://cdn.example.com/0.png", null)
 *         .expectCreated(1721626477)
 *         .build())
 *     .error(ErrorFixture.builder("401 invalid_token", 401, INVALID_TOKEN_JSON)
 *         .expect(AuthenticationException.class, "invalid_token", "Invalid token")
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>Facts later versions of the kit check (streamed partial images, callback payloads, faults)
 * arrive as new builder methods with defaults, so a profile written today keeps compiling.
 */
public final class ProviderProfile {
  private final String editPath;
  private final String fileModel;
  private final String urlModel;
  private final Map<String, String> requiredHeaders;
  private final UnaryOperator<EditRequest.Builder> options;
  private final List<ReplyFixture> replies;
  private final List<ErrorFixture> errors;
  private final ReplyFixture callback;
  private final String taskPath;
  private final String taskRunning;
  private final ReplyFixture taskFinished;
  private final Shape shape;

  private ProviderProfile(Builder b) {
    this.shape = b.shape;
    this.callback = b.callback;
    this.taskPath = b.taskPath;
    this.taskRunning = b.taskRunning;
    this.taskFinished = b.taskFinished;
    this.editPath = b.editPath;
    this.fileModel = b.fileModel;
    this.urlModel = b.urlModel;
    this.requiredHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(b.requiredHeaders));
    this.options = b.options;
    this.replies = List.copyOf(b.replies);
    this.errors = List.copyOf(b.errors);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The path of the edits endpoint below the base URL, for example {@code /v1/images/edits}. */
  public String editPath() {
    return editPath;
  }

  /** A model the table lists that takes image files. */
  public String fileModel() {
    return fileModel;
  }

  /** A model that takes image URLs, or null when the provider declares no URL images. */
  public String urlModel() {
    return urlModel;
  }

  /** Headers every edit request must carry, with their exact values. */
  public Map<String, String> requiredHeaders() {
    return requiredHeaders;
  }

  /** Sets options the file model takes; each one it honours must reach the wire under its wire name. */
  public EditRequest.Builder applyOptions(EditRequest.Builder request) {
    return requireNonNull(options.apply(request), "options returned null");
  }

  /** The documented successful replies, in order. */
  public List<ReplyFixture> replies() {
    return replies;
  }

  /** The documented error replies, in order. */
  public List<ErrorFixture> errors() {
    return errors;
  }

  /**
   * The body the provider POSTs to a callback URL, with the result it must give; null when the
   * provider declares no ASYNC_CALLBACK.
   */
  public ReplyFixture callback() {
    return callback;
  }

  /** The path of the task endpoint below the base URL; null when the provider declares no TASK_RETRIEVAL. */
  public String taskPath() {
    return taskPath;
  }

  /** The task endpoint's reply for a task still running (about the pending reply's task); or null. */
  public String taskRunning() {
    return taskRunning;
  }

  /** The task endpoint's reply for that task finished, with the result it must give; or null. */
  public ReplyFixture taskFinished() {
    return taskFinished;
  }

  /**
   * How the provider's wire differs from OpenAI's multipart edit, or {@link Shape#OPENAI}: the auth
   * header, a JSON body with images as data URIs, a queue between submission and result.
   */
  public Shape shape() {
    return shape;
  }

  /**
   * A provider whose wire is not OpenAI's multipart edit, described so the kits check the real
   * request and follow the real exchange: the auth header and its scheme; a JSON body ({@link ShapeBuilder#jsonBody})
   * with the images as data URIs under the provider's field names; a queue ({@link ShapeBuilder#queue}) whose
   * submission is answered with a task and whose result is fetched after a status says completed;
   * the callback URL as a query parameter ({@link ShapeBuilder#callbackQuery}).
   *
   * <pre>{@code
   * ProviderProfile.Shape.builder()
   *     .authorization("Authorization", "Key ")
   *     .jsonBody("image_urls", "mask_image_url", false, Map.of("n", "num_images", "size", "image_size"))
   *     .queue(SUBMITTED_JSON, "/fal-ai/gpt-image-1.5/requests/ID/status", COMPLETED_JSON,
   *         "/fal-ai/gpt-image-1.5/requests/ID")
   *     .callbackQuery("fal_webhook")
   *     .build();
   * }</pre>
   */
  public static final class Shape {
    /** OpenAI's shape: Bearer token, multipart, one synchronous exchange, callback_url in the body. */
    public static final Shape OPENAI = builder().build();

    private final String authHeader;
    private final String authScheme;
    private final String imagesField;
    private final String maskField;
    private final boolean modelInBody;
    private final Map<String, String> wireNames;
    private final String accepted;
    private final String statusPath;
    private final String completed;
    private final String resultPath;
    private final String callbackQuery;

    private Shape(ShapeBuilder b) {
      this.authHeader = b.authHeader;
      this.authScheme = b.authScheme;
      this.imagesField = b.imagesField;
      this.maskField = b.maskField;
      this.modelInBody = b.modelInBody;
      this.wireNames = Map.copyOf(b.wireNames);
      this.accepted = b.accepted;
      this.statusPath = b.statusPath;
      this.completed = b.completed;
      this.resultPath = b.resultPath;
      this.callbackQuery = b.callbackQuery;
    }

    public static ShapeBuilder builder() {
      return new ShapeBuilder();
    }

    /** The header carrying the key, for example {@code Authorization}. */
    public String authHeader() {
      return authHeader;
    }

    /** The text before the key in {@link #authHeader()}, for example {@code "Bearer "}. */
    public String authScheme() {
      return authScheme;
    }

    /** True when edits go as JSON with images as data URIs; false for multipart. */
    public boolean json() {
      return imagesField != null;
    }

    /** The JSON field holding the images (always an array), or null for multipart. */
    public String imagesField() {
      return imagesField;
    }

    /** The JSON field holding the mask as a data URI, or null for multipart. */
    public String maskField() {
      return maskField;
    }

    /** Whether the JSON body names the model (else the path does). */
    public boolean modelInBody() {
      return modelInBody;
    }

    /** The provider's name for an option's wire name, where it differs ({@code n} → {@code num_images}). */
    public String wireName(String openAiName) {
      return wireNames.getOrDefault(openAiName, openAiName);
    }

    /** True when an edit is queued: submission, a status that says completed, then the result. */
    public boolean queued() {
      return accepted != null;
    }

    /** The queue's answer to a submission, or null. */
    public String accepted() {
      return accepted;
    }

    /** The path of the status query of the accepted task, or null. */
    public String statusPath() {
      return statusPath;
    }

    /** The status that says the accepted task completed, or null. */
    public String completed() {
      return completed;
    }

    /** The path the accepted task's result is fetched from, or null. */
    public String resultPath() {
      return resultPath;
    }

    /** The query parameter that carries the callback URL, or null for a {@code callback_url} body field. */
    public String callbackQuery() {
      return callbackQuery;
    }

    /** How many requests one successful {@code edit} makes: 1, or 3 through a queue. */
    public int requestsPerEdit() {
      return queued() ? 3 : 1;
    }
  }

  /** Builds a {@link Shape}; every setting defaults to OpenAI's. */
  public static final class ShapeBuilder {
    private String authHeader = "Authorization";
    private String authScheme = "Bearer ";
    private String imagesField;
    private String maskField;
    private boolean modelInBody = true;
    private final Map<String, String> wireNames = new LinkedHashMap<>();
    private String accepted;
    private String statusPath;
    private String completed;
    private String resultPath;
    private String callbackQuery;

    private ShapeBuilder() {}

    public ShapeBuilder authorization(String header, String scheme) {
      this.authHeader = requireNonNull(header, "header == null");
      this.authScheme = requireNonNull(scheme, "scheme == null");
      return this;
    }

    /** A JSON body: images (data URIs or URLs) as an array under {@code imagesField}, the mask under {@code maskField}. */
    public ShapeBuilder jsonBody(String imagesField, String maskField, boolean modelInBody, Map<String, String> wireNames) {
      this.imagesField = requireNonNull(imagesField, "imagesField == null");
      this.maskField = requireNonNull(maskField, "maskField == null");
      this.modelInBody = modelInBody;
      this.wireNames.putAll(requireNonNull(wireNames, "wireNames == null"));
      return this;
    }

    /** A queue: the submission's answer, the status path and its completed answer, the result path. */
    public ShapeBuilder queue(String accepted, String statusPath, String completed, String resultPath) {
      this.accepted = requireNonNull(accepted, "accepted == null");
      this.statusPath = requireNonNull(statusPath, "statusPath == null");
      this.completed = requireNonNull(completed, "completed == null");
      this.resultPath = requireNonNull(resultPath, "resultPath == null");
      return this;
    }

    /** The callback URL goes in this query parameter of the edit request. */
    public ShapeBuilder callbackQuery(String parameter) {
      this.callbackQuery = requireNonNull(parameter, "parameter == null");
      return this;
    }

    public Shape build() {
      return new Shape(this);
    }
  }

  /** The first reply that carries images: what the kit answers when a test needs any success. */
  public ReplyFixture successReply() {
    return replies.stream().filter(r -> !r.pending()).findFirst().orElseThrow();
  }

  /** Builds {@link ProviderProfile}s. */
  public static final class Builder {
    private String editPath;
    private String fileModel;
    private String urlModel;
    private final Map<String, String> requiredHeaders = new LinkedHashMap<>();
    // Values every OpenAI-style image model documents.
    private UnaryOperator<EditRequest.Builder> options =
        b -> b.size(ImageSize.of(1024, 1024)).quality(Quality.HIGH);
    private final List<ReplyFixture> replies = new ArrayList<>();
    private final List<ErrorFixture> errors = new ArrayList<>();
    private ReplyFixture callback;
    private String taskPath;
    private String taskRunning;
    private ReplyFixture taskFinished;
    private Shape shape = Shape.OPENAI;

    Builder() {}

    /** How the provider's wire differs from OpenAI's multipart edit; default {@link Shape#OPENAI}. */
    public Builder shape(Shape shape) {
      this.shape = requireNonNull(shape, "shape == null");
      return this;
    }

    /** The edits path below the base URL; it starts with a slash. */
    public Builder editPath(String editPath) {
      requireNonNull(editPath, "editPath == null");
      if (!editPath.startsWith("/")) throw new IllegalArgumentException("editPath must start with /");
      this.editPath = editPath;
      return this;
    }

    /** A model the table lists that takes image files (required). */
    public Builder fileModel(String fileModel) {
      this.fileModel = requireNonNull(fileModel, "fileModel == null");
      return this;
    }

    /** A model that takes image URLs; give one exactly when the table declares URL_IMAGES. */
    public Builder urlModel(String urlModel) {
      this.urlModel = requireNonNull(urlModel, "urlModel == null");
      return this;
    }

    /** A header every edit request must carry, for example {@code Accept: application/json}. */
    public Builder requiredHeader(String name, String value) {
      requiredHeaders.put(requireNonNull(name, "name == null"), requireNonNull(value, "value == null"));
      return this;
    }

    /**
     * Options to set on a file-model request for the "options on the wire" check; by default size
     * 1024x1024 and quality high.
     */
    public Builder options(UnaryOperator<EditRequest.Builder> options) {
      this.options = requireNonNull(options, "options == null");
      return this;
    }

    /** Adds a documented successful reply. */
    public Builder reply(ReplyFixture reply) {
      replies.add(requireNonNull(reply, "reply == null"));
      return this;
    }

    /** Adds a documented error. */
    public Builder error(ErrorFixture error) {
      errors.add(requireNonNull(error, "error == null"));
      return this;
    }

    /**
     * The callback payload the provider POSTs when a task finishes, and the result it must read to;
     * its task id is the one of the pending reply. Give one exactly when the table declares
     * ASYNC_CALLBACK.
     */
    public Builder callback(ReplyFixture callback) {
      this.callback = requireNonNull(callback, "callback == null");
      return this;
    }

    /**
     * The task endpoint: its path, its reply while the pending reply's task runs, and its reply once
     * that task has finished with the result it must read to. Give them exactly when the table
     * declares TASK_RETRIEVAL.
     */
    public Builder taskQuery(String path, String running, ReplyFixture finished) {
      requireNonNull(path, "path == null");
      if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with /");
      this.taskPath = path;
      this.taskRunning = requireNonNull(running, "running == null");
      this.taskFinished = requireNonNull(finished, "finished == null");
      return this;
    }

    public ProviderProfile build() {
      if (editPath == null) throw new IllegalStateException("editPath is required");
      if (fileModel == null) throw new IllegalStateException("fileModel is required");
      if (replies.stream().allMatch(ReplyFixture::pending)) {
        throw new IllegalStateException("at least one reply fixture with images is required");
      }
      if (errors.isEmpty()) throw new IllegalStateException("at least one error fixture is required");
      return new ProviderProfile(this);
    }
  }
}
