package io.github.imageedits.spi;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One server-sent event as the transport read it (see {@link Transport.Call#execute(Transport.EventHandler)}).
 *
 * <p>The event's data is given as a {@link WireReply}: the stream's status and headers, with the
 * data parsed as JSON into {@code json} (large {@code b64_json} strings streamed into
 * {@link io.github.imageedits.ImageData}, as in any reply), or, when it is not JSON (such as
 * {@code [DONE]}), a bounded prefix of it in {@code text}. An adapter reads it with the same code as
 * a reply, errors included.
 *
 * @param type the {@code event:} field, or null when the event has none
 * @param id the {@code id:} field, or null
 * @param data the data, as a reply
 */
public record WireEvent(@Nullable String type, @Nullable String id, WireReply data) {
  public WireEvent {
    requireNonNull(data, "data == null");
  }
}
