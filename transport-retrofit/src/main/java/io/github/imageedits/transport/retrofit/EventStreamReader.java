package io.github.imageedits.transport.retrofit;

import com.squareup.moshi.JsonDataException;
import io.github.imageedits.ProgressListener;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireEvent;
import io.github.imageedits.spi.WireReply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;

/**
 * Reads a {@code text/event-stream} reply event by event and hands each one to the handler as soon
 * as its blank line is read, so partial images reach the caller while the model still works.
 *
 * <ul>
 *   <li>Framing follows the server-sent events format: {@code field: value} lines, an event ended
 *       by a blank line, several {@code data} lines joined by a line feed, comments (lines
 *       starting with a colon) and unknown fields ignored, events without data not dispatched.
 *       Lines end with LF or CRLF.
 *   <li>The data of an event is parsed as it streams in: a JSON object goes through the reply reader, so a
 *       {@code b64_json} value of any size is decoded into memory or a temporary file without ever
 *       being a String; anything else (such as {@code [DONE]}) is kept as text up to
 *       {@code maxErrorBodySize}.
 *   <li>Bounded: a line of a field other than data may hold {@link #MAX_FIELD_LINE} bytes; all
 *       bytes outside b64_json values, over the whole stream, count against {@code maxJsonSize};
 *       each image against {@code maxImageSize}.
 *   <li>A stream that ends inside an event fails with an {@link java.io.EOFException}; one that
 *       ends between events simply ends (the caller decides whether the final event came).
 * </ul>
 */
final class EventStreamReader {
  /** The longest {@code event}, {@code id}, {@code retry} or comment line; they are short in practice. */
  static final int MAX_FIELD_LINE = 8 * 1024;

  private final ReplyReader replies;
  private final long maxJsonSize;
  private final long maxTextSize;

  EventStreamReader(ReplyReader replies, long maxJsonSize, long maxTextSize) {
    this.replies = replies;
    this.maxJsonSize = maxJsonSize;
    this.maxTextSize = maxTextSize;
  }

  /** True for a 2xx reply whose content type is {@code text/event-stream}. */
  static boolean isEventStream(int status, MediaType type) {
    return status >= 200 && status < 300 && type != null
        && type.type().equalsIgnoreCase("text") && type.subtype().equalsIgnoreCase("event-stream");
  }

  /**
   * Reads events from {@code body} ({@code length} bytes, or -1) until the handler returns false or
   * the stream ends; returns the reply's status and headers with no body.
   */
  WireReply read(int status, Map<String, List<String>> headers, Source body, long length,
      Transport.EventHandler handler, ProgressListener progress) throws IOException {
    WireReply head = new WireReply(status, headers, null, null);
    BoundedSource bounded = new BoundedSource(
        ProgressSource.wrap(body, progress, length), maxJsonSize, "maxJsonSize", 0);
    BufferedSource in = Okio.buffer(bounded);
    while (true) {
      EventData event = new EventData(in);
      if (!event.begin()) return head; // the stream ended between events
      if (!event.hasData()) continue; // comments, or fields without data: nothing to dispatch
      List<Path> spilled = new ArrayList<>();
      WireReply data;
      try {
        data = data(event, bounded, spilled, head);
      } catch (IOException | RuntimeException | Error e) {
        ReplyReader.deleteAll(spilled);
        throw e;
      }
      // From here the images belong to the handler (and through it to the caller).
      if (!handler.onEvent(new WireEvent(event.type(), event.id(), data))) return head;
    }
  }

  private WireReply data(EventData event, BoundedSource bounded, List<Path> spilled, WireReply head)
      throws IOException {
    BufferedSource source = Okio.buffer(event);
    Object json = null;
    String text = null;
    if (startsLikeObject(source)) {
      try {
        json = replies.parse(source, bounded, spilled);
      } catch (JsonDataException e) {
        throw new IOException("an event's data is not valid JSON: " + e.getMessage(), e);
      } catch (IOException e) {
        if (bounded.networkFailure() != null || e instanceof LimitExceededException
            || e instanceof java.io.EOFException && !event.ended()) {
          throw e;
        }
        throw new IOException("an event's data is not valid JSON: " + e.getMessage(), e);
      }
    } else {
      Buffer prefix = new Buffer();
      while (prefix.size() < maxTextSize && source.read(prefix, maxTextSize - prefix.size()) != -1) {
        // reading the prefix
      }
      text = prefix.readUtf8().strip();
    }
    Buffer scratch = new Buffer();
    while (source.read(scratch, 8192) != -1) scratch.clear(); // the rest of an over-long text
    return new WireReply(head.status(), head.headers(), json, text);
  }

