package io.github.imageedits.transport.retrofit;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.CallAdapter;
import retrofit2.Retrofit;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.HeaderMap;
import retrofit2.http.POST;
import retrofit2.http.Streaming;
import retrofit2.http.Tag;
import retrofit2.http.Url;

/**
 * The provider endpoints as Retrofit describes them, and the Retrofit service that executes them.
 *
 * <ul>
 *   <li>Every method takes the absolute URL ({@code @Url}): providers differ in base URL and path,
 *       and the adapter has already chosen both.
 *   <li>{@code @Streaming}: a 2xx body reaches the reply reader as it arrives (a b64_json image can
 *       be hundreds of megabytes; an event stream lasts minutes), never buffered by Retrofit.
 *       Retrofit does buffer every non-2xx body; {@link ErrorBodyCap}, an interceptor on the
 *       client, cuts such a body at {@code maxErrorBodySize} before Retrofit reads it.
 *   <li>{@code @Tag CallState}: the per-call settings travel with the request to the call factory
 *       ({@link #calls}), which runs it on the state's client and listens to its events.
 *   <li>The edit methods return {@link HttpCall}: {@link Adapter} wraps Retrofit's {@link Call}
 *       (one OkHttp call, made once, executed once) in the transport's call type. Downloads use
 *       Retrofit's {@link Call} as it is.
 * </ul>
 */
interface ProviderApi {

  @Streaming
  @POST
  HttpCall post(@Url HttpUrl url, @HeaderMap Map<String, String> headers, @Body RequestBody body,
      @Tag CallState state);

  @Streaming
  @GET
  HttpCall get(@Url HttpUrl url, @HeaderMap Map<String, String> headers, @Tag CallState state);

  /**
   * A result image: Retrofit's own call, since a download is read as a stream by its caller, not
   * as a reply. No credentials go with it (the result host is not the API host).
   */
  @Streaming
  @GET
  Call<ResponseBody> download(@Url HttpUrl url, @HeaderMap Map<String, String> headers, @Tag CallState state);

  /**
   * The service: calls made by {@link #calls}, adapted by {@code adapter}. Retrofit requires a base
   * URL although every method here takes an absolute {@code @Url}, which replaces it whole; the
   * reserved {@code .invalid} name (RFC 2606) can never resolve, so it could not be contacted even
   * by mistake.
   */
  static ProviderApi create(Adapter adapter) {
    return new Retrofit.Builder()
        .baseUrl("https://base-url.invalid/")
        .callFactory(Calls.INSTANCE)
        .addCallAdapterFactory(adapter)
        .build()
        .create(ProviderApi.class);
  }

  /**
   * The call factory Retrofit uses: the one OkHttp call of a request, on the client its
   * {@link CallState} names, with the request's own call timeout if it has one, reporting its
   * events to that state.
   */
  static okhttp3.Call calls(Request request) {
    CallState state = request.tag(CallState.class);
    if (state == null) throw new IllegalStateException("a request without its CallState: " + request);
    okhttp3.Call call = state.client.newCall(request);
    call.addEventListener(state);
    state.applyTo(call);
    return call;
  }

  /** {@link #calls} as Retrofit's call factory; a named class, not a method reference (no hidden class on a cold JVM). */
  final class Calls implements okhttp3.Call.Factory {
    static final Calls INSTANCE = new Calls();

    private Calls() {}

    @Override
    public okhttp3.Call newCall(Request request) {
      return calls(request);
    }
  }

  /** Adapts Retrofit's {@code Call<ResponseBody>} to the transport's {@link HttpCall}. */
  final class Adapter extends CallAdapter.Factory {
    private final HttpCall.Readers readers;

    Adapter(HttpCall.Readers readers) {
      this.readers = readers;
    }

    @Override
    public CallAdapter<?, ?> get(Type returnType, Annotation[] annotations, Retrofit retrofit) {
      if (getRawType(returnType) != HttpCall.class) return null;
      return new CallAdapter<ResponseBody, HttpCall>() {
        @Override
        public Type responseType() {
          return ResponseBody.class;
        }

        @Override
        public HttpCall adapt(Call<ResponseBody> call) {
          return new HttpCall(call, readers);
        }
      };
    }
  }
}
