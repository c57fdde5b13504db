package io.github.imageedits.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * The floor: the least code that does the job with OkHttp alone. Files stream from disk as
 * multipart parts; the reply is scanned for {@code "b64_json":"} and the base64 text is decoded
 * as it arrives. No validation, no error mapping, no JSON parser: what any client must at least do.
 */
public final class OkHttpBench implements BenchClient {
  private static final MediaType PNG = MediaType.get("image/png");
  private static final ByteString B64_JSON = ByteString.encodeUtf8("\"b64_json\"");

  private final OkHttpClient http = new OkHttpClient();
  private final String url;

  private OkHttpBench(String stubRoot) {
    url = stubRoot + "/openai/images/edits";
  }

  public static void main(String[] args) {
    Driver.run(args, OkHttpBench::new);
  }

  @Override
  public long editSmall(Path image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    edit(List.of(image), out);
    return out.size();
  }

  @Override
  public int editMany(List<Path> images) throws IOException {
    edit(images, OutputStream.nullOutputStream());
    return 1; // the floor reads the first image only
  }

  @Override
  public Path editToFile(Path image, Path folder) throws IOException {
    Path file = folder.resolve("result.png");
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
      edit(List.of(image), out);
    }
    return file;
  }

  private void edit(List<Path> images, OutputStream out) throws IOException {
    MultipartBody.Builder body = new MultipartBody.Builder().setType(MultipartBody.FORM)
        .addFormDataPart("model", MODEL)
        .addFormDataPart("prompt", PROMPT);
    String field = images.size() == 1 ? "image" : "image[]";
    for (Path image : images) {
      body.addFormDataPart(field, image.getFileName().toString(), RequestBody.create(image.toFile(), PNG));
    }
    Request request = new Request.Builder().url(url)
        .header("Authorization", "Bearer " + API_KEY)
        .post(body.build())
        .build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) throw new IOException("HTTP " + response.code());
      BufferedSource source = response.body().source();
      long at = source.indexOf(B64_JSON);
      if (at < 0) throw new IOException("no b64_json in the reply");
      source.skip(at + B64_JSON.size());
      for (int c; (c = source.readByte()) != '"'; ) {
        if (c != ':' && c != ' ') throw new IOException("unexpected '" + (char) c + "' after b64_json");
      }
      decodeUntilQuote(source, out);
    }
  }

  /**
   * Decodes base64 text up to its closing quote, 64 KiB at a time. The JDK's stream decoder
   * ({@code Base64.getDecoder().wrap}) took about a quarter of this client's CPU time in a JFR
   * profile of the throughput run; a floor must not be slower than it needs to be.
   */
  private static void decodeUntilQuote(BufferedSource source, OutputStream out) throws IOException {
    Base64.Decoder decoder = Base64.getDecoder();
    byte[] text = new byte[64 * 1024];
    int have = 0;
    for (boolean end = false; !end; ) {
      source.require(1);
      Buffer buffer = source.getBuffer();
      long room = Math.min(buffer.size(), text.length - have);
      long quote = buffer.indexOf((byte) '"', 0, room);
      for (long n = quote < 0 ? room : quote; n > 0; ) {
        int read = buffer.read(text, have, (int) n);
        have += read;
        n -= read;
      }
      if (quote >= 0) {
        buffer.skip(1);
        end = true;
      }
      int whole = end ? have : have / 4 * 4; // decode whole quads; carry the rest
      if (whole > 0) {
        out.write(decoder.decode(whole == text.length ? text : Arrays.copyOf(text, whole)));
        System.arraycopy(text, whole, text, 0, have - whole);
        have -= whole;
      }
    }
  }

  /**
   * OkHttp's own asynchronous calls ({@code enqueue}), with the dispatcher's caps (64 calls, 5 per
   * host) lifted to {@code count}: the least a hand-written client firing many edits does. No
   * retry: a 429 is a failed edit.
   */
  @Override
  public int[] editAsyncAll(Path image, int count) throws Exception {
    OkHttpClient wide = http.newBuilder().dispatcher(new Dispatcher()).build();
    wide.dispatcher().setMaxRequests(count);
    wide.dispatcher().setMaxRequestsPerHost(count);
    AtomicInteger done = new AtomicInteger();
    CountDownLatch ended = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      Request request = new Request.Builder().url(url)
          .header("Authorization", "Bearer " + API_KEY)
          .post(new MultipartBody.Builder().setType(MultipartBody.FORM)
              .addFormDataPart("model", MODEL).addFormDataPart("prompt", PROMPT)
              .addFormDataPart("image", image.getFileName().toString(), RequestBody.create(image.toFile(), PNG))
              .build())
          .build();
      wide.newCall(request).enqueue(new Callback() {
        @Override
        public void onFailure(Call call, IOException e) {
          ended.countDown();
        }

        @Override
        public void onResponse(Call call, Response response) {
          try (response) {
            if (response.isSuccessful()) {
              response.body().source().readAll(okio.Okio.blackhole());
              done.incrementAndGet();
            }
          } catch (IOException e) {
            // failed
          } finally {
            ended.countDown();
          }
        }
      });
    }
    ended.await();
    wide.dispatcher().executorService().shutdown();
    return new int[] {done.get(), count - done.get()};
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
