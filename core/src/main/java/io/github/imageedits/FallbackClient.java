package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import io.github.imageedits.capability.CapabilityTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Several providers in order: a request goes to the first that can serve it, and on to the next
 * when a provider fails in a way another may not (429, 5xx, a connection that failed before the
 * request was fully sent). A failure after the request was sent (a read timeout, a connection
 * dropped before the reply) ends the attempt, as it may have been charged; see
 * {@link RetryPolicy#retrySentRequests()}.
 * Errors that would repeat anywhere (validation, authentication, moderation, balance, other 4xx)
 * end the attempt at once: a request is never sent elsewhere because it was wrong.
 *
 * <pre>{@code
 * ImageEditClient client = FallbackClient.of(
 *     ImageEdits.builder().provider("acedata").apiKey(aceToken).build(),
 *     ImageEdits.builder().provider("chainhub").apiKey(chainKey).build());
 * EditResult result = client.edit(request);
 * System.out.println("served by " + result.provider());
 * }</pre>
 *
 * <p>Providers whose capability table cannot serve the request (an image URL for a provider
 * without URL images, a model option it rejects) are skipped without being called. When every
 * provider fails, {@link AllProvidersFailedException} lists each one's error.
 */
public final class FallbackClient implements ImageEditClient {
  private final List<ImageEditClient> clients;
  private final EditObserver observer;

  private FallbackClient(List<ImageEditClient> clients, EditObserver observer) {
    this.clients = clients;
    this.observer = observer;
  }

  /** A chain trying {@code clients} in the order given. */
  public static FallbackClient of(ImageEditClient first, ImageEditClient... more) {
    requireNonNull(first, "first == null");
    List<ImageEditClient> all = new java.util.ArrayList<>();
    all.add(first);
    for (ImageEditClient client : more) all.add(requireNonNull(client, "client == null"));
    return new FallbackClient(List.copyOf(all), EditObserver.NONE);
  }

  /**
   * A copy of this chain whose edits {@code observer} sees: one observation per edit, with a
   * {@linkplain EditObserver.Observation#fallback hop} each time the chain moves on. The providers'
   * own clients report their attempts to their own observers, as children of that observation.
   *
   * <pre>{@code
   * EditObserver observer = MicrometerEditObserver.create(registry);
   * ImageEditClient client = FallbackClient.of(
   *     ImageEdits.builder().provider("acedata").apiKey(aceToken).observer(observer).build(),
   *     ImageEdits.builder().provider("chainhub").apiKey(chainKey).observer(observer).build())
   *     .observer(observer);
   * }</pre>
   */
  public FallbackClient observer(EditObserver observer) {
    return new FallbackClient(clients, requireNonNull(observer, "observer == null"));
  }

  /** The chain's providers, in order. */
  public List<ImageEditClient> clients() {
    return clients;
  }

  @Override
  public String provider() {
    return clients.stream().map(ImageEditClient::provider).collect(Collectors.joining(",", "fallback(", ")"));
  }

  /** The first provider's table; each provider checks the request against its own. */
  @Override
  public CapabilityTable capabilities() {
    return clients.get(0).capabilities();
  }

  /** The report of the first provider that could serve the request, else the first provider's. */
  @Override
  public ValidationReport check(EditRequest request) {
    ValidationReport first = null;
    for (ImageEditClient client : clients) {
      ValidationReport report = client.check(request);
      if (report.ok()) return report;
      if (first == null) first = report;
    }
    return first;
  }

  @Override
  public EditResult edit(EditRequest request) {
    requireNonNull(request, "request == null");
    EditObserver.Observation observation = start(request);
    Map<String, ImageEditException> failures = new LinkedHashMap<>();
    try {
      for (int i = 0; i < clients.size(); i++) {
        ImageEditClient client = clients.get(i);
        ImageEditException skipped = cannotServe(client, request);
        if (skipped != null) {
          failures.put(client.provider(), skipped);
          hop(observation, i);
          continue;
        }
        try {
          EditResult result = observation.scoped(() -> client.edit(request));
          end(observation, result, null);
          return result;
        } catch (ImageEditException e) {
          if (!worthTryingElsewhere(e, request)) throw e;
          failures.put(client.provider(), e);
          hop(observation, i);
        }
      }
      throw new AllProvidersFailedException(failures);
    } catch (RuntimeException | Error e) {
      end(observation, null, e);
      throw e;
    }
  }

  @Override
  public CompletableFuture<EditResult> editAsync(EditRequest request) {
    requireNonNull(request, "request == null");
    EditObserver.Observation observation = start(request);
    CompletableFuture<EditResult> future = attempt(request, 0, new LinkedHashMap<>(), observation);
    if (observation == EditObserver.Observation.NONE) return future;
    return future.whenComplete((result, error) -> end(observation, result,
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error));
  }

  private CompletableFuture<EditResult> attempt(EditRequest request, int index,
      Map<String, ImageEditException> failures, EditObserver.Observation observation) {
    for (; index < clients.size(); index++) {
      ImageEditClient client = clients.get(index);
      ImageEditException skipped = cannotServe(client, request);
      if (skipped == null) break;
      failures.put(client.provider(), skipped);
      hop(observation, index);
    }
    if (index == clients.size()) {
      return CompletableFuture.failedFuture(new AllProvidersFailedException(failures));
    }
    ImageEditClient client = clients.get(index);
    int position = index;
    return observation.scoped(() -> client.editAsync(request))
        .handle((result, error) -> {
          if (error == null) return CompletableFuture.completedFuture(result);
          Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
          if (cause instanceof ImageEditException e && worthTryingElsewhere(e, request)) {
            failures.put(client.provider(), e);
            hop(observation, position);
            return attempt(request, position + 1, failures, observation);
          }
          return CompletableFuture.<EditResult>failedFuture(cause);
        })
        .thenCompose(f -> f);
  }

  /** The chain's observation of one edit; {@link EditObserver.Observation#NONE} when unobserved. */
  private EditObserver.Observation start(EditRequest request) {
    if (observer == EditObserver.NONE) return EditObserver.Observation.NONE;
    try {
      EditContext.Builder context = EditContext.builder(EditContext.IMAGE_EDIT, provider(), request.model())
          .images(request.images().size())
          .n(request.n() == null ? 0 : request.n())
          .size(request.size() == null ? null : request.size().value())
          .outputFormat(request.outputFormat() == null ? null : request.outputFormat().value())
          .fallback(true);
      if (observer.recordsPrompts()) context.prompt(request.prompt());
      EditObserver.Observation observation = observer.start(context.build());
      return observation == null ? EditObserver.Observation.NONE : observation;
    } catch (RuntimeException e) {
      return EditObserver.Observation.NONE; // a broken observer must not break an edit
    }
  }

  /** The provider at {@code position} is done with; tells the observer which one comes next, if any. */
  private void hop(EditObserver.Observation observation, int position) {
    if (observation == EditObserver.Observation.NONE || position + 1 >= clients.size()) return;
    try {
      observation.fallback(position, clients.get(position + 1).provider());
    } catch (RuntimeException ignored) {
      // see start
    }
  }

  private static void end(EditObserver.Observation observation, EditResult result, Throwable failure) {
    if (observation == EditObserver.Observation.NONE) return;
    try {
      if (failure == null) observation.succeeded(result);
      else observation.failed(failure);
    } catch (RuntimeException ignored) {
      // see start
    }
  }

  /** Why {@code client} cannot serve {@code request} by its own table, or null when it can. */
  private static ImageEditException cannotServe(ImageEditClient client, EditRequest request) {
    ValidationReport report = client.check(request);
    return report.ok() ? null : new ValidationException(report.errors());
  }

  /**
   * 429, 5xx and network failures may not happen elsewhere; everything else would. A network
   * failure after the whole request was sent is not tried elsewhere unless the request's retry
   * policy opts in ({@link RetryPolicy#retrySentRequests()}): the first provider may be making, and
   * charging for, the edit, and a second provider would charge again.
   */
  private static boolean worthTryingElsewhere(ImageEditException e, EditRequest request) {
    if (e instanceof ProviderException p) return p.isTransient();
    if (!(e instanceof TransportException t)) return false;
    return !t.requestMayHaveBeenProcessed()
        || (request.retryPolicy() != null && request.retryPolicy().retrySentRequests());
  }

  /** Saves through the first provider: a download carries no credentials, so any will do. */
  @Override
  public Path save(EditedImage image, Path folder, String stem) throws IOException {
    return clients.get(0).save(image, folder, stem);
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (ImageEditClient client : clients) {
      try {
        client.close();
      } catch (RuntimeException e) {
        if (first == null) first = e;
      }
    }
    if (first != null) throw first;
  }

  @Override
  public String toString() {
    return "FallbackClient" + clients;
  }
}
