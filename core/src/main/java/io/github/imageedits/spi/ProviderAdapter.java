package io.github.imageedits.spi;

import io.github.imageedits.EditResult;
import io.github.imageedits.UnsupportedFeatureException;
import io.github.imageedits.capability.CapabilityTable;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A provider's dialect: where to send an edit, how to phrase it, and how to read the reply. An
 * adapter does no I/O itself; the {@link Transport} does. Most adapters extend
 * {@link OpenAiCompatibleAdapter} and override only what their provider does differently.
 */
public interface ProviderAdapter {

  /** The name users pick the provider by, for example {@code acedata}. */
  String name();

  /** The provider's models and features. */
  CapabilityTable capabilities();

  /** The API root used when the caller gives none. */
  URI defaultBaseUrl();

  /** Describes the HTTP request for a validated edit. */
  WireRequest toWire(PreparedEdit edit, ProviderContext context);

  /**
   * Reads the reply to {@link #toWire}.
   *
   * @throws io.github.imageedits.ProviderException for an error reply, including a 2xx that
   *     reports failure
   * @throws io.github.imageedits.TransportException for a reply that cannot be read
   */
  EditResult readReply(PreparedEdit edit, WireReply reply);

  /**
   * Describes the HTTP request for a streamed edit (server-sent events with partial images). Called
   * only when the table declares {@link io.github.imageedits.capability.ProviderFeature#STREAMING}.
   * The default refuses; {@link OpenAiCompatibleAdapter} sends OpenAI's {@code stream=true}.
   */
  default WireRequest toStreamingWire(PreparedEdit edit, ProviderContext context) {
    throw new UnsupportedFeatureException(name(), "streaming partial images");
  }

  /**
   * Reads one event of the stream {@link #toStreamingWire} asked for.
   *
   * @throws io.github.imageedits.ProviderException for an error event
   * @throws io.github.imageedits.TransportException for an event that cannot be read
   */
  default EditEvent readEvent(PreparedEdit edit, WireEvent event) {
    throw new UnsupportedFeatureException(name(), "streaming partial images");
  }

  // ---- asynchronous edits: a provider that declares ASYNC_CALLBACK or TASK_RETRIEVAL overrides these

  /**
   * Describes the HTTP request for an asynchronous edit: the request's {@code callback_url} is set
   * (signed by the client), and {@code traceId} goes along where the provider takes one.
   *
   * @throws UnsupportedFeatureException the default: the provider has no asynchronous edits
   */
  default WireRequest toAsyncWire(PreparedEdit edit, ProviderContext context, String traceId) {
    throw new UnsupportedFeatureException(name(), "asynchronous tasks");
  }

  /**
   * Reads a callback the provider POSTed, parsed by the transport like a reply (status 200, the
   * callback's headers): the task it names and its outcome.
   *
   * @return a finished or failed update; {@link TaskUpdate#taskId()} is the task the payload names
   * @throws io.github.imageedits.TransportException a payload that cannot be read (no task id,
   *     neither images nor an error); the receiver answers 400 and completes nothing
   * @throws UnsupportedFeatureException the default: the provider sends no callbacks
   */
  default TaskUpdate readCallback(WireReply payload) {
    throw new UnsupportedFeatureException(name(), "asynchronous callbacks");
  }

  /**
   * Reads a callback for the task {@code taskId} (the task the signed callback URL was given for;
   * null while the provider's reply to the submission has not named it yet). The default calls
   * {@link #readCallback(WireReply)}; a provider whose callback names the task differently from
   * its task id (a part of it, say) overrides this to answer with the task id.
   */
  default TaskUpdate readCallback(String taskId, WireReply payload) {
    return readCallback(payload);
  }

  /**
   * True when the provider signs its callbacks itself, so that the client checks each one with
   * {@link #verifyCallback} before reading it. The client then holds the raw body (within the
   * callback size limit) for the check. The default: false.
   */
  default boolean verifiesCallbacks() {
    return false;
  }

  /**
   * Checks the provider's own signature on a callback, in addition to the client's signed callback
   * URL: called before the payload is read, only when {@link #verifiesCallbacks()}.
   *
   * @param headers the callback's headers, names in any case
   * @param body the raw body, exactly as received
   * @return false to refuse the callback (answered 403, nothing completes)
   */
  default boolean verifyCallback(Map<String, List<String>> headers, byte[] body) {
    return true;
  }

  /**
   * True when the provider delivers a callback again until it is answered 2xx, so duplicates are
   * normal: a second delivery about a task that has finished is answered 200 and ignored, instead
   * of 409. The default: false.
   */
  default boolean redeliversCallbacks() {
    return false;
  }

  /**
   * Describes the HTTP request that asks the provider about task {@code taskId}.
   *
   * @throws UnsupportedFeatureException the default: the provider has no task retrieval
   */
  default WireRequest toTaskWire(String taskId, ProviderContext context) {
    throw new UnsupportedFeatureException(name(), "task retrieval");
  }

  /**
   * Reads the reply to {@link #toTaskWire}: still running, finished, or failed.
   *
   * @throws io.github.imageedits.ProviderException the query itself failed (bad key, 5xx); the
   *     client tries again later when {@link io.github.imageedits.ProviderException#isTransient()}
   * @throws UnsupportedFeatureException the default: the provider has no task retrieval
   */
  default TaskUpdate readTask(String taskId, WireReply reply) {
    throw new UnsupportedFeatureException(name(), "task retrieval");
  }

  /**
   * Reads the reply to a task query with the provider's context at hand, for an update that names
   * the {@link TaskUpdate#next() next request} (which needs the credentials). The default calls
   * {@link #readTask(String, WireReply)}.
   */
  default TaskUpdate readTask(String taskId, WireReply reply, ProviderContext context) {
    return readTask(taskId, reply);
  }
}
