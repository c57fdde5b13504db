package io.github.imageedits.transport.retrofit;

import io.github.imageedits.ProgressListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;

/**
 * What one call carries from {@code newCall} through Retrofit to OkHttp, as the request's Retrofit
 * {@code @Tag}: the OkHttp client to run on (the transport's, or one derived with the request's own
 * timeouts), the progress listener, and what OkHttp's events told about the exchange. The call
 * factory ({@link ProviderApi#calls}) adds it as a listener to the one OkHttp call Retrofit makes.
 */
final class CallState extends EventListener {
  final OkHttpClient client;
  final ProgressListener progress;
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
    this(client, progress, java.util.Set.of());
  }

  CallState(OkHttpClient client, ProgressListener progress, java.util.Set<String> base64ImageKeys) {
    this.client = client;
    this.progress = progress;
    this.base64ImageKeys = base64ImageKeys;
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
