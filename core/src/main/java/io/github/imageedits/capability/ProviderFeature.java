package io.github.imageedits.capability;

/**
 * Features a provider as a whole offers or not. A feature the table declares must work; one it
 * does not declare fails with {@link io.github.imageedits.UnsupportedFeatureException} before
 * anything is sent.
 */
public enum ProviderFeature {
  /** Image URLs sent in a JSON body (per model, see {@link ModelCapability#urlImages()}). */
  URL_IMAGES,
  /** {@code callback_url}: an immediate task id, the result POSTed later. */
  ASYNC_CALLBACK,
  /** Retrieving a task's result by id. */
  TASK_RETRIEVAL,
  /** Server-sent events with partial images ({@code stream=true}). */
  STREAMING,
  /**
   * Edits are only queued: the provider has no synchronous edit, so
   * {@link io.github.imageedits.ImageEditClient#edit} submits a task and follows it (by polling,
   * which the provider must then offer: {@link #TASK_RETRIEVAL}) until it finishes or the request's
   * call timeout runs out.
   */
  QUEUE_ONLY
}
