package io.github.imageedits.transport.retrofit;

import io.github.imageedits.ImageSource;
import io.github.imageedits.spi.WireRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * One file part of a multipart body, streamed from its source when OkHttp writes the request: a file
 * is read from disk 64 KiB at a time and pushed to the socket, never held whole in memory.
 *
 * <p>The length is fixed the first time OkHttp asks for it (it asks before writing, to frame the
 * part), and exactly that many bytes are written; a file that shrinks meanwhile fails the call
 * rather than sending a corrupt form.
 */
final class ImagePartBody extends RequestBody {
  /** Bytes moved per step; bounds the memory one upload uses whatever the file size. */
  static final int STEP = 64 * 1024;

  /**
   * The last content type parsed, and its text: an app sends the same one or two types edit after
   * edit, and OkHttp parses a media type with a regular expression.
   */
  private static volatile Parsed last;

  private record Parsed(String text, MediaType type) {}

  private final ImageSource source;
  private final MediaType contentType;
  private long length = -1;

  ImagePartBody(WireRequest.FilePart part) {
    this.source = part.source();
    MediaType type = mediaType(part.contentType());
    if (type == null) {
      throw new IllegalArgumentException(
          "part '" + part.name() + "' has an invalid content type: " + part.contentType());
    }
    this.contentType = type;
  }

  private static MediaType mediaType(String text) {
    Parsed parsed = last;
    if (parsed != null && parsed.text().equals(text)) return parsed.type();
    MediaType type = MediaType.parse(text);
    if (type != null) last = new Parsed(text, type);
    return type;
  }

  @Override
  public MediaType contentType() {
    return contentType;
  }

  @Override
  public synchronized long contentLength() throws IOException {
    if (length < 0) {
      if (source instanceof ImageSource.FileImage file) {
        length = Files.size(file.path());
      } else if (source instanceof ImageSource.BytesImage bytes) {
        length = bytes.length();
      } else {
        throw new IllegalStateException("not a file part: " + source.describe());
      }
    }
    return length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    long remaining = contentLength();
    try (Source in = open()) {
      Buffer buffer = sink.getBuffer();
      while (remaining > 0) {
        long read = in.read(buffer, Math.min(remaining, STEP));
        if (read == -1) {
          throw new IOException(source.describe() + " became shorter while it was being sent");
        }
        remaining -= read;
        sink.emitCompleteSegments(); // hand full segments to the socket now, keep memory flat
        // Upload progress (issue 6) counts here: bytes handed to the socket, step by step.
      }
    }
  }

  private Source open() throws IOException {
    if (source instanceof ImageSource.FileImage file) {
      Path path = file.path();
      return Okio.source(path);
    }
    InputStream in = ((ImageSource.BytesImage) source).open(); // no copy of the array
    return Okio.source(in);
  }

  @Override
  public String toString() {
    return "ImagePartBody[" + contentType + ", " + source.describe() + "]";
  }
}
