package io.github.imageedits.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.net.URLDecoder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs callback URLs and checks the signatures of the callbacks that come back.
 *
 * <p>The provider's task id is known only once the provider has answered, but the callback URL
 * must go out with the request. So each submission gets a correlation id first (128 random bits),
 * the URL carries it with its token, and the task id is bound to it when the reply arrives:
 * {@code ?imageedits_task=<id>&imageedits_sig=<token>} where token =
 * base64url(HMAC-SHA256(secret, "imageedits-callback-v1\n" + provider + "\n" + id)), unpadded.
 * Tokens are compared in constant time.
 */
final class CallbackSigner {
  static final String TASK_PARAM = "imageedits_task";
  static final String TOKEN_PARAM = "imageedits_sig";
  private static final String ALGORITHM = "HmacSHA256";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
  private static final int MAX_TOKEN_CHARS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final String provider;

  CallbackSigner(byte[] secret, String provider) {
    this.key = new SecretKeySpec(secret, ALGORITHM);
    this.provider = provider;
  }

  /** A fresh correlation id: 128 random bits, base64url. */
  static String newCorrelationId() {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
  }

  /** {@code base} with the correlation id and its token appended to the query. */
  URI sign(URI base, String correlationId) {
    String url = base.toString();
    String separator = base.getRawQuery() == null ? "?" : url.endsWith("?") || url.endsWith("&") ? "" : "&";
    return URI.create(url + separator + TASK_PARAM + "=" + correlationId + "&" + TOKEN_PARAM + "="
        + token(correlationId));
  }

  String token(String correlationId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(correlationId));
  }

  /** True when {@code token} is the token of {@code correlationId}; constant time in the token. */
  boolean verify(String correlationId, String token) {
    if (!ID.matcher(correlationId).matches() || token.length() > MAX_TOKEN_CHARS) return false;
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(mac(correlationId), given);
  }

  private byte[] mac(String correlationId) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM); // cheap, and not thread-safe: one per use
      mac.init(key);
      return mac.doFinal(("imageedits-callback-v1\n" + provider + "\n" + correlationId).getBytes(UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /**
   * The query's parameters, decoded. A parameter given twice maps to null, so an ambiguous URL
   * never passes as signed.
   */
  static Map<String, String> parameters(String query) {
    Map<String, String> params = new HashMap<>();
    if (query == null || query.isEmpty()) return params;
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name;
      String value;
      try {
        name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
        value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
      } catch (IllegalArgumentException e) {
        continue; // a malformed escape: not one of ours
      }
      if (params.containsKey(name)) {
        params.put(name, null);
      } else {
        params.put(name, value);
      }
    }
    return params;
  }
}
