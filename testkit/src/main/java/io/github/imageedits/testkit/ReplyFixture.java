package io.github.imageedits.testkit;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A successful reply a provider documents, and the result an adapter must read from it. Every
 * expectation not set is an expectation of absence: no images, {@code created} 0, and null task
 * id, trace id, request id, elapsed time and usage. So a fixture states the whole result, and an
 * adapter that invents a value fails as surely as one that drops one.
 *
 * <pre>{@code
 * ReplyFixture sync = ReplyFixture.builder("the synchronous reply with a url", SYNC_JSON)
 *     .header("x-request-id", "req-7")
 *     .expectUrlImage("https://cdn.example.com/0.png", "Make it dark")
 *     .expectCreated(1777048863)
 *     .expectTaskId("cb104e35-af1f-45be-9fac-b62e2b256753")
 *     .expectRequestId("req-7")
 *     .build();
 * }</pre>
 *
 * <p>The kit sends a one-image edit for each fixture: with {@link ProviderProfile#fileModel()} and
 * a PNG file unless the fixture names its own model ({@link Builder#sentWithModel}), image URL
 * ({@link Builder#sentWithImageUrl}) or callback URL ({@link Builder#sentWithCallbackUrl}).
 */
public final class ReplyFixture {
  private final String name;
  private final String body;
  private final int status;
  private final Map<String, String> headers;
  private final String model;
  private final String imageUrl;
  private final String callbackUrl;
  private final List<ExpectedImage> images;
  private final long created;
  private final String taskId;
  private final String traceId;
  private final String requestId;
  private final Duration elapsed;
  private final Usage usage;

  private ReplyFixture(Builder b) {
    this.name = b.name;
    this.body = b.body;
    this.status = b.status;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.model = b.model;
    this.imageUrl = b.imageUrl;
    this.callbackUrl = b.callbackUrl;
    this.images = List.copyOf(b.images);
    this.created = b.created;
    this.taskId = b.taskId;
    this.traceId = b.traceId;
    this.requestId = b.requestId;
    this.elapsed = b.elapsed;
    this.usage = b.usage;
  }

  /**
   * Starts a fixture.
   *
   * @param name what the reply is, as a test name (for example "the nano-banana reply")
   * @param body the JSON body, copied from the provider's documents
   */
  public static Builder builder(String name, String body) {
    return new Builder(name, body);
  }

  public String name() {
    return name;
  }

  public String body() {
    return body;
  }

  /** The HTTP status, 200 unless set. */
  public int status() {
    return status;
  }

  /** Response headers besides Content-Type (which is application/json). */
  public Map<String, String> headers() {
    return headers;
  }

  /** The model to send, or null for the profile's file model. */
  public @Nullable String model() {
    return model;
  }

  /** The image URL to send instead of a file, or null. */
  public @Nullable String imageUrl() {
    return imageUrl;
  }

  /** The callback URL to send, or null. */
  public @Nullable String callbackUrl() {
    return callbackUrl;
  }

  public List<ExpectedImage> expectedImages() {
    return images;
  }

  public long expectedCreated() {
    return created;
  }

  public String expectedTaskId() {
    return taskId;
  }

  public String expectedTraceId() {
    return traceId;
  }

  public String expectedRequestId() {
    return requestId;
  }

  public Duration expectedElapsed() {
    return elapsed;
  }

  public Usage expectedUsage() {
    return usage;
  }

  /** True when the expected result is an accepted asynchronous task: a task id and no images. */
  public boolean pending() {
    return images.isEmpty() && taskId != null;
  }

  @Override
  public String toString() {
    return name;
  }

  /**
   * One expected image: a link, base64 data, or both, and the revised prompt.
   *
   * @param url the expected url, or null for none
   * @param base64 the expected {@code b64_json} text (the kit compares the decoded bytes), or null
   * @param revisedPrompt the expected revised prompt, or null for none
   */
  public record ExpectedImage(@Nullable String url, @Nullable String base64, @Nullable String revisedPrompt) {
    public ExpectedImage {
      if (url == null && base64 == null) throw new IllegalArgumentException("an image needs a url or base64");
    }
  }

  /** Builds {@link ReplyFixture}s. */
  public static final class Builder {
    private final String name;
    private final String body;
    private int status = 200;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String model;
    private String imageUrl;
    private String callbackUrl;
    private final List<ExpectedImage> images = new ArrayList<>();
    private long created;
    private String taskId;
    private String traceId;
    private String requestId;
    private Duration elapsed;
    private Usage usage;

    Builder(String name, String body) {
      this.name = requireNonNull(name, "name == null");
      this.body = requireNonNull(body, "body == null");
    }

    /** The HTTP status of the reply; 200 unless set. */
    public Builder status(int status) {
      if (status < 200 || status > 299) throw new IllegalArgumentException("a reply fixture is a 2xx: " + status);
      this.status = status;
      return this;
    }

    /** Adds a response header, for example {@code x-request-id}. */
    public Builder header(String name, String value) {
      headers.put(requireNonNull(name, "name == null"), requireNonNull(value, "value == null"));
      return this;
    }

    /** Sends the edit with {@code model} instead of the profile's file model. */
    public Builder sentWithModel(String model) {
      this.model = requireNonNull(model, "model == null");
      return this;
    }

    /** Sends the edit with this image URL instead of a PNG file. */
    public Builder sentWithImageUrl(String url) {
      this.imageUrl = requireNonNull(url, "url == null");
      return this;
    }

    /** Sends the edit with this {@code callback_url}. */
    public Builder sentWithCallbackUrl(String url) {
      this.callbackUrl = requireNonNull(url, "url == null");
      return this;
    }

    /** Expects an image given as a link, next in order. */
    public Builder expectUrlImage(String url, @Nullable String revisedPrompt) {
      images.add(new ExpectedImage(requireNonNull(url, "url == null"), null, revisedPrompt));
      return this;
    }

    /** Expects an image given as {@code b64_json}, next in order. */
    public Builder expectBase64Image(String base64, @Nullable String revisedPrompt) {
      images.add(new ExpectedImage(null, requireNonNull(base64, "base64 == null"), revisedPrompt));
      return this;
    }

    /** Expects {@code created}, in epoch seconds; 0 unless set. */
    public Builder expectCreated(long created) {
      this.created = created;
      return this;
    }

    public Builder expectTaskId(String taskId) {
      this.taskId = requireNonNull(taskId, "taskId == null");
      return this;
    }

    public Builder expectTraceId(String traceId) {
      this.traceId = requireNonNull(traceId, "traceId == null");
      return this;
    }

    /** Expects the request id (the provider's {@code x-request-id} header). */
    public Builder expectRequestId(String requestId) {
      this.requestId = requireNonNull(requestId, "requestId == null");
      return this;
    }

    public Builder expectElapsed(Duration elapsed) {
      this.elapsed = requireNonNull(elapsed, "elapsed == null");
      return this;
    }

    public Builder expectUsage(Usage usage) {
      this.usage = requireNonNull(usage, "usage == null");
      return this;
    }

    public ReplyFixture build() {
      if (images.isEmpty() && taskId == null) {
        throw new IllegalStateException(name + ": a reply fixture expects images or a task id");
      }
      return new ReplyFixture(this);
    }
  }
}
