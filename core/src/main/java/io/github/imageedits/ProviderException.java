package io.github.imageedits;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The provider answered with an error. Subclasses name the kinds callers usually handle apart;
 * anything else (a 5xx, an unknown code) is a plain {@code ProviderException}.
 */
public class ProviderException extends ImageEditException {
  private final ProviderError error;

  public ProviderException(ProviderError error) {
    super(requireNonNull(error, "error == null").toString(), null);
    this.error = error;
  }

  /** For subclasses whose message says more than the error itself (what to do about it). */
  protected ProviderException(ProviderError error, String message) {
    super(requireNonNull(message, "message == null"), null);
    this.error = requireNonNull(error, "error == null");
  }

  public ProviderError error() {
    return error;
  }

  public int status() {
    return error.status();
  }

  /** The provider's error code, or null. */
  public @Nullable String code() {
    return error.code();
  }

  /** The provider's trace id, or null. */
  public @Nullable String traceId() {
    return error.traceId();
  }

  /** The provider's request id header ({@code x-request-id}, Azure's {@code apim-request-id}), or null. */
  public @Nullable String requestId() {
    return error.requestId();
  }

  /** True for failures worth trying again or elsewhere: 429, 5xx. */
  public boolean isTransient() {
    return error.status() == 429 || error.status() >= 500;
  }
}
