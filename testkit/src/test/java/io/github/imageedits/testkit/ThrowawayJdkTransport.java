package io.github.imageedits.testkit;

// THROWAWAY: lets the kit run before RetrofitTransport lands. Delete before the final commit.

import io.github.imageedits.ImageSource;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.Transport;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;

final class ThrowawayJdkTransport implements Transport {
  private final HttpClient http = HttpClient.newHttpClient();

  @Override
  public Call newCall(WireRequest request) {
    return new Call() {
      @Override
      public WireReply execute() {
        try {
          HttpRequest.Builder b = HttpRequest.newBuilder(request.url());
          request.headers().forEach(b::header);
          byte[] body;
          if (request.body() instanceof WireRequest.Multipart m) {
            String boundary = UUID.randomUUID().toString();
            b.header("Content-Type", "multipart/form-data; boundary=" + boundary);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (WireRequest.Part p : m.parts()) {
              out.write(("--" + boundary + "\r\n").getBytes());
              if (p instanceof WireRequest.TextPart t) {
                out.write(("Content-Disposition: form-data; name=\"" + t.name() + "\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(t.value().getBytes(StandardCharsets.UTF_8));
              } else {
                WireRequest.FilePart f = (WireRequest.FilePart) p;
                out.write(("Content-Disposition: form-data; name=\"" + f.name() + "\"; filename=\"" + f.filename()
                    + "\"\r\nContent-Type: " + f.contentType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(f.source() instanceof ImageSource.FileImage fi ? Files.readAllBytes(fi.path())
                    : ((ImageSource.BytesImage) f.source()).bytes());
              }
              out.write("\r\n".getBytes());
            }
            out.write(("--" + boundary + "--\r\n").getBytes());
            body = out.toByteArray();
          } else {
            b.header("Content-Type", "application/json; charset=utf-8");
            body = json(((WireRequest.Json) request.body()).fields()).getBytes(StandardCharsets.UTF_8);
          }
          b.POST(HttpRequest.BodyPublishers.ofByteArray(body));
          HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
          Object json = null;
          String text = null;
          try {
            json = MiniJson.parse(r.body());
          } catch (RuntimeException e) {
            text = r.body();
          }
          return new WireReply(r.statusCode(), r.headers().map(), json, text);
        } catch (Exception e) {
          throw new TransportException("throwaway: " + e, e);
        }
      }

      @Override
      public void cancel() {}
    };
  }

  private static String json(Object v) {
    if (v instanceof String s) return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    if (v instanceof List<?> l) return "[" + String.join(",", l.stream().map(ThrowawayJdkTransport::json).toList()) + "]";
    if (v instanceof Map<?, ?> m) {
      return "{" + String.join(",", m.entrySet().stream().map(e -> json(e.getKey()) + ":" + json(e.getValue())).toList()) + "}";
    }
    return String.valueOf(v);
  }

  @Override
  public void close() {}
}
