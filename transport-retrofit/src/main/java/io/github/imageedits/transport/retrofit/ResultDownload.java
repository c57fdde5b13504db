package io.github.imageedits.transport.retrofit;

import io.github.imageedits.ProgressListener;
import io.github.imageedits.TransportException;
import io.github.imageedits.spi.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import retrofit2.Response;
import okio.Okio;

/**
 * A result image download: GET without any credential (the result host is not the API host), at
 * most {@link #MAX_REDIRECTS} redirects each checked by {@link HostPolicy}, the body bounded.
 */
final class ResultDownload implements Transport.Download {
  static final int MAX_REDIRECTS = 3;
  private static final String ACCEPT = "image/png, image/jpeg, image/webp, image/*;q=0.8";

  private final int status;
  private final ResponseBody responseBody;
  private final InputStream body;

  private ResultDownload(int status, ResponseBody responseBody, long maxBytes, ProgressListener progress) {
    this.status = status;
    this.responseBody = responseBody;
    okio.Source source = ProgressSource.wrap(responseBody.source(), progress, responseBody.contentLength());
    this.body = Okio.buffer(new BoundedSource(source, maxBytes, "the download limit", 0)).inputStream();
  }

  static ResultDownload open(ProviderApi api, OkHttpClient client, URI uri, long maxBytes,
      String timeouts, String userAgent, ProgressListener progress) {
    HttpUrl url = HostPolicy.check("GET", uri);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", ACCEPT);
    headers.put("User-Agent", userAgent);
    for (int hop = 0; ; hop++) {
      Response<ResponseBody> response;
      CallState state = new CallState(client, ProgressListener.NONE);
      try {
        response = api.download(url, headers, state).execute();
      } catch (IOException e) {
        // A GET of a result is safe to repeat, whatever was sent.
        throw HttpCall.failure("GET " + Redaction.url(url), e, state, null, false, timeouts, false);
      }
      okhttp3.Response raw = response.raw();
      // A 2xx body streams (@Streaming); another Retrofit has buffered (cut by ErrorBodyCap).
      ResponseBody body = response.isSuccessful() ? response.body() : response.errorBody();
      if (body == null) body = ResponseBody.create(new byte[0], raw.body().contentType());
      if (!raw.isRedirect()) return new ResultDownload(raw.code(), body, maxBytes, progress);
      String location = raw.header("Location");
      body.close();
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
    return status;
  }

  @Override
  public String contentType() {
    MediaType type = responseBody.contentType();
    return type == null ? null : type.type() + "/" + type.subtype();
  }

  @Override
  public InputStream body() {
    return body;
  }

  @Override
  public void close() {
    responseBody.close();
  }
}
