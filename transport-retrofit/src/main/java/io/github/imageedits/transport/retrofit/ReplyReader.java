package io.github.imageedits.transport.retrofit;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import io.github.imageedits.ProgressListener;
import io.github.imageedits.spi.WireReply;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import okio.Okio;
import okio.Source;

/**
 * Reads a reply body (or a callback body) into a {@link WireReply}, never holding more than the limits allow.
 *
 * <ul>
 *   <li>A body whose first non-blank byte is <code>{</code> or <code>[</code> is parsed as JSON,
 *       whatever its content type says (gateways label JSON as text/plain or text/html often
 *       enough), with Moshi's streaming reader into maps, lists, strings, doubles, booleans and
 *       nulls. The value of every {@code b64_json} key is decoded as it is read into an
 *       {@link io.github.imageedits.ImageData}, in memory up to the spill threshold and in a
 *       temporary file past it; it never becomes a String. So is the value of every key the
 *       request declared as carrying base64 images ({@link #withBase64ImageKeys}, Gemini's
 *       {@code inlineData.data} for example). A {@code content} string (the text of
 *       a chat-completion message) that carries {@code data:image/…;base64,} URIs is read the same
 *       way and becomes a list of its text and its images.
 *   <li>Any other body (an HTML gateway page, an empty body), and a JSON body that turns out
 *       truncated or malformed, gives {@code json == null} and {@code text} = its first bytes, up to
 *       the error-body limit. The adapter decides what that means; the transport does not throw
 *       for what a server said.
 *   <li>Limits: a 2xx JSON body may hold {@code maxJsonSize} bytes outside its b64_json values, each
 *       image may decode to {@code maxImageSize}; past either the read fails with
 *       {@link LimitExceededException}. A non-2xx body is read to {@code maxErrorBodySize} at most,
 *       and past it is quoted as text, so an error still carries its status.
 *   <li>An I/O failure of the network while reading is rethrown as such: a connection that broke
 *       mid-body is a transport failure, not a malformed body.
 * </ul>
 */
final class ReplyReader {
  private static final ByteString UTF8_BOM = ByteString.decodeHex("efbbbf");
  /** The key whose string values are images, streamed (in replies and server-sent events alike). */
  private static final String B64_KEY = "b64_json";
  /**
   * The key of chat-completion message text, whose {@code data:image/…;base64,} URIs (ChainHub's
   * way of returning images) are streamed the same way; see {@link DataUriContent}.
   */
  private static final String CONTENT_KEY = "content";

  private final long maxJsonSize;
  private final long maxErrorBodySize;
  private final long spillThreshold;
  private final long maxImageSize;
  private final SpillFiles spillFiles;
  /** Further keys whose strings are images ({@code key} or {@code parent.key}); see {@link #isImageKey}. */
  private final java.util.Set<String> imageKeys;

  ReplyReader(long maxJsonSize, long maxErrorBodySize, long spillThreshold, long maxImageSize,
      SpillFiles spillFiles) {
    this(maxJsonSize, maxErrorBodySize, spillThreshold, maxImageSize, spillFiles, java.util.Set.of());
  }

  private ReplyReader(long maxJsonSize, long maxErrorBodySize, long spillThreshold, long maxImageSize,
      SpillFiles spillFiles, java.util.Set<String> imageKeys) {
    this.maxJsonSize = maxJsonSize;
    this.maxErrorBodySize = maxErrorBodySize;
    this.spillThreshold = spillThreshold;
    this.maxImageSize = maxImageSize;
    this.spillFiles = spillFiles;
    this.imageKeys = imageKeys;
  }

  /**
   * This reader, also decoding the string values of {@code keys} as images, the way it decodes
   * {@code b64_json} (same limits, same spilling): for providers that return base64 images under
   * keys of their own, as a request's {@link io.github.imageedits.spi.WireRequest#base64ImageKeys()}
   * declares. A key {@code parent.key} matches {@code key} only inside an object under {@code parent}.
   */
  ReplyReader withBase64ImageKeys(java.util.Set<String> keys) {
    if (keys.isEmpty() && imageKeys.isEmpty()) return this;
    return new ReplyReader(maxJsonSize, maxErrorBodySize, spillThreshold, maxImageSize, spillFiles,
        java.util.Set.copyOf(keys));
  }

