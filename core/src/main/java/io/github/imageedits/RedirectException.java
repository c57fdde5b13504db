package io.github.imageedits;

import static java.util.Objects.requireNonNull;

/**
 * The API answered a redirect (3xx) instead of doing the edit: an http→https front door, or an API
 * that moved. The request was not processed. Redirects are not followed on purpose (a followed
 * POST may be resent as a GET, or carry the key to another host), so the fix is the base URL:
 * {@link #suggestedBaseUrl()} is the root the redirect points at, when it can be told.
 *
 * <pre>{@code
 * try {
 *   client.edit(request);
 * } catch (RedirectException e) {
 *   System.err.println("set baseUrl to " + e.suggestedBaseUrl()); // e.g. https://api.acedata.cloud
 * }
 * }</pre>
 */
public final class RedirectException extends ProviderException {
  private final String location;
  private final String suggestedBaseUrl;

  /**
   * @param error what was answered (its status is the 3xx)
   * @param location the {@code Location} header, or null when the reply had none
   * @param suggestedBaseUrl the base URL to set instead, or null when it cannot be told
   */
  public RedirectException(ProviderError error, String location, String suggestedBaseUrl) {
    super(error, message(requireNonNull(error, "error == null"), location, suggestedBaseUrl));
    this.location = location;
    this.suggestedBaseUrl = suggestedBaseUrl;
  }

  private static String message(ProviderError error, String location, String suggested) {
    return error.provider() + " answered HTTP " + error.status()
        + (location == null ? " without a Location" : " → " + location)
        + (suggested != null ? "; set baseUrl(\"" + suggested + "\")"
            : "; the base URL is not where the API answers: set baseUrl(...) to the API's root");
  }

  /** Where the redirect points ({@code Location}), or null. */
  public String location() {
    return location;
  }

  /** The base URL that reaches the API without the redirect, or null when it cannot be told. */
  public String suggestedBaseUrl() {
    return suggestedBaseUrl;
  }
}
