package io.github.imageedits.transport.retrofit;

import com.squareup.moshi.JsonWriter;
import io.github.imageedits.ImageSource;
import io.github.imageedits.spi.WireRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;

/**
 * A JSON body that carries images as base64 string values ({@link WireRequest.Base64Value}), encoded
 * while each image streams from its file or array into the request: a chunk of
 * {@link #CHUNK} bytes is read, encoded and handed to the socket before the next is read, so the
 * memory a body uses does not grow with its images.
 *
 * <p>The length is known before anything is sent (OkHttp frames the request with it, and the
 * provider sees a Content-Length, as with a multipart upload): the JSON around the images is
 * measured once and each image's base64 length follows from its byte length, which is fixed the
 * first time the length is asked for. An image that changes length meanwhile fails the call rather
 * than sending a body of the wrong length.
 */
final class StreamingJsonBody extends RequestBody {
  /** Bytes encoded per step: a multiple of 3, so that no chunk but the last carries padding. */
  static final int CHUNK = 3 * 16 * 1024;
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private final Map<String, Object> fields;
  /** Each image's length in bytes, in the order the JSON writer meets them; fixed once. */
  private List<Long> lengths;
  private long length = -1;

  StreamingJsonBody(Map<String, Object> fields) {
    this.fields = fields;
  }

  /** True when {@code value} holds a {@link WireRequest.Base64Value} anywhere. */
  static boolean streams(Object value) {
    if (value instanceof WireRequest.Base64Value) return true;
    if (value instanceof Map<?, ?> map) return map.values().stream().anyMatch(StreamingJsonBody::streams);
    if (value instanceof List<?> list) return list.stream().anyMatch(StreamingJsonBody::streams);
    return false;
  }

  @Override
  public MediaType contentType() {
    return RequestFactory.JSON;
  }

  @Override
  public synchronized long contentLength() throws IOException {
    if (length < 0) {
      List<Long> measured = new ArrayList<>();
      Counting counting = new Counting();
      BufferedSink sink = Okio.buffer(counting);
      long images = 0;
      try (JsonWriter writer = JsonWriter.of(sink)) {
        writer.setSerializeNulls(true);
        images = write(writer, fields, measured, null);
      }
      this.lengths = measured;
      this.length = counting.count + images;
    }
    return length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    contentLength();
    JsonWriter writer = JsonWriter.of(sink);
    writer.setSerializeNulls(true);
    write(writer, fields, new ArrayList<>(lengths), sink);
    writer.flush();
  }

  /**
   * Writes {@code value}. Measuring ({@code out == null}): each image is written as {@code ""}, its
   * byte length is added to {@code lengths}, and the base64 length it will take is returned (summed
   * over the tree). Sending: each image is streamed, its length taken from the head of
   * {@code lengths}.
   */
  private long write(JsonWriter writer, Object value, List<Long> lengths, BufferedSink out)
      throws IOException {
    if (value instanceof WireRequest.Base64Value image) {
      if (out == null) {
        long bytes = length(image.source());
        lengths.add(bytes);
        writer.value(image.prefix()); // printable ASCII that needs no escaping: as long as written below
        return (bytes + 2) / 3 * 4;
      }
      try (BufferedSink raw = writer.valueSink()) {
        raw.writeByte('"').writeUtf8(image.prefix());
        encode(image.source(), lengths.remove(0), raw);
        raw.writeByte('"');
      }
      return 0;
    }
    if (value instanceof Map<?, ?> map) {
      long total = 0;
      writer.beginObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new IllegalArgumentException("JSON object keys must be strings at " + writer.getPath());
        }
        writer.name(key);
        total += write(writer, entry.getValue(), lengths, out);
      }
      writer.endObject();
      return total;
    }
    if (value instanceof List<?> list) {
      long total = 0;
      writer.beginArray();
      for (Object item : list) total += write(writer, item, lengths, out);
      writer.endArray();
      return total;
    }
    RequestFactory.write(writer, value);
    return 0;
  }

  private static long length(ImageSource source) throws IOException {
    if (source instanceof ImageSource.FileImage file) return Files.size(file.path());
    return ((ImageSource.BytesImage) source).length();
  }

  /**
   * Streams exactly {@code bytes} bytes of {@code source} as base64 text into {@code sink}, through
   * two arrays reused for every chunk: nothing is allocated per chunk.
   */
  private static void encode(ImageSource source, long bytes, BufferedSink sink) throws IOException {
    byte[] in = new byte[CHUNK];
    byte[] out = new byte[CHUNK / 3 * 4];
    long remaining = bytes;
    try (InputStream stream = open(source)) {
      while (remaining > 0) {
        int want = (int) Math.min(remaining, CHUNK);
        if (stream.readNBytes(in, 0, want) < want) {
          throw new IOException(source.describe() + " became shorter while it was being sent");
        }
        remaining -= want;
        int encoded = BASE64.encode(want == CHUNK ? in : Arrays.copyOf(in, want), out);
        sink.write(out, 0, encoded);
        sink.emitCompleteSegments(); // to the socket now: memory stays at a chunk or two
      }
    }
  }

  private static InputStream open(ImageSource source) throws IOException {
    if (source instanceof ImageSource.FileImage file) return Files.newInputStream(file.path());
    return ((ImageSource.BytesImage) source).open(); // no copy of the array
  }

  @Override
  public String toString() {
    return "StreamingJsonBody[" + fields.keySet() + "]";
  }

  /** Counts what the JSON writer produces while measuring; keeps nothing. */
  private static final class Counting extends ForwardingSink {
    long count;

    Counting() {
      super(Okio.blackhole());
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      count += byteCount;
      super.write(source, byteCount);
    }
  }
}
