package io.github.imageedits.spring;

import org.jspecify.annotations.Nullable;

/** One provider: the main one ({@code imageedits.*}) or one of {@code imageedits.fallback}. */
public class ProviderProperties {
  /** Provider's name, for example acedata, chainhub, openai, gemini, fal or azure. */
  private @Nullable String provider;

  /** Provider's API key. Read it from an environment variable; it is never logged or printed. */
  private @Nullable String apiKey;

  /** Provider's API root, replacing its default. https, or plain http to a loopback address. */
  private @Nullable String baseUrl;

  public @Nullable String getProvider() {
    return provider;
  }

  public void setProvider(@Nullable String provider) {
    this.provider = provider;
  }

  public @Nullable String getApiKey() {
    return apiKey;
  }

  public void setApiKey(@Nullable String apiKey) {
    this.apiKey = apiKey;
  }

  public @Nullable String getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(@Nullable String baseUrl) {
    this.baseUrl = baseUrl;
  }
}
