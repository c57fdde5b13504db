package io.github.imageedits.examples;

import io.github.imageedits.ImageEditClient;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.transport.retrofit.RetrofitTransport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * The README's proxy and TLS snippets. Compiled, not run: they read a real provider's key from
 * the environment (a missing key fails the build of the client), and need a proxy or a KeyStore.
 * The proxy behaviour itself is run by client's BuilderProxyTest and cli's FrontDoorTest.
 */
public final class Connections {
  private Connections() {}

  public static ImageEditClient proxy() {
    // README: proxy
    ImageEditClient client = ImageEdits.builder()
        .provider("acedata")
        .apiKey(System.getenv("ACEDATA_API_TOKEN"))
        .proxy("http://proxy.internal:3128")        // or proxy(java.net.Proxy), proxySelector(...)
        .build();
    // END
    return client;
  }

  public static ImageEditClient customTrust(SSLContext sslContext, X509TrustManager trustManager) {
    // README: tls
    OkHttpClient okHttp = new OkHttpClient.Builder()
        .sslSocketFactory(sslContext.getSocketFactory(), trustManager) // from your own KeyStore
        .build();
    RetrofitTransport transport = RetrofitTransport.builder().client(okHttp).build();
    ImageEditClient client = ImageEdits.builder()
        .provider("acedata")
        .apiKey(System.getenv("ACEDATA_API_TOKEN"))
        .transport(transport)   // borrowed: close it yourself after the last client
        .build();
    // END
    return client;
  }
}