  /** Whether the member {@code name} that {@code reader} has just read names an image string. */
  private boolean isImageKey(String name, JsonReader reader) {
    if (name.equals(B64_KEY)) return true;
    if (imageKeys.isEmpty()) return false;
    String path = null;
    for (String key : imageKeys) {
      if (key.equals(name)) return true;
      if (key.endsWith("." + name)) {
        if (path == null) path = reader.getPath(); // $.candidates[0].content.parts[0].inlineData.data
        if (path.endsWith("." + key)) return true;
      }
    }
    return false;
  }

  /**
   * Reads a body of {@code type} from {@code body} ({@code length} bytes, or -1 when unknown) into a
   * reply with {@code status} and {@code headers}. {@code abandon} runs when the reader stops before
   * the end of the body (a quoted prefix of a large body), so that the caller can drop the
   * connection instead of letting OkHttp drain the rest of the body from the network. The body
   * bytes read are reported to {@code progress}. The caller closes {@code body}.
   */
  WireReply read(int status, Map<String, List<String>> headers, MediaType type, Source body,
      long length, Runnable abandon, ProgressListener progress) throws IOException {
    boolean successful = status >= 200 && status < 300;
    BoundedSource bounded = new BoundedSource(
        ProgressSource.wrap(body, progress, length),
        successful ? maxJsonSize : maxErrorBodySize,
        successful ? "maxJsonSize" : "maxErrorBodySize",
        maxErrorBodySize);
    BufferedSource source = Okio.buffer(bounded);
    Charset charset = charset(type);
    List<Path> spilled = new ArrayList<>();
    try {
      if (startsLikeJson(source)) {
        Object json = parse(source, bounded, spilled);
        return new WireReply(status, headers, json, null);
      }
    } catch (IOException | JsonDataException e) {
      deleteAll(spilled);
      if (bounded.networkFailure() != null) throw bounded.networkFailure();
      if (e instanceof LimitExceededException limit && (successful || !limit.bodyLimit())) throw limit;
      // Otherwise: truncated or malformed JSON, or an error body past its limit. Quote it.
    } catch (RuntimeException | Error e) {
      deleteAll(spilled);
      throw e;
    }
    String text = prefixText(bounded, charset);
    if (!bounded.ended()) abandon.run();
    return new WireReply(status, headers, null, text);
  }

  /**
   * Parses the body of a callback a provider POSTed to us as a reply is parsed, so a callback and
   * a reply become the same tree: the same streaming of {@code b64_json} to memory or a spill
   * file, the same limits. The reply has status 200 and the callback's headers; a body past
   * {@code maxJsonSize} or {@code maxImageSize} gives status 413 with no tree, the port's way of
   * saying so.
   */
  WireReply readCallback(Map<String, List<String>> headers, InputStream body) throws IOException {
    // The stream stays open: it belongs to the caller (an HTTP server's exchange, say).
    try {
      return read(200, headers, contentType(headers), Okio.source(body), -1, () -> {},
          ProgressListener.NONE);
    } catch (LimitExceededException e) {
      return new WireReply(413, headers, null, e.getMessage());
    }
  }

