package io.github.imageedits.transport.retrofit;

import java.util.Locale;
import okhttp3.HttpUrl;

/** What may be shown of a request in messages and logs: never credentials. */
final class Redaction {
  static final String MASK = "██";

  private Redaction() {}

  /**
   * The URL without user info and without its query: some APIs take keys as query parameters, and
   * a message that quotes them would leak them.
   */
  static String url(HttpUrl url) {
    HttpUrl shown = url.newBuilder().username("").password("").query(null).fragment(null).build();
    return url.query() == null ? shown.toString() : shown + "?…";
  }

  /** True for headers whose value is a credential (or may be one). */
  static boolean isSensitive(String headerName) {
    String name = headerName.toLowerCase(Locale.ROOT);
    return name.contains("auth") // Authorization, Proxy-Authorization, X-Auth-Token
        || name.contains("key") // X-Api-Key, Api-Key, X-Goog-Api-Key
        || name.contains("token")
        || name.contains("secret")
        || name.contains("cookie")
        || name.contains("password")
        || name.contains("signature");
  }

  /** {@code value}, or the mask when the header is sensitive. */
  static String headerValue(String name, String value) {
    return isSensitive(name) ? MASK : value;
  }
}
