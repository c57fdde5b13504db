package io.github.imageedits.client;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Locale;
import io.github.imageedits.spi.ProviderContext;

/**
 * Where providers deliver callbacks for a client, and how the client recognises them: the public
 * URL of the receiving endpoint, the secret that signs each task's callback URL, and the largest
 * callback body accepted.
 *
 * <pre>{@code
 * CallbackSettings callbacks = CallbackSettings.builder(URI.create("https://app.example.com/imageedits/callback"))
 *     .secret(secretFromVault)          // 32+ bytes; random per client when not set
 *     .build();
 * }</pre>
 *
 * <p>With a secret of its own (rather than the random default) a client recognises the URLs it
 * signed before a restart; the tasks themselves are then found again with
 * {@link io.github.imageedits.ImageEditClient#resume}.
 */
final class CallbackSettings {
  /** The default limit on a callback body: 64 MiB, room for a b64_json 4K PNG. */
  public static final long DEFAULT_MAX_BODY_BYTES = 64L << 20;
  private static final int MIN_SECRET_BYTES = 32;

  private final URI url;
  private final byte[] secret;
  private final long maxBodyBytes;

  private CallbackSettings(Builder b) {
    this.url = b.url;
    this.secret = b.secret != null ? b.secret.clone() : randomSecret();
    this.maxBodyBytes = b.maxBodyBytes;
  }

  /**
   * Starts settings for callbacks to {@code url}: https, or plain http to a loopback address only
   * (the URL carries a token; a network must not see it in clear text). The client appends its
   * query parameters to it.
   */
  public static Builder builder(URI url) {
    return new Builder(url);
  }

  /** The public URL of the receiving endpoint, before the client adds its per-task parameters. */
  public URI url() {
    return url;
  }

  /** The largest callback body accepted, in bytes. */
  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** A copy of the signing secret. */
  byte[] secret() {
    return secret.clone();
  }

  private static byte[] randomSecret() {
    byte[] secret = new byte[MIN_SECRET_BYTES];
    new SecureRandom().nextBytes(secret);
    return secret;
  }

  @Override
  public String toString() {
    return "CallbackSettings[" + url + ", maxBodyBytes=" + maxBodyBytes + ", secret=██]";
  }

  /** Builds {@link CallbackSettings}. */
  public static final class Builder {
    private final URI url;
    private byte[] secret;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    Builder(URI url) {
      requireNonNull(url, "url == null");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
        throw new IllegalArgumentException("callback URL must be an absolute http(s) URL: " + url);
      }
      if (scheme.equals("http") && !ProviderContext.isLoopback(url.getHost())) {
        throw new IllegalArgumentException("plain http is refused for callback URL host " + url.getHost()
            + ": its signing token would cross the network in clear text; use https, or a loopback address");
      }
      if (url.getRawFragment() != null) {
        throw new IllegalArgumentException("callback URL must not have a fragment: " + url);
      }
      this.url = url;
    }

    /** The signing secret, at least 32 bytes; copied. Random per settings object when not set. */
    public Builder secret(byte[] secret) {
      requireNonNull(secret, "secret == null");
      if (secret.length < MIN_SECRET_BYTES) {
        throw new IllegalArgumentException("secret must have at least " + MIN_SECRET_BYTES + " bytes");
      }
      this.secret = secret.clone();
      return this;
    }

    /** The largest callback body accepted; a larger one is answered 413. */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes <= 0) throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    public CallbackSettings build() {
      return new CallbackSettings(this);
    }
  }
}
