package io.github.imageedits;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Receives the provider's callbacks in an application that has its own HTTP server: call it from
 * the endpoint the client's callback URL points at, and answer with the status it returns (no body
 * is needed). Plain Java: any framework can call it.
 *
 * <pre>{@code
 * // Javalin; Spring and Jakarta are alike
 * CallbackHandler handler = client.callbackHandler();
 * app.post("/imageedits/callback", ctx -> ctx.status(handler.handle(ctx.method().name(), ctx.path(),
 *     ctx.queryString(), headersOf(ctx), ctx.bodyInputStream())));
 * }</pre>
 *
 * <p>The client signs every callback URL it gives a provider with a token only it can make. The
 * handler completes a task only for a POST whose URL carries a valid token, for a task still
 * running, with a body within the size limit that the provider's adapter can read. It answers
 * 200 (completed), 202 (held until the provider's reply to the submission names the task), 400
 * (malformed body), 401 (no token), 403 (wrong token, or a payload about another task), 404
 * (unknown task), 405 (not a POST), 409 (the task has finished: a replay or a late delivery), 413
 * (body over the limit, read no further than one byte past it) or 500. A refused callback
 * completes nothing.
 */
@FunctionalInterface
public interface CallbackHandler {

  /**
   * Handles one callback request. Thread-safe.
   *
   * @param method the HTTP method
   * @param path the request path (not used in any decision: the token in the query names the task)
   * @param query the raw query string, still percent-encoded, without the {@code ?}; or null
   * @param headers the request headers (any case); {@code Content-Length} and
   *     {@code Content-Type} are read
   * @param body the request body; read at most to the size limit plus one byte, not closed
   * @return the HTTP status to answer
   */
  int handle(String method, String path, @Nullable String query, Map<String, List<String>> headers,
      InputStream body);
}
