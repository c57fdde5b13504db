package io.github.imageedits.transport.retrofit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;

/** The parts of a multipart request as the server received them, read with OkHttp's MultipartReader. */
record MultipartParts(List<Part> parts) {
  private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
  private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

  record Part(Headers headers, byte[] body) {
    String name() {
      return match(NAME);
    }

    String filename() {
      return match(FILENAME);
    }

    String contentType() {
      return headers.get("Content-Type");
    }

    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    private String match(Pattern pattern) {
      Matcher m = pattern.matcher(headers.get("Content-Disposition"));
      return m.find() ? m.group(1) : null;
    }
  }

  static MultipartParts of(RecordedRequest request) {
    MediaType type = MediaType.get(request.getHeaders().get("Content-Type"));
    List<Part> parts = new ArrayList<>();
    try (MultipartReader reader = new MultipartReader(new Buffer().write(request.getBody()),
        type.parameter("boundary"))) {
      for (MultipartReader.Part part; (part = reader.nextPart()) != null; ) {
        parts.add(new Part(part.headers(), part.body().readByteArray()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new MultipartParts(parts);
  }

  List<Part> named(String name) {
    return parts.stream().filter(p -> name.equals(p.name())).toList();
  }

  List<String> names() {
    return parts.stream().map(Part::name).toList();
  }
}
