package io.github.imageedits.micrometer;

import io.github.imageedits.AllProvidersFailedException;
import io.github.imageedits.EditTimeoutException;
import io.github.imageedits.ImageEditException;
import io.github.imageedits.ModerationException;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.TransportException;
import io.github.imageedits.UnsupportedFeatureException;
import io.github.imageedits.ValidationException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How an edit ended, as the {@code imageedits.outcome} key reports it: a small fixed set, so it is
 * safe as a metric tag.
 */
public enum EditOutcome {
  /** The edit returned a result. */
  SUCCESS,
  /** The request was refused before it was sent (a rule of the capability table, a bad argument). */
  VALIDATION,
  /** The provider answered with an error other than the ones below (4xx, 5xx). */
  PROVIDER,
  /** The provider answered 429: too many requests, or a quota. */
  RATE_LIMIT,
  /** The provider's moderation refused the prompt or an image. */
  MODERATION,
  /** A connect, read or call timeout. */
  TIMEOUT,
  /** The network: a refused or dropped connection, a reply that could not be read, a closed client. */
  TRANSPORT;

  /** The key's value: the constant's name in lower case, such as {@code rate_limit}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The outcome of an edit that threw {@code failure}, or {@link #SUCCESS} for null. A {@link
   * io.github.imageedits.FallbackClient}'s failure counts as the last provider's.
   */
  public static EditOutcome of(@Nullable Throwable failure) {
    if (failure == null) return SUCCESS;
    if (failure instanceof AllProvidersFailedException all && !all.failures().isEmpty()) {
      ImageEditException last = null;
      for (ImageEditException e : all.failures().values()) last = e;
      return of(last);
    }
    if (failure instanceof ValidationException || failure instanceof UnsupportedFeatureException
        || failure instanceof IllegalArgumentException || failure instanceof IllegalStateException) {
      return VALIDATION;
    }
    if (failure instanceof RateLimitException) return RATE_LIMIT;
    if (failure instanceof ModerationException) return MODERATION;
    if (failure instanceof ProviderException p) return p.status() == 429 ? RATE_LIMIT : PROVIDER;
    if (failure instanceof EditTimeoutException) return TIMEOUT;
    if (failure instanceof TransportException) {
      for (Throwable c = failure.getCause(); c != null; c = c.getCause()) {
        if (c instanceof java.net.SocketTimeoutException || c instanceof java.util.concurrent.TimeoutException
            || c instanceof java.io.InterruptedIOException && "timeout".equals(c.getMessage())) {
          return TIMEOUT;
        }
      }
      return TRANSPORT;
    }
    if (failure instanceof ImageEditException) return PROVIDER;
    return TRANSPORT; // an I/O failure around the edit, such as a partial-image listener's
  }
}
