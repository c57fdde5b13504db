/**
 * The transport port over Retrofit, OkHttp and Moshi: {@link
 * io.github.imageedits.transport.retrofit.RetrofitTransport}. The client builds it directly (it is
 * not looked up as a service), so this module provides nothing.
 */
module io.github.imageedits.transport.retrofit {
  // @NullMarked and @Nullable: compile-only, so nothing of JSpecify is needed at run time.
  requires static org.jspecify;
  // Transitive: RetrofitTransport implements core's Transport, and its builder takes an OkHttpClient.
  requires transitive io.github.imageedits.core;
  requires transitive okhttp3;
  requires okio;
  // Automatic modules: these are the names in their jars' Automatic-Module-Name.
  requires retrofit2;
  requires com.squareup.moshi;

  exports io.github.imageedits.transport.retrofit;
}
