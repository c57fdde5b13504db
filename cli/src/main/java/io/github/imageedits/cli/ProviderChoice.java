package io.github.imageedits.cli;

import io.github.imageedits.acedata.AceData;
import io.github.imageedits.azure.AzureOpenAi;
import io.github.imageedits.chainhub.ChainHub;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Which provider a command talks to, and where its token comes from. */
enum ProviderChoice {
  ACEDATA(AceData.NAME, "ACEDATA_API_TOKEN", "gpt-image-1"),
  CHAINHUB(ChainHub.NAME, "CHAINHUB_API_KEY", "gpt-image-1"),
  /** Azure OpenAI: the endpoint, deployment and API version are read by {@link AzureSettings}. */
  AZURE(AzureOpenAi.NAME, "AZURE_OPENAI_API_KEY", "gpt-image-1"),
  /** Google's Gemini image models (the adapter is found on the class path by its name). */
  GEMINI("gemini", "GEMINI_API_KEY", "gemini-2.5-flash-image"),
  /** fal's queue: an edit is submitted, polled and fetched (the adapter is found by name at run time). */
  FAL("fal", "FAL_KEY", "fal-ai/flux-pro/kontext"),
  /** AceData's adapter, capability table and wire, against the emulator on loopback. */
  SANDBOX(AceData.NAME, null, "gpt-image-1");

  /** The library names the adapter in its messages; the sandbox's adapter is AceData's. */
  private static final Pattern EMULATED_NAME = Pattern.compile("\\b" + Pattern.quote(AceData.NAME) + "\\b");

  /** Chooses the provider when none is given on the command line. */
  static final String ENV_PROVIDER = "IMAGEEDIT_PROVIDER";

  final String adapterName;
  final String tokenVariable;
  final String defaultModel;

  ProviderChoice(String adapterName, String tokenVariable, String defaultModel) {
    this.adapterName = adapterName;
    this.tokenVariable = tokenVariable;
    this.defaultModel = defaultModel;
  }

  /** {@code --provider}, else IMAGEEDIT_PROVIDER, else the sandbox. */
  static ProviderChoice resolve(String option, Map<String, String> env) {
    String name = option != null ? option : env.get(ENV_PROVIDER);
    if (name == null || name.isBlank()) return SANDBOX;
    for (ProviderChoice choice : values()) {
      if (choice.name().toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT))) return choice;
    }
    throw new IllegalArgumentException("unknown provider '" + name + "'"
        + (option == null ? " (from " + ENV_PROVIDER + ")" : "")
        + "; choose " + String.join(", ", java.util.Arrays.stream(values()).map(ProviderChoice::toString).toList()));
  }

  /**
   * {@code message} as this provider should say it. The library's messages name the adapter
   * ("acedata answered HTTP 400", "provider acedata"); for the sandbox nothing left the machine,
   * so they name the sandbox instead.
   */
  String speak(String message) {
    if (this != SANDBOX || message == null) return message;
    return EMULATED_NAME.matcher(message).replaceAll("sandbox");
  }

  /** The token from this provider's variable; a missing one is an error naming the variable. */
  String token(Map<String, String> env) {
    String token = env.get(tokenVariable);
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(adapterName + " needs an API token: set " + tokenVariable);
    }
    return token;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
