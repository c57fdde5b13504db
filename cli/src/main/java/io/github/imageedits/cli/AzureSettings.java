package io.github.imageedits.cli;

import io.github.imageedits.azure.AzureOpenAi;
import io.github.imageedits.spi.ProviderAdapter;
import java.util.Map;

/**
 * Azure OpenAI's settings: the resource endpoint (the base URL), the deployment and the API
 * version, each from its option, else its environment variable. Without a deployment the adapter
 * uses Azure's v1 surface, where {@code --model} names the deployment.
 */
final class AzureSettings {
  static final String ENV_ENDPOINT = "AZURE_OPENAI_ENDPOINT";
  static final String ENV_DEPLOYMENT = "AZURE_OPENAI_DEPLOYMENT";
  static final String ENV_API_VERSION = "AZURE_OPENAI_API_VERSION";

  private AzureSettings() {}

  /** Where a command's session goes: a base URL (null: the provider's own) and an adapter (null: by name). */
  record Target(String baseUrl, ProviderAdapter adapter) {}

  /**
   * The target of {@code choice}: for Azure, the endpoint and the adapter its settings configure;
   * for any other provider, {@code baseUrl} and the provider by name, refusing Azure's options.
   */
  static Target target(ProviderChoice choice, String baseUrl, String deployment, String apiVersion,
      Map<String, String> env) {
    if (choice != ProviderChoice.AZURE) {
      if (deployment != null || apiVersion != null) {
        throw new IllegalArgumentException("--azure-deployment and --azure-api-version go with --provider azure");
      }
      return new Target(baseUrl, null);
    }
    return new Target(endpoint(baseUrl, env), adapter(deployment, apiVersion, env));
  }

  /** {@code --base-url}, else AZURE_OPENAI_ENDPOINT; Azure has no default, so a missing one is an error. */
  static String endpoint(String baseUrl, Map<String, String> env) {
    String endpoint = baseUrl != null ? baseUrl : blankToNull(env.get(ENV_ENDPOINT));
    if (endpoint == null) {
      throw new IllegalArgumentException(AzureOpenAi.NAME + " needs the resource endpoint"
          + " (https://RESOURCE.openai.azure.com): set " + ENV_ENDPOINT + " or --base-url");
    }
    return endpoint;
  }

  /** The adapter for {@code --azure-deployment} and {@code --azure-api-version}, else their variables. */
  static AzureOpenAi adapter(String deployment, String apiVersion, Map<String, String> env) {
    String d = deployment != null ? deployment : blankToNull(env.get(ENV_DEPLOYMENT));
    String v = apiVersion != null ? apiVersion : blankToNull(env.get(ENV_API_VERSION));
    AzureOpenAi.Builder builder = AzureOpenAi.builder();
    if (d != null) builder.deployment(d);
    if (v != null) builder.apiVersion(v);
    return builder.build();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