  private static MediaType contentType(Map<String, List<String>> headers) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey() != null && header.getKey().equalsIgnoreCase("content-type")
          && header.getValue() != null && !header.getValue().isEmpty()) {
        return MediaType.parse(header.getValue().get(0));
      }
    }
    return null;
  }

  /** Skips a BOM and whitespace; true when the body then starts an object or an array. */
  static boolean startsLikeJson(BufferedSource source) throws IOException {
    if (source.rangeEquals(0, UTF8_BOM)) source.skip(UTF8_BOM.size());
    while (source.request(1)) {
      byte b = source.getBuffer().getByte(0);
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        source.skip(1);
      } else {
        return b == '{' || b == '[';
      }
    }
    return false;
  }

  /**
   * Parses one JSON value that must fill {@code source}; b64_json strings are decoded aside (files
   * made are added to {@code spilled}), and {@code bounded} has its counting paused meanwhile.
   */
  Object parse(BufferedSource source, BoundedSource bounded, List<Path> spilled)
      throws IOException {
    JsonReader reader = JsonReader.of(source);
    Object value = value(reader, bounded, spilled);
    // Strict mode: anything but the end of the body after the value throws here.
    if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
      throw new IOException("data after the JSON value");
    }
    return value;
  }

  /**
   * Reads one JSON value into maps, lists, strings, doubles, booleans and nulls. It walks the
   * nesting with a stack of the containers being filled rather than by recursion: this method is
   * on every reply's path, and a recursive one is compiled with a second copy of itself (and of
   * everything it inlines) inside, a large and slow compilation while an app is warming up.
   */
  private Object value(JsonReader reader, BoundedSource bounded, List<Path> spilled)
      throws IOException {
    ArrayDeque<Object> open = new ArrayDeque<>(); // the maps and lists being filled, innermost first
    while (true) {
      Object container = open.peek();
      String name = null;
      if (container != null) {
        if (!reader.hasNext()) {
          if (container instanceof Map) reader.endObject(); else reader.endArray();
          open.pop();
          if (open.isEmpty()) return container;
          continue;
        }
        if (container instanceof Map) name = reader.nextName();
      }
      Object value;
      boolean opens = false;
      switch (reader.peek()) {
        case BEGIN_OBJECT:
          reader.beginObject();
          value = new LinkedHashMap<String, Object>();
          opens = true;
          break;
        case BEGIN_ARRAY:
          reader.beginArray();
          value = new ArrayList<Object>();
          opens = true;
          break;
        case STRING:
          value = name != null && isImageKey(name, reader) ? image(reader, bounded, spilled)
              : CONTENT_KEY.equals(name) ? content(reader, bounded, spilled)
              : reader.nextString();
          break;
        case NUMBER:
          value = reader.nextDouble();
          break;
        case BOOLEAN:
          value = reader.nextBoolean();
          break;
        case NULL:
          value = reader.nextNull();
          break;
        default:
          throw new JsonDataException("unexpected " + reader.peek() + " at " + reader.getPath());
      }
      if (container == null && !opens) return value; // a document that is one scalar
      if (container instanceof Map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) container;
        map.put(name, value);
      } else if (container != null) {
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) container;
        list.add(value);
      }
      if (opens) open.push(value);
    }
  }

  /**
   * Decodes a b64_json string while it is read. {@link JsonReader#nextSource()} gives the raw bytes
   * of the value, quotes and escapes included; they are unescaped and base64-decoded a chunk at a
   * time. The bytes of the value do not count against {@code maxJsonSize}; the image has its own
   * limit. An empty string stays an empty string.
   */
  private Object image(JsonReader reader, BoundedSource bounded, List<Path> spilled)
      throws IOException {
    SpillOutput out = new SpillOutput(spillThreshold, maxImageSize, spillFiles, spilled);
    bounded.counting(false);
    try (BufferedSource raw = reader.nextSource()) {
      Base64Decoder decoder = new Base64Decoder(out);
      JsonStringState state = new JsonStringState(decoder);
      // Staged in blocks for the JDK's decoder, which takes whole arrays (see acceptBlock); the
      // array starts small, for the many small images, and grows to a block for a large one.
      byte[] block = new byte[8192];
      int staged = 0;
      Buffer buffered = raw.getBuffer();
      // One call of request() reads from the network, the opening quote included: the JIT compiles
      // this method into value(), on every reply's path, with a copy of Moshi's value source for
      // each call of request() or readByte() on raw (three once, a large compilation to wait for).
      boolean opened = false;
      while (raw.request(1)) {
        if (!opened) {
          // The opening quote on its own, so that the blocks after it start on base64 groups.
          state.accept(buffered.readByte() & 0xFF);
          opened = true;
          continue;
        }
        staged += buffered.read(block, staged, block.length - staged);
        if (staged < block.length) continue;
        if (block.length < Base64Decoder.BLOCK) {
          block = java.util.Arrays.copyOf(block, Base64Decoder.BLOCK);
        } else {
          state.acceptBlock(block);
          staged = 0;
        }
      }
      state.accept(block, 0, staged);
      if (!state.closed()) throw new EOFException("b64_json ends before its closing quote");
      decoder.finish();
      if (state.empty()) return "";
      return out.finish();
    } catch (IOException | RuntimeException e) {
      out.abandon();
      throw e;
    } finally {
      bounded.counting(true);
    }
  }

  /**
   * Reads a {@code content} string, decoding its data URIs as they are read: the String itself
   * when it has none, else a list of its text and {@link io.github.imageedits.ImageData}. Its text
   * counts against {@code maxJsonSize}, its images against {@code maxImageSize} each.
   */
  private Object content(JsonReader reader, BoundedSource bounded, List<Path> spilled)
      throws IOException {
    DataUriContent content = new DataUriContent(
        () -> new SpillOutput(spillThreshold, maxImageSize, spillFiles, spilled), bounded::counting);
    try (BufferedSource raw = reader.nextSource()) {
      byte[] chunk = new byte[8192];
      for (int n; (n = raw.read(chunk)) != -1; ) content.accept(chunk, n);
      return content.finish();
    } catch (IOException | RuntimeException e) {
      content.abandon();
      throw e;
    } finally {
      bounded.counting(true);
    }
  }

  /** The first bytes of the body as text; reads on only as far as the quote limit. */
  private String prefixText(BoundedSource bounded, Charset charset) throws IOException {
    bounded.counting(false); // the prefix cap bounds this read
    Buffer scratch = new Buffer();
    while (!bounded.prefixFull() && bounded.read(scratch, 8192) != -1) scratch.clear();
    return new String(bounded.prefix(), charset);
  }

  static Charset charset(MediaType type) {
    try {
      return type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }

  static void deleteAll(List<Path> files) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // deleteOnExit remains as the fallback.
      }
    }
    files.clear();
  }

  /**
   * Walks the raw bytes of a JSON string (opening quote, content with escapes, closing quote) and
   * hands the unescaped characters to the base64 decoder. Escapes that base64 text can legitimately
   * contain are handled: {@code \/} (PHP and some Go encoders), {@code \n}/{@code \r} (line
   * wrapping) and the six-character unicode escapes below 128 (Gson writes {@code =} escaped).
   */
  private static final class JsonStringState {
    private static final int BEFORE = 0;
    private static final int IN = 1;
    private static final int ESCAPE = 2;
    private static final int UNICODE = 3;
    private static final int CLOSED = 4;

    private final Base64Decoder decoder;
    private int state = BEFORE;
    private int unicodeDigits;
    private int unicodeValue;
    private boolean empty = true;

    JsonStringState(Base64Decoder decoder) {
      this.decoder = decoder;
    }

    /** Takes {@link Base64Decoder#BLOCK} raw bytes: decoded in one go when they are plain base64. */
    void acceptBlock(byte[] block) throws IOException {
      if (state == IN && decoder.acceptBlock(block)) {
        empty = false;
      } else {
        accept(block, 0, block.length);
      }
    }

    /**
     * Takes the raw bytes {@code chunk[start..end)}. Inside the string, the decoder's fast path takes whole groups of
     * plain base64 characters (it stops at a quote or a backslash, which are not base64); every
     * other byte goes through the state machine one at a time.
     */
    void accept(byte[] chunk, int start, int end) throws IOException {
      for (int i = start; i < end; ) {
        if (state == IN) {
          int next = decoder.acceptGroups(chunk, i, end);
          if (next > i) {
            empty = false;
            i = next;
            continue;
          }
        }
        accept(chunk[i++] & 0xFF);
      }
    }

    void accept(int b) throws IOException {
      switch (state) {
        case BEFORE:
          if (b != '"') throw new IOException("b64_json is not a JSON string");
          state = IN;
          break;
        case IN:
          if (b == '"') {
            state = CLOSED;
          } else if (b == '\\') {
            state = ESCAPE;
          } else {
            empty = false;
            decoder.accept(b);
          }
          break;
        case ESCAPE:
          empty = false;
          state = IN;
          switch (b) {
            case 'u':
              state = UNICODE;
              unicodeDigits = 0;
              unicodeValue = 0;
              break;
            case 'n': case 'r': case 't': case 'b': case 'f':
              break; // line wrapping: not part of the data
            default:
              decoder.accept(b); // \/ is '/', anything else is rejected by the decoder
          }
          break;
        case UNICODE:
          int digit = Character.digit(b, 16);
          if (digit < 0) throw new IOException("b64_json has a bad unicode escape");
          unicodeValue = unicodeValue * 16 + digit;
          if (++unicodeDigits == 4) {
            state = IN;
            decoder.accept(unicodeValue);
          }
          break;
        default:
          throw new IOException("data after the end of b64_json");
      }
    }

    boolean closed() {
      return state == CLOSED;
    }

    boolean empty() {
      return empty;
    }
  }
}
