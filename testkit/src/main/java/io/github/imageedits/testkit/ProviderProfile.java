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
import org.jspecify.annotations.Nullable;

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
  private final String authHeader;
  private final String authPrefix;
  private final @Nullable RequestReader requestReader;
  private final Map<io.github.imageedits.Option, Map<String, String>> wireFields;
  private final @Nullable Queue queue;

  private ProviderProfile(Builder b) {
    this.authHeader = b.authHeader;
    this.authPrefix = b.authPrefix;
    this.requestReader = b.requestReader;
    this.wireFields = Map.copyOf(b.wireFields);
    this.queue = b.queue;
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
  public @Nullable String urlModel() {
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
  public @Nullable ReplyFixture callback() {
    return callback;
  }

  /** The path of the task endpoint below the base URL; null when the provider declares no TASK_RETRIEVAL. */
  public @Nullable String taskPath() {
    return taskPath;
  }

  /** The task endpoint's reply for a task still running (about the pending reply's task); or null. */
  public @Nullable String taskRunning() {
    return taskRunning;
  }

  /** The task endpoint's reply for that task finished, with the result it must give; or null. */
  public @Nullable ReplyFixture taskFinished() {
    return taskFinished;
  }

  /** The header that carries the API key: {@code Authorization} unless the profile says otherwise. */
  public String authHeader() {
    return authHeader;
  }

  /** What precedes the key in {@link #authHeader()}: {@code "Bearer "} unless the profile says otherwise. */
  public String authPrefix() {
    return authPrefix;
  }

  /**
   * How to read the request back from the wire (its body, path and query), or null for OpenAI's
   * multipart form.
   */
  public @Nullable RequestReader requestReader() {
    return requestReader;
  }

  /**
   * The fields an option set by {@link #applyOptions} becomes on the wire, as the
   * {@link #requestReader()} reports them, where that is not simply its wire name with its value:
   * an {@linkplain io.github.imageedits.capability.Support#ADAPTED adapted} option's translation,
   * or an honoured option under the provider's own name. Empty when the profile declares none.
   */
  public Map<String, String> wireFields(io.github.imageedits.Option option) {
    return wireFields.getOrDefault(option, Map.of());
  }

  /**
   * The provider's queue, or null when an edit is one synchronous exchange: the kits then answer a
   * submission with {@link Queue#accepted()}, the status query with {@link Queue#completed()}, and
   * the result query with the reply under test.
   */
  public @Nullable Queue queue() {
    return queue;
  }

  /**
   * A queue between an edit's submission and its result (fal's, for one): what the queue answers a
   * submission, the path of the accepted task's status and the status that says it completed, and
   * the path its result is fetched from.
   *
   * @param accepted the queue's answer to a submission
   * @param statusPath the path of the accepted task's status query
   * @param completed the status that says the task completed
   * @param resultPath the path the accepted task's result is fetched from
   */
  public record Queue(String accepted, String statusPath, String completed, String resultPath) {
    public Queue {
      requireNonNull(accepted, "accepted == null");
      requireNonNull(statusPath, "statusPath == null");
      requireNonNull(completed, "completed == null");
      requireNonNull(resultPath, "resultPath == null");
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
    private String authHeader = "Authorization";
    private String authPrefix = "Bearer ";
    private @Nullable RequestReader requestReader;
    private final Map<io.github.imageedits.Option, Map<String, String>> wireFields = new LinkedHashMap<>();
    private @Nullable Queue queue;

    Builder() {}

    /**
     * The header that carries the key and what precedes the key in it; by default
     * {@code Authorization: Bearer <key>}. Gemini: {@code authHeader("x-goog-api-key", "")}.
     */
    public Builder authHeader(String name, String prefix) {
      this.authHeader = requireNonNull(name, "name == null");
      this.authPrefix = requireNonNull(prefix, "prefix == null");
      return this;
    }

    /**
     * For a provider whose request is not OpenAI's multipart form: how the kit reads the fields,
     * the images and the mask back from what was sent, for example a JSON body with data URIs.
     */
    public Builder requestReader(RequestReader requestReader) {
      this.requestReader = requireNonNull(requestReader, "requestReader == null");
      return this;
    }

    /**
     * The fields {@code option} becomes on the wire for the value {@link #options} sets, where that
     * is not its wire name with its value: an adapted option's translation ({@code SIZE ->
     * {aspectRatio: 1:1, imageSize: 1K}}, which the kit also expects a warning for), or an honoured
     * option under the provider's own name ({@code SIZE -> {image_size: 1024x1024}}).
     */
    public Builder wireFields(io.github.imageedits.Option option, Map<String, String> fields) {
      wireFields.put(requireNonNull(option, "option == null"), Map.copyOf(fields));
      return this;
    }

    /**
     * The provider queues each edit: a submission is answered with {@code accepted}, the status at
     * {@code statusPath} says {@code completed}, and the result is fetched from {@code resultPath}.
     * The kit answers and checks the whole sequence for each edit.
     */
    public Builder queue(String accepted, String statusPath, String completed, String resultPath) {
      this.queue = new Queue(accepted, statusPath, completed, resultPath);
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
