package io.github.imageedits.testkit;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.ProviderException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error reply a provider documents, and the typed exception an adapter must throw for it: its
 * exact class and the status, code, message, trace id and request id it carries. Expectations not
 * set are expectations of absence (null).
 *
 * <pre>{@code
 * ErrorFixture invalidToken = ErrorFixture.builder("401 invalid_token", 401, INVALID_TOKEN_JSON)
 *     .header("x-request-id", "req-9")
 *     .expect(AuthenticationException.class, "invalid_token", "Invalid token")
 *     .expectTraceId("2cf86e86-22a4-46e1-ac2f-032c0f2a4e89")
 *     .expectRequestId("req-9")
 *     .build();
 * }</pre>
 */
public final class ErrorFixture {
  private final String name;
  private final int status;
  private final String body;
  private final String contentType;
  private final Map<String, String> headers;
  private final Class<? extends ProviderException> type;
  private final String code;
  private final String message;
  private final String traceId;
  private final String requestId;

  private ErrorFixture(Builder b) {
    this.name = b.name;
    this.status = b.status;
    this.body = b.body;
    this.contentType = b.contentType;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.type = b.type;
    this.code = b.code;
    this.message = b.message;
    this.traceId = b.traceId;
    this.requestId = b.requestId;
  }

  /**
   * Starts a fixture.
   *
   * @param name what the error is, as a test name (for example "401 invalid_token")
   * @param status the HTTP status the provider answers with
   * @param body the body, copied from or shaped like the provider's documents
   */
  public static Builder builder(String name, int status, String body) {
    return new Builder(name, status, body);
  }

  public String name() {
    return name;
  }

  public int status() {
    return status;
  }

  public String body() {
    return body;
  }

  /** The body's Content-Type; application/json unless set. */
  public String contentType() {
    return contentType;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The exact class of the expected exception. */
  public Class<? extends ProviderException> expectedType() {
    return type;
  }

  public String expectedCode() {
    return code;
  }

  public String expectedMessage() {
    return message;
  }

  public String expectedTraceId() {
    return traceId;
  }

  public String expectedRequestId() {
    return requestId;
  }

  @Override
  public String toString() {
    return name;
  }

  /** Builds {@link ErrorFixture}s. */
  public static final class Builder {
    private final String name;
    private final int status;
    private final String body;
    private String contentType = "application/json";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Class<? extends ProviderException> type;
    private String code;
    private String message;
    private String traceId;
    private String requestId;

    Builder(String name, int status, String body) {
      this.name = requireNonNull(name, "name == null");
      this.body = requireNonNull(body, "body == null");
      if (status < 100 || status > 599) throw new IllegalArgumentException("status " + status);
      this.status = status;
    }

    public Builder contentType(String contentType) {
      this.contentType = requireNonNull(contentType, "contentType == null");
      return this;
    }

    /** Adds a response header, for example {@code x-request-id}. */
    public Builder header(String name, String value) {
      headers.put(requireNonNull(name, "name == null"), requireNonNull(value, "value == null"));
      return this;
    }

    /**
     * Expects an exception of exactly {@code type} (a subclass does not do) with this code and
     * message; either may be null for "absent".
     */
    public Builder expect(Class<? extends ProviderException> type, String code, String message) {
      this.type = requireNonNull(type, "type == null");
      this.code = code;
      this.message = message;
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

    public ErrorFixture build() {
      if (type == null) throw new IllegalStateException(name + ": call expect(type, code, message)");
      return new ErrorFixture(this);
    }
  }
}
