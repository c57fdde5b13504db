package io.github.imageedits.acedata;

import static io.github.imageedits.spi.JsonTree.object;

import io.github.imageedits.AuthenticationException;
import io.github.imageedits.EditResult;
import io.github.imageedits.InsufficientBalanceException;
import io.github.imageedits.ModerationException;
import io.github.imageedits.ProviderError;
import io.github.imageedits.ProviderException;
import io.github.imageedits.RateLimitException;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.spi.OpenAiCompatibleAdapter;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.WireReply;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What AceData does differently from the OpenAI protocol: its path, its error codes, URL images as
 * form fields for the nano-banana family, and the callback payload that nests the images one level
 * deeper. Its synchronous reply ({@code success, task_id, trace_id, created, data, elapsed}), the
 * nano-banana reply ({@code created: 0}, urls only) and the immediate {@code {"task_id": …}} of a
 * callback request are all the OpenAI images shape the base class reads.
 */
final class AceDataAdapter extends OpenAiCompatibleAdapter {
  static final URI DEFAULT_BASE_URL = URI.create("https://api.acedata.cloud");
  static final String EDIT_PATH = "/openai/images/edits";

  private final CapabilityTable capabilities = AceDataCapabilities.table();

  AceDataAdapter() {
    super(AceData.NAME, DEFAULT_BASE_URL, EDIT_PATH);
  }

  @Override
  public CapabilityTable capabilities() {
    return capabilities;
  }

  /**
   * The nano-banana models reach the OpenAI protocol through an adaptation layer that documents an
   * image URL only "as a URL string in the form field"; a JSON body is documented for gpt-image-2
   * alone. So their URLs stay in the multipart form.
   */
  @Override
  protected boolean urlImagesAsJson(PreparedEdit edit) {
    return !isNanoBanana(edit.request().model());
  }

  static boolean isNanoBanana(String model) {
    return model != null && model.toLowerCase(Locale.ROOT).startsWith("nano-banana");
  }

  /**
   * Also reads the callback payload, {@code {success, task_id, trace_id, data:{created, data:[…]}}},
   * which the provider POSTs to a {@code callback_url} (and which the asynchronous side hands to
   * this adapter): its images are one level deeper than in a synchronous reply.
   */
  @Override
  protected EditResult result(PreparedEdit edit, WireReply reply) {
    Map<String, Object> nested = object(reply.json(), "data");
    if (nested == null) return super.result(edit, reply);
    Map<String, Object> flat = new LinkedHashMap<>(object(reply.json()));
    flat.remove("data");
    nested.forEach(flat::putIfAbsent); // created and data
    flat.put("data", nested.get("data"));
    return super.result(edit, new WireReply(reply.status(), reply.headers(), flat, reply.text()));
  }

  /**
   * AceData's error codes, from its documents, public spec and SDKs. Codes it may add later fall
   * back to the HTTP status. The code decides before the status: AceData answers {@code used_up}
   * with a 403, the status it also uses for moderation.
   */
  @Override
  protected ProviderException classify(ProviderError error) {
    String code = error.code() == null ? "" : error.code().toLowerCase(Locale.ROOT);
    return switch (code) {
      // The token is wrong, stale, absent, or its account is switched off.
      case "invalid_token", "token_expired", "no_token", "disabled" -> new AuthenticationException(error);
      case "used_up" -> new InsufficientBalanceException(error);
      // AceData's 403: the prompt or image was refused by content moderation.
      case "forbidden" -> new ModerationException(error);
      case "too_many_requests" -> new RateLimitException(error);
      // The 400s the documents call "bad request, possibly due to missing or invalid parameters",
      // and the 5xx failures (api_error 500, timeout 504): plain provider errors, whose status
      // tells a caller whether trying again can help (ProviderException.isTransient()).
      case "token_mismatched", "api_not_implemented", "bad_request", "api_error", "timeout" ->
          new ProviderException(error);
      // AceData's own SDK reads a 403 with a code it does not know as a moderation refusal.
      default -> error.status() == 403 ? new ModerationException(error) : super.classify(error);
    };
  }
}