  /**
   * Skips whitespace; true when the data then starts a JSON object. Only objects count: OpenAI's
   * events are objects, and the {@code [DONE]} that ends some streams would pass for an array.
   */
  private static boolean startsLikeObject(BufferedSource source) throws IOException {
    while (source.request(1)) {
      byte b = source.getBuffer().getByte(0);
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        source.skip(1);
      } else {
        return b == '{';
      }
    }
    return false;
  }

  /**
   * The data of one event as a {@link okio.Source}: the values of its data fields joined by line
   * feeds, ending at the blank line that ends the event. The other fields are recorded on the way.
   */
  static final class EventData implements okio.Source {
    /** A field name longer than this is not one we read (data, event, id, retry). */
    private static final int MAX_NAME = 64;

    private final BufferedSource in;
    private String type;
    private String id;
    private boolean started;
    private boolean inValue;
    private boolean joinNeeded;
    private boolean ended;

    EventData(BufferedSource in) {
      this.in = in;
    }

    /** Reads up to the first data value or the end of the event; false when the stream ended first. */
    boolean begin() throws IOException {
      advance();
      return started;
    }

    /** True when the event has data (and reading it can start). */
    boolean hasData() {
      return inValue;
    }

    boolean ended() {
      return ended;
    }

    String type() {
      return type;
    }

    String id() {
      return id;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      while (true) {
        if (ended) return -1;
        if (!inValue) {
          advance();
          if (ended) return -1;
          if (joinNeeded) {
            joinNeeded = false;
            sink.writeByte('\n');
            return 1;
          }
          continue;
        }
        if (!in.request(1)) throw cut();
        Buffer buffer = in.getBuffer();
        long limit = Math.min(buffer.size(), byteCount);
        long lineFeed = buffer.indexOf((byte) '\n', 0, limit);
        if (lineFeed == -1) {
          sink.write(buffer, limit);
          return limit;
        }
        long end = lineFeed > 0 && buffer.getByte(lineFeed - 1) == '\r' ? lineFeed - 1 : lineFeed;
        if (end > 0) {
          sink.write(buffer, end);
          return end;
        }
        in.skip(lineFeed + 1); // the end of this data line
        inValue = false;
        joinNeeded = true;
      }
    }

    /** Reads field lines until a data value starts or the event ends. */
    private void advance() throws IOException {
      while (true) {
        if (!in.request(1)) {
          if (started) throw cut();
          ended = true; // the end of the stream, between events
          return;
        }
        byte first = in.getBuffer().getByte(0);
        if (first == '\n' || first == '\r') {
          skipLineEnd();
          if (started) {
            ended = true;
            return;
          }
          continue; // blank lines before an event
        }
        if (first == ':') { // a comment, such as a keep-alive
          in.skip(lineEnd() + 1);
          continue;
        }
        started = true;
        String name = fieldName();
        if (name.equals("data")) {
          inValue = true;
          return;
        }
        long end = lineEnd();
        String value = in.readUtf8(end);
        in.skip(1);
        if (value.endsWith("\r")) value = value.substring(0, value.length() - 1);
        if (name.equals("event")) {
          type = value;
        } else if (name.equals("id") && value.indexOf('\0') < 0) {
          id = value;
        } // retry and unknown fields: ignored, as the format says
      }
    }

    /**
     * Reads a field name and the colon (and one space) after it. A line without a colon is a field
     * with an empty value; the line feed is left for the value. An over-long name reads as "".
     */
    private String fieldName() throws IOException {
      long colon = in.indexOf((byte) ':', 0, MAX_NAME);
      long lineFeed = in.indexOf((byte) '\n', 0, MAX_NAME);
      if (colon != -1 && (lineFeed == -1 || colon < lineFeed)) {
        String name = in.readUtf8(colon);
        in.skip(1);
        if (in.request(1) && in.getBuffer().getByte(0) == ' ') in.skip(1);
        return name;
      }
      if (lineFeed != -1) {
        long end = lineFeed > 0 && in.getBuffer().getByte(lineFeed - 1) == '\r' ? lineFeed - 1 : lineFeed;
        String name = in.readUtf8(end);
        if (end < lineFeed) in.skip(1); // the CR; the LF stays as the end of the (empty) value
        return name;
      }
      return "";
    }

    /** The offset of the next line feed, within {@link #MAX_FIELD_LINE} bytes. */
    private long lineEnd() throws IOException {
      long lineFeed = in.indexOf((byte) '\n', 0, MAX_FIELD_LINE);
      if (lineFeed != -1) return lineFeed;
      if (!in.request(MAX_FIELD_LINE)) throw cut();
      throw new IOException("an event stream line is longer than " + MAX_FIELD_LINE + " bytes");
    }

    private void skipLineEnd() throws IOException {
      byte first = in.getBuffer().getByte(0);
      in.skip(1);
      if (first == '\r' && in.request(1) && in.getBuffer().getByte(0) == '\n') in.skip(1);
    }

    private static java.io.EOFException cut() {
      return new java.io.EOFException("the event stream ended inside an event");
    }

    @Override
    public okio.Timeout timeout() {
      return in.timeout();
    }

    @Override
    public void close() {
      // The response owns the connection; HttpCall closes it.
    }
  }
}
