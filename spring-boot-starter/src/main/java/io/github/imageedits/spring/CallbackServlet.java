package io.github.imageedits.spring;

import io.github.imageedits.CallbackHandler;
import io.github.imageedits.FallbackClient;
import io.github.imageedits.ImageEditClient;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Answers a provider's callback with the status the client's {@link CallbackHandler} decides
 * (200 completed, 401/403 unsigned or forged, 409 replayed, …); the handler reads the body.
 */
final class CallbackServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Log log = LogFactory.getLog(CallbackServlet.class);

  private final transient Supplier<ImageEditClient> client;
  private transient volatile @Nullable CallbackHandler handler;

  CallbackServlet(Supplier<ImageEditClient> client) {
    this.client = client;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    int status;
    try {
      status = handler().handle(request.getMethod(), request.getRequestURI(), request.getQueryString(),
          headers, request.getInputStream());
    } catch (RuntimeException e) {
      log.warn("imageedits callback failed", e);
      status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }
    response.setStatus(status);
  }

  private CallbackHandler handler() {
    CallbackHandler h = handler;
    if (h == null) {
      ImageEditClient c = client.get();
      // A fallback chain submits through its first provider, the one given the callback URL.
      h = c instanceof FallbackClient chain ? chain.clients().get(0).callbackHandler() : c.callbackHandler();
      handler = h;
    }
    return h;
  }
}
