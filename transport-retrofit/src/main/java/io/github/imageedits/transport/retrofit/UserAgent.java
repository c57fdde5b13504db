package io.github.imageedits.transport.retrofit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The {@code User-Agent} the transport sends: {@code imageedits/<version>}, then what the caller
 * appends. Providers see which library (and which release) called them, which is what their
 * support needs when something goes wrong.
 */
final class UserAgent {
  /** Written by core's build (resource filtering) with the project version. */
  static final String VERSION_RESOURCE = "META-INF/imageedits/version.properties";
  static final String DEFAULT = "imageedits" + version();

  private UserAgent() {}

  /** The default agent, followed by {@code suffix} when there is one. */
  static String of(String suffix) {
    return suffix == null ? DEFAULT : DEFAULT + " " + suffix;
  }

  /** Checks a suffix: printable ASCII that a header can carry. */
  static String checkSuffix(String suffix) {
    if (suffix.isBlank()) throw new IllegalArgumentException("userAgentSuffix is blank");
    for (int i = 0; i < suffix.length(); i++) {
      char c = suffix.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("userAgentSuffix must be printable ASCII: '" + suffix + "'");
      }
    }
    return suffix.strip();
  }

  /** "/" and the version, or "" when the resource is missing (a repackaged jar, say). */
  private static String version() {
    ClassLoader loader = UserAgent.class.getClassLoader();
    try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(VERSION_RESOURCE)
        : loader.getResourceAsStream(VERSION_RESOURCE)) {
      if (in == null) return "";
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "").strip();
      return version.isEmpty() || version.startsWith("${") ? "" : "/" + version;
    } catch (IOException | IllegalArgumentException e) {
      return "";
    }
  }
}
