package io.github.imageedits.transport.retrofit;

import io.github.imageedits.ProgressListener;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Okio;

/**
 * A result image download: GET without any credential (the result host is not the API host), at
 * most {@link #MAX_REDIRECTS} redirects each checked by {@link HostPolicy}, the body bounded.
 */
final class ResultDownload implements Transport.Download {
  static final int MAX_REDIRECTS = 3;

  private final Response response;
  private final InputStream body;

  private ResultDownload(Response response, long maxBytes, ProgressListener progress) {
    this.response = response;
    okio.Source source = ProgressSource.wrap(response.body().source(), progress,
        response.body().contentLength());
    this.body = Okio.buffer(new BoundedSource(source, maxBytes, "the download limit", 0)).inputStream();
  }

  static ResultDownload open(OkHttpClient client, URI uri, long maxBytes, String timeouts,
      String userAgent, ProgressListener progress) {
    HttpUrl url = HostPolicy.check("GET", uri);
    for (int hop = 0; ; hop++) {
      Request request = new Request.Builder().url(url).get()
          .header("Accept", "image/png, image/jpeg, image/webp, image/*;q=0.8")
          .header("User-Agent", userAgent)
          .build();
      Response response;
      try {
        response = client.newCall(request).execute();
      } catch (IOException e) {
        // A GET of a result is safe to repeat, whatever was sent.
        throw HttpCall.failure("GET " + Redaction.url(url), e, null, false, timeouts, false);
      }
      if (!response.isRedirect()) return new ResultDownload(response, maxBytes, progress);
      String location = response.header("Location");
      response.close();
      HttpUrl next = location == null ? null : url.resolve(location);
      if (next == null || hop == MAX_REDIRECTS) {
        throw new TransportException("GET " + Redaction.url(url) + " redirected "
            + (next == null ? "without a usable Location" : "more than " + MAX_REDIRECTS + " times"), null);
      }
      url = HostPolicy.check("GET", next.uri());
    }
  }

  @Override
  public int status() {
    return response.code();
  }

  @Override
  public String contentType() {
    MediaType type = response.body().contentType();
    return type == null ? null : type.type() + "/" + type.subtype();
  }

  @Override
  public InputStream body() {
    return body;
  }

  @Override
  public void close() {
    response.close();
  }
}
