package io.github.imageedits.emulator;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Plain HTTP clients for driving the emulator without the library: OkHttp for multipart bodies,
 * the JDK's HttpClient for JSON and downloads. Plus small real images.
 */
final class Wire implements AutoCloseable {
  /** A reply: status, headers (first value by lower-case name) and body. */
  record Answer(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    Object json() {
      return Json.parse(text());
    }

    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  static final MediaType PNG = MediaType.get("image/png");

  // No retry on a dropped connection: a disconnect fault must surface, not be retried away.
  private final OkHttpClient okHttp = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  private final HttpClient jdk = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .proxy(HttpClient.Builder.NO_PROXY)
      .build();

  /** POSTs a multipart form built by {@code parts}, with {@code Accept: application/json}. */
  Answer multipart(URI url, String token, Consumer<MultipartBody.Builder> parts) throws IOException {
    return multipart(url, "Authorization", token == null ? null : "Bearer " + token, parts);
  }

  /** POSTs a multipart form built by {@code parts} with the credential header {@code header: value} (none when null). */
  Answer multipart(URI url, String header, String value, Consumer<MultipartBody.Builder> parts) throws IOException {
    MultipartBody.Builder body = new MultipartBody.Builder().setType(MultipartBody.FORM);
    parts.accept(body);
    Request.Builder request = new Request.Builder().url(url.toString()).post(body.build())
        .header("Accept", "application/json");
    if (value != null) request.header(header, value);
    try (Response response = okHttp.newCall(request.build()).execute()) {
      Map<String, String> headers = new java.util.HashMap<>();
      for (String name : response.headers().names()) {
        headers.put(name.toLowerCase(java.util.Locale.ROOT), response.header(name));
      }
      return new Answer(response.code(), headers, response.body().bytes());
    }
  }

  /** POSTs {@code body} as JSON. */
  Answer json(URI url, String token, Object body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(url)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
    if (token != null) request.header("Authorization", "Bearer " + token);
    return send(request.build());
  }

  Answer get(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
  }

  private Answer send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = jdk.send(request, HttpResponse.BodyHandlers.ofByteArray());
    Map<String, String> headers = new java.util.HashMap<>();
    response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
    return new Answer(response.statusCode(), headers, response.body());
  }

  static RequestBody part(byte[] bytes) {
    return RequestBody.create(bytes, PNG);
  }

  /** A PNG of one colour, opaque. */
  static byte[] png(int width, int height, Color color) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) image.setRGB(x, y, color.getRGB());
    }
    return encode(image, "png");
  }

  /** A mask PNG: the left half fully transparent (editable), the right half opaque. */
  static byte[] leftHalfMask(int width, int height) {
    BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) mask.setRGB(x, y, x < width / 2 ? 0x00000000 : 0xff000000);
    }
    return encode(mask, "png");
  }

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no writer for " + format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) throw new IllegalStateException("not an image ImageIO reads");
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
  }
}
