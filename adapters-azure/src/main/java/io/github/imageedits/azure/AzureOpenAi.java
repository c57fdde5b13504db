package io.github.imageedits.azure;

import static io.github.imageedits.spi.JsonTree.get;
import static io.github.imageedits.spi.JsonTree.string;
import static java.util.Objects.requireNonNull;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.ModerationException;
import io.github.imageedits.ProviderError;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.spi.OpenAiCompatibleAdapter;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.WireReply;
import io.github.imageedits.spi.WireRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Azure OpenAI image edits: OpenAI's multipart Images Edits request, sent to an Azure OpenAI
 * resource ({@code https://{resource}.openai.azure.com}, the base URL) in one of its two URL forms,
 * with Azure's credentials. Microsoft documents both forms in "How to use image generation
 * models" (https://learn.microsoft.com/azure/ai-foundry/openai/how-to/dall-e).
 *
 * <p>The v1 surface, what {@code new AzureOpenAi()} (and so {@code provider("azure")}) sends:
 * {@code POST {endpoint}/openai/v1/images/edits?api-version=preview}, with the deployment named in
 * the form's {@code model} field. The request's model is then the deployment name, and the
 * capability table knows it when the deployment is named after its model (an unknown name is
 * checked permissively).
 *
 * <pre>{@code
 * ImageEditClient client = ImageEdits.builder()
 *     .provider(AzureOpenAi.NAME)
 *     .baseUrl("https://my-resource.openai.azure.com")
 *     .apiKey(System.getenv("AZURE_OPENAI_API_KEY"))
 *     .build();
 * client.edit(EditRequest.builder().model("gpt-image-1").prompt("Add a red scarf").image(photo).build());
 * }</pre>
 *
 * <p>The deployment URL, chosen by naming the deployment:
 * {@code POST {endpoint}/openai/deployments/{deployment}/images/edits?api-version={version}}
 * (default {@value #DEFAULT_API_VERSION}, the version that added gpt-image-1 to the API). The
 * request's model names the model behind the deployment, which picks its row of the capability
 * table; it is sent in the form too.
 *
 * <pre>{@code
 * ImageEditClient client = ImageEdits.builder()
 *     .provider(AzureOpenAi.builder().deployment("image-editor").apiVersion("2025-04-01-preview").build())
 *     .baseUrl("https://my-resource.openai.azure.com")
 *     .apiKey(System.getenv("AZURE_OPENAI_API_KEY"))
 *     .build();
 * }</pre>
 *
 * <p>Credentials: the key goes in the {@code api-key} header; with {@link Builder#entraIdToken()}
 * the client's key is a Microsoft Entra ID access token, sent as {@code Authorization: Bearer}
 * (Microsoft's v1 examples ask for the scope {@code https://ai.azure.com/.default}; the caller
 * needs the "Cognitive Services OpenAI User" role).
 * The client does not refresh it: build a new client before the token expires.
 *
 * <p>Replies are OpenAI's ({@code {created, data:[{b64_json}]}}); errors Azure's
 * {@code {error:{code, message, …}}}. Content filtering ({@code contentFilter} on the image API,
 * {@code content_filter} or an {@code innererror} of {@code ResponsibleAIPolicyViolation}
 * elsewhere) is a {@link ModerationException}; 401 and 403 an {@link AuthenticationException}; 429
 * a {@link RateLimitException}, retried after {@code retry-after-ms} or {@code retry-after}. The
 * request id is Azure's {@code apim-request-id} header, else {@code x-request-id}.
 */
public final class AzureOpenAi extends OpenAiCompatibleAdapter {
  /** The name the provider is picked by. */
  public static final String NAME = "azure";
  /** The {@code api-version} of the deployment URL unless one is given. */
  public static final String DEFAULT_API_VERSION = "2025-04-01-preview";
  /**
   * The {@code api-version} of the v1 surface unless one is given: Microsoft's image how-to sends
   * {@code preview}, as the image routes are in the v1 preview specification.
   */
  public static final String V1_API_VERSION = "preview";

  /** Stands in for the resource endpoint, which Azure has no default for; never contacted. */
  private static final URI NO_ENDPOINT = URI.create("https://your-resource.openai.azure.com");
  // Deployment names and API versions go into the URL unescaped: letters, digits, '.', '_', '-'.
  private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final @Nullable String deployment;
  private final @Nullable String apiVersion;
  private final boolean entraIdToken;

  /** The v1 surface with an {@code api-key}: what {@code ImageEdits} finds by {@link #NAME}. */
  public AzureOpenAi() {
    this(new Builder());
  }

  private AzureOpenAi(Builder builder) {
    super(NAME, NO_ENDPOINT, editPath(builder.deployment, builder.apiVersion));
    this.deployment = builder.deployment;
    this.apiVersion = builder.apiVersion;
    this.entraIdToken = builder.entraIdToken;
  }

  private static String editPath(@Nullable String deployment, @Nullable String apiVersion) {
    if (deployment == null) {
      return "/openai/v1/images/edits?api-version=" + (apiVersion != null ? apiVersion : V1_API_VERSION);
    }
    return "/openai/deployments/" + deployment + "/images/edits?api-version="
        + (apiVersion != null ? apiVersion : DEFAULT_API_VERSION);
  }

  /** A builder for the deployment URL, another API version or Entra ID tokens. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this adapter's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.deployment = deployment;
    b.apiVersion = apiVersion;
    b.entraIdToken = entraIdToken;
    return b;
  }

  /** The deployment the URL names, or null on the v1 surface. */
  public @Nullable String deployment() {
    return deployment;
  }

  @Override
  public CapabilityTable capabilities() {
    return AzureCapabilities.TABLE;
  }

  /** OpenAI's request with Azure's credential header; refuses to run without the resource endpoint. */
  @Override
  public WireRequest toWire(PreparedEdit edit, ProviderContext context) {
    if (context.baseUrl().equals(NO_ENDPOINT)) {
      throw new IllegalStateException(NAME + " needs the resource endpoint as the base URL, for example"
          + " baseUrl(\"https://my-resource.openai.azure.com\")");
    }
    WireRequest wire = super.toWire(edit, context);
    if (entraIdToken) return wire; // the base class sends Authorization: Bearer
    Map<String, String> headers = new LinkedHashMap<>(wire.headers());
    headers.keySet().removeIf(name -> name.equalsIgnoreCase("Authorization"));
    headers.put("api-key", context.apiKey().reveal());
    return wire.toBuilder().headers(headers).build();
  }

  /** Azure's {@code apim-request-id}, which its API specification puts on every reply; else {@code x-request-id}. */
  @Override
  protected @Nullable String requestId(WireReply reply) {
    String apim = reply.header("apim-request-id");
    return apim != null ? apim : reply.header("x-request-id");
  }

  /** Adds the content filter's {@code innererror} to the codes {@link #classify} reads. */
  @Override
  protected ProviderException error(WireReply reply) {
    ProviderException e = super.error(reply);
    Object inner = get(get(reply.json(), "error"), "innererror");
    if (!(e instanceof ModerationException) && "ResponsibleAIPolicyViolation".equals(string(inner, "code"))) {
      return new ModerationException(e.error());
    }
    return e;
  }

  @Override
  protected ProviderException classify(ProviderError error) {
    String code = error.code() == null ? "" : error.code();
    // The image API's code is contentFilter; chat and completions use content_filter.
    if (code.equals("contentFilter") || code.equals("content_filter")) return new ModerationException(error);
    return switch (error.status()) {
      case 401, 403 -> new AuthenticationException(error); // a bad key, or a token without the role
      case 429 -> new RateLimitException(error);
      default -> super.classify(error);
    };
  }

  @Override
  public String toString() {
    return "AzureOpenAi{" + (deployment == null ? "v1" : "deployment " + deployment) + ", api-version "
        + (apiVersion != null ? apiVersion : deployment == null ? V1_API_VERSION : DEFAULT_API_VERSION)
        + (entraIdToken ? ", Entra ID token" : ", api-key") + "}";
  }

  /** Configures an {@link AzureOpenAi}; every setting has a default. */
  public static final class Builder {
    private @Nullable String deployment;
    private @Nullable String apiVersion;
    private boolean entraIdToken;

    private Builder() {}

    /**
     * Sends to the deployment URL {@code /openai/deployments/{deployment}/images/edits}; default
     * none, the v1 surface.
     */
    public Builder deployment(String deployment) {
      this.deployment = urlSafe(deployment, "deployment");
      return this;
    }

    /**
     * The {@code api-version} query value; default {@value #DEFAULT_API_VERSION} for a
     * deployment, {@value #V1_API_VERSION} on the v1 surface.
     */
    public Builder apiVersion(String apiVersion) {
      this.apiVersion = urlSafe(apiVersion, "apiVersion");
      return this;
    }

    /** The client's key is a Microsoft Entra ID access token, sent as {@code Authorization: Bearer}. */
    public Builder entraIdToken() {
      this.entraIdToken = true;
      return this;
    }

    /** The key goes in the {@code api-key} header (the default). */
    public Builder apiKeyHeader() {
      this.entraIdToken = false;
      return this;
    }

    public AzureOpenAi build() {
      return new AzureOpenAi(this);
    }

    private static String urlSafe(String value, String what) {
      requireNonNull(value, what + " == null");
      if (!URL_SAFE.matcher(value).matches()) {
        throw new IllegalArgumentException(what + " must be 1 to 64 letters, digits, '.', '_' or '-': '" + value + "'");
      }
      return value;
    }
  }
}
