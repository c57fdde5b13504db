package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * What a provider said when it refused or failed an edit.
 *
 * @param provider the provider name
 * @param status the HTTP status (200 when the provider reported failure inside a 200 reply)
 * @param code the provider's error code, for example {@code invalid_token}, or null
 * @param message the provider's message (shortened when long), or null
 * @param traceId the provider's trace id, or null
 * @param requestId the provider's request id response header ({@code x-request-id}, Azure's
 *     {@code apim-request-id}), or null
 */
public record ProviderError(
    String provider, int status, @Nullable String code, @Nullable String message,
    @Nullable String traceId, @Nullable String requestId) {
  public ProviderError {
    requireNonNull(provider, "provider == null");
  }

  /**
   * One line: {@code acedata answered HTTP 400 bad_request: … (trace_id X)}. A message that is
   * already a whole line about the reply ({@code HTTP 413 Request Entity Too Large from
   * nginx/1.22.1 in front of acedata}, what a page that is not the provider's JSON becomes) is
   * used as it is. An id that is both the trace id and the request id is printed once.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    if (code == null && message != null && message.startsWith("HTTP " + status + " ")) {
      s.append(message);
    } else {
      s.append(provider).append(" answered HTTP ").append(status);
      if (code != null) s.append(' ').append(code);
      if (message != null) s.append(": ").append(message);
    }
    if (traceId != null && traceId.equals(requestId)) {
      s.append(" (trace_id and x-request-id ").append(traceId).append(')');
    } else {
      if (traceId != null) s.append(" (trace_id ").append(traceId).append(')');
      if (requestId != null) s.append(" (x-request-id ").append(requestId).append(')');
    }
    return s.toString();
  }
}
