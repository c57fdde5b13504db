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
import retrofit2.http.Url;

/**
 * The provider endpoints as Retrofit describes them. Retrofit builds the HTTP request (URL, headers
 * in order, body); the transport executes it on OkHttp itself, because Retrofit's own {@code Call}
 * reads the whole body of every non-2xx reply into memory, which would defeat the bounded read of
 * error bodies (a 50 MB HTML error page). {@link RequestOnly} is the call adapter that makes that
 * split: a service method returns the {@link Request} Retrofit built.
 */
interface ProviderApi {

  @POST
  Request post(@Url HttpUrl url, @HeaderMap Map<String, String> headers, @Body RequestBody body);

  @GET
  Request get(@Url HttpUrl url, @HeaderMap Map<String, String> headers);

  /** Creates the service over {@code client}; the base URL is a placeholder, every method takes a full URL. */
  static ProviderApi create(okhttp3.Call.Factory client) {
    return new Retrofit.Builder()
        .baseUrl("http://localhost/")
        .callFactory(client)
        .addCallAdapterFactory(new RequestOnly())
        .build()
        .create(ProviderApi.class);
  }

  /** Adapts a service method returning {@link Request}: the request Retrofit built, not executed. */
  final class RequestOnly extends CallAdapter.Factory {
    @Override
    public CallAdapter<?, ?> get(Type returnType, Annotation[] annotations, Retrofit retrofit) {
      if (getRawType(returnType) != Request.class) return null;
      return new CallAdapter<ResponseBody, Request>() {
        @Override
        public Type responseType() {
          return ResponseBody.class;
        }

        @Override
        public Request adapt(Call<ResponseBody> call) {
          return call.request();
        }
      };
    }
  }
}
