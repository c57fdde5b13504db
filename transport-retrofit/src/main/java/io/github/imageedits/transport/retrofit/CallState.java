package io.github.imageedits.transport.retrofit;

import io.github.imageedits.ProgressListener;
import io.github.imageedits.Timeouts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;

/**
 * What one call carries from {@code newCall} through Retrofit to OkHttp, as the request's Retrofit
 * {@code @Tag}: the OkHttp client to run on, the request's own timeouts if it has any, the progress
 * listener, and what OkHttp's events told about the exchange. The call factory
 * ({@link ProviderApi#calls}) adds it as a listener to the one OkHttp call Retrofit makes and sets
 * that call's own call timeout; the transport's interceptor ({@link ErrorBodyCap}) applies the
 * connect, read and write timeouts to that call's chain ({@link #withOwnTimeouts}). No OkHttp client
 * is built per call.
 */
final class CallState extends EventListener {
  final OkHttpClient client;
  final ProgressListener progress;
  /** The request's own timeouts, replacing the client's where set, or null. */
  private final Timeouts own;
  /** The reply keys besides {@code b64_json} whose strings are base64 images (the request's). */
  final java.util.Set<String> base64ImageKeys;
  /**
   * Whether the whole request went out: set when OkHttp finished writing the body (or the headers
   * of a request without one), or when reply headers began to arrive. From then on the provider
   * may be working on the edit, so a failure says {@code requestMayHaveBeenProcessed}.
   */
  private volatile boolean sent;
  /** The proxy of the last connect attempt that failed, until a connection is acquired. */
  private volatile Proxy unreachableProxy;
  private volatile InetSocketAddress unreachableAddress;

  CallState(OkHttpClient client, ProgressListener progress) {
    this(client, null, progress, java.util.Set.of());
  }

  /**
   * @throws IllegalArgumentException when one of {@code own} is out of OkHttp's range (under 1 ms,
   *     or beyond {@code Integer.MAX_VALUE} ms), before anything is sent
   */
  CallState(OkHttpClient client, Timeouts own, ProgressListener progress,
      java.util.Set<String> base64ImageKeys) {
    this.client = client;
    this.own = own;
    this.progress = progress;
    this.base64ImageKeys = base64ImageKeys;
    if (own != null) {
      if (own.connect() != null) millis(own.connect(), "connect");
      if (own.write() != null) millis(own.write(), "write");
      if (own.read() != null) millis(own.read(), "read");
      if (own.call() != null) millis(own.call(), "call");
    }
  }

  /** Sets the call timeout of {@code call}, the one OkHttp call of this request, if it has its own. */
  void applyTo(Call call) {
    if (own != null && own.call() != null) {
      call.timeout().timeout(millis(own.call(), "call"), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * {@code chain} with its request's own connect, read and write timeouts in place of the client's,
   * or {@code chain} itself when the request has none. (An application interceptor may change them
   * for the call it handles: OkHttp uses the chain's values for the connection it finds and for
   * every read and write.)
   */
  static Interceptor.Chain withOwnTimeouts(Interceptor.Chain chain) {
    CallState state = chain.request().tag(CallState.class);
    Timeouts own = state == null ? null : state.own;
    if (own != null) {
      if (own.connect() != null) chain = chain.withConnectTimeout(millis(own.connect(), "connect"), TimeUnit.MILLISECONDS);
      if (own.read() != null) chain = chain.withReadTimeout(millis(own.read(), "read"), TimeUnit.MILLISECONDS);
      if (own.write() != null) chain = chain.withWriteTimeout(millis(own.write(), "write"), TimeUnit.MILLISECONDS);
    }
    return chain;
  }

  /** The limits this call runs with, for messages: the client's, with the request's own in their place. */
  String limits() {
    long connect = client.connectTimeoutMillis();
    long write = client.writeTimeoutMillis();
    long read = client.readTimeoutMillis();
    long call = client.callTimeoutMillis();
    if (own != null) {
      if (own.connect() != null) connect = own.connect().toMillis();
      if (own.write() != null) write = own.write().toMillis();
      if (own.read() != null) read = own.read().toMillis();
      if (own.call() != null) call = own.call().toMillis();
    }
    return RetrofitTransport.limits(connect, write, read, call);
  }

  /** {@code timeout} in milliseconds as OkHttp takes it: an int, not zero (which means none). */
  private static int millis(Duration timeout, String name) {
    long millis = timeout.toMillis();
    // The bounds OkHttpClient.Builder puts on a timeout.
    if (millis > Integer.MAX_VALUE) throw new IllegalArgumentException(name + " timeout too large");
    if (millis == 0) throw new IllegalArgumentException(name + " timeout too small");
    return (int) millis;
  }

  boolean sent() {
    return sent;
  }

  /** "host:port" of the proxy that could not be reached when the call failed connecting, or null. */
  String unreachableProxy() {
    Proxy proxy = unreachableProxy;
    if (proxy == null) return null;
    InetSocketAddress address = proxy.address() instanceof InetSocketAddress a ? a : unreachableAddress;
    return address == null ? proxy.toString() : address.getHostString() + ":" + address.getPort();
  }

  @Override
  public void requestHeadersEnd(Call call, Request request) {
    if (request.body() == null) sent = true;
  }

  @Override
  public void requestBodyEnd(Call call, long byteCount) {
    sent = true;
  }

  @Override
  public void responseHeadersStart(Call call) {
    sent = true;
  }

  @Override
  public void connectFailed(Call call, InetSocketAddress address, Proxy proxy, Protocol protocol,
      IOException failure) {
    // Through a proxy, the address OkHttp connects to is the proxy's. Only a failed connection
    // (refused, unroutable, timed out) is the proxy's fault; a TLS failure is the target's.
    boolean unreachable = failure instanceof java.net.ConnectException
        || failure instanceof java.net.NoRouteToHostException
        || failure instanceof java.net.SocketTimeoutException;
    if (unreachable && proxy != null && proxy.type() != Proxy.Type.DIRECT) {
      unreachableProxy = proxy;
      unreachableAddress = address;
    }
  }

  @Override
  public void connectionAcquired(Call call, Connection connection) {
    unreachableProxy = null; // another route worked: a later failure is not the proxy's
  }
}
