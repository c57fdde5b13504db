package io.github.imageedits.emulator;

import io.github.imageedits.image.ImageFormat;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server-side checks a provider makes on an edit request, and what it will then do: the
 * model's family decides which fields count, which sizes are allowed and what the reply carries.
 * The rules are the ones the providers document (AceData's "OpenAI Images Edits API" guide,
 * https://platform.acedata.cloud/documents/251f1efa-aaa6-462e-8af4-66854b1bc94d, and its API
 * reference for {@code POST /openai/images/edits}; ChainHub's API documentation; OpenAI's API
 * reference): a request they would refuse is refused here with a 400, a field they ignore is
 * ignored here.
 */
record EditPlan(
    String model,
    Family family,
    String prompt,
    int n,
    int width,
    int height,
    String format,
    int compression,
    String background,
    String responseFormat,
    String callbackUrl) {

  /** Models grouped by the rules they follow. */
  enum Family {
    /** One square PNG under 4 MB; honours n and response_format; always answers PNG. */
    DALL_E_2(1, 1000, 4L << 20),
    /** gpt-image-1, -1-mini, -1.5: up to 16 images, fixed sizes, base64 replies. */
    GPT_IMAGE(16, 32000, 50L << 20),
    /** gpt-image-2: free sizes (multiples of 16), URL replies. */
    GPT_IMAGE_2(16, 32000, 50L << 20),
    /** nano-banana family: only model, prompt and image count; JPEG URL replies. */
    NANO_BANANA(16, 32000, 50L << 20),
    /** ChainHub's flux-kontext models: any size given as WxH. */
    FLUX_KONTEXT(16, 32000, 25L << 20);

    final int maxImages;
    final int maxPrompt;
    final long maxImageBytes;

    Family(int maxImages, int maxPrompt, long maxImageBytes) {
      this.maxImages = maxImages;
      this.maxPrompt = maxPrompt;
      this.maxImageBytes = maxImageBytes;
    }
  }

  private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");
  private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/jpg", "image/webp");
  /** Parts that say nothing about their content: read by their bytes unless part types are strict. */
  private static final Set<String> UNTYPED = Set.of("", "application/octet-stream");

  /** True when the request's images are edited by this plan's rules (the mask too). */
  boolean honoursMask() {
    return family != Family.NANO_BANANA;
  }

  /**
   * Checks {@code form} against {@code models} and decides the edit.
   *
   * @param maxImageBytesOverride a provider-wide image size limit lower than the family's, or 0
   * @param strictPartTypes refuse image and mask parts not typed as images, as OpenAI did in 2025
   */
  static EditPlan of(EditForm form, Map<String, Family> models, long maxImageBytesOverride, boolean strictPartTypes)
      throws Rejection {
    Map<String, String> f = form.fields;
    String model = f.get("model");
    if (model == null || model.isBlank()) throw Rejection.badRequest("model is required");
    Family family = models.get(model);
    if (family == null) {
      throw Rejection.badRequest("model '" + model + "' is not supported for image edits; supported: "
          + String.join(", ", new TreeSet<>(models.keySet())));
    }
    String prompt = f.get("prompt");
    if (prompt == null || prompt.isBlank()) throw Rejection.badRequest("prompt is required");
    if (prompt.length() > family.maxPrompt) {
      throw Rejection.badRequest("prompt is too long: " + prompt.length() + " characters, the maximum for "
          + model + " is " + family.maxPrompt);
    }
    if ("true".equalsIgnoreCase(f.get("stream"))) {
      throw new Rejection(400, "api_not_implemented", "streaming (stream=true) is not implemented by the emulator");
    }
    checkImages(form, model, family, maxImageBytesOverride, strictPartTypes);

    boolean nano = family == Family.NANO_BANANA;
    int n = 1;
    if (!nano && f.containsKey("n")) {
      int requested = integer(f, "n", 1, 10);
      if (family == Family.DALL_E_2) n = requested; // the others ignore n silently, as documented
    }
    int[] size = nano ? new int[2] : size(f.get("size"), model, family);
    String format = switch (family) {
      case DALL_E_2 -> "png";
      case NANO_BANANA -> "jpeg";
      default -> oneOf(f, "output_format", "png", "png", "jpeg", "webp");
    };
    int compression = nano || !f.containsKey("output_compression") ? 100 : integer(f, "output_compression", 0, 100);
    String background = "auto";
    String responseFormat = null;
    if (!nano) {
      background = oneOf(f, "background", "auto", "transparent", "opaque", "auto");
      if (background.equals("transparent") && format.equals("jpeg")) {
        throw Rejection.badRequest("background 'transparent' needs output_format png or webp, not jpeg");
      }
      String quality = f.get("quality");
      if (quality != null) {
        Set<String> allowed = family == Family.DALL_E_2 ? Set.of("standard", "auto") : Set.of("auto", "high", "medium", "low");
        if (!allowed.contains(quality)) throw invalidValue("quality", quality, allowed);
      }
      oneOf(f, "moderation", "auto", "low", "auto");
      if (f.containsKey("input_fidelity")) {
        oneOf(f, "input_fidelity", "high", "high", "low");
        if (model.equals("gpt-image-1-mini")) {
          throw Rejection.badRequest("input_fidelity is not supported for gpt-image-1-mini");
        }
      }
      if (f.containsKey("partial_images")) integer(f, "partial_images", 0, 3);
      String rf = oneOf(f, "response_format", "url", "url", "b64_json");
      if (family == Family.DALL_E_2) responseFormat = rf; // GPT image models answer by their own rule
    }
    String callbackUrl = f.get("callback_url");
    if (callbackUrl != null) {
      try {
        URI uri = new URI(callbackUrl);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) throw new IllegalArgumentException();
      } catch (Exception e) {
        throw Rejection.badRequest("callback_url must be an absolute http(s) URL: '" + callbackUrl + "'");
      }
    }
    return new EditPlan(model, family, prompt, n, size[0], size[1], format, compression, background,
        responseFormat, callbackUrl);
  }

  private static void checkImages(EditForm form, String model, Family family, long override, boolean strict)
      throws Rejection {
    List<EditForm.Input> images = form.images;
    if (images.isEmpty()) throw Rejection.badRequest("image is required");
    if (images.size() > family.maxImages) {
      throw Rejection.badRequest("too many images: " + images.size() + ", " + model + " takes at most "
          + family.maxImages);
    }
    long maxBytes = override > 0 ? Math.min(override, family.maxImageBytes) : family.maxImageBytes;
    for (EditForm.Input image : images) checkFile(image, model, family, maxBytes, strict);
    EditForm.Input mask = form.mask;
    if (mask != null && family != Family.NANO_BANANA && !mask.isUrl()) {
      String type = partType(mask, strict);
      if (!type.equals("image/png")) {
        throw Rejection.badRequest("Invalid file 'mask': unsupported mimetype ('" + mask.contentType()
            + "'). The mask must be a PNG file ('image/png').");
      }
      if (mask.bytes().length >= 4L << 20) throw Rejection.badRequest("the mask must be smaller than 4 MB");
    }
  }

  private static void checkFile(EditForm.Input image, String model, Family family, long maxBytes, boolean strict)
      throws Rejection {
    if (image.isUrl()) {
      String url = image.url();
      if (!(url.startsWith("http://") || url.startsWith("https://") || url.startsWith("data:image/"))) {
        throw Rejection.badRequest("image must be a file or an http(s) URL, got '" + shorten(url) + "'");
      }
      return;
    }
    String type = partType(image, strict);
    if (!IMAGE_TYPES.contains(type)) {
      // The answer OpenAI's API gave in 2025 to parts sent as application/octet-stream
      // (openai-node issue 1468); strictPartTypes plays it, and so does any other non-image type.
      throw Rejection.badRequest("Invalid file '" + image.field() + "': unsupported mimetype ('"
          + (image.contentType().isEmpty() ? "none" : image.contentType())
          + "'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.");
    }
    if (family == Family.DALL_E_2 && !type.equals("image/png")) {
      throw Rejection.badRequest("dall-e-2 edits take one square PNG image, got " + type);
    }
    if (image.bytes().length >= maxBytes) {
      throw Rejection.badRequest("image '" + image.filename() + "' is " + image.bytes().length
          + " bytes; " + model + " takes images under " + (maxBytes >> 20) + " MB");
    }
  }

  /**
   * The part's media type: as declared, or, for an untyped part when part types are not strict,
   * the format its bytes show (unchanged when they show none, so the refusal names what was sent).
   */
  private static String partType(EditForm.Input part, boolean strict) {
    String declared = mediaType(part.contentType());
    if (strict || !UNTYPED.contains(declared)) return declared;
    byte[] bytes = part.bytes();
    return ImageFormat.sniff(bytes, bytes.length).map(ImageFormat::mediaType).orElse(declared);
  }

  private static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** {width, height}, or {0, 0} to keep the input's size. */
  private static int[] size(String size, String model, Family family) throws Rejection {
    if (size == null || size.isEmpty() || (size.equals("auto") && family != Family.DALL_E_2)) return new int[2];
    Matcher m = SIZE.matcher(size);
    int w = m.matches() ? Integer.parseInt(m.group(1)) : -1;
    int h = m.matches() ? Integer.parseInt(m.group(2)) : -1;
    switch (family) {
      case DALL_E_2 -> {
        Set<String> allowed = Set.of("256x256", "512x512", "1024x1024");
        if (!allowed.contains(size)) throw invalidValue("size", size, allowed);
      }
      case GPT_IMAGE -> {
        Set<String> allowed = Set.of("1024x1024", "1536x1024", "1024x1536", "auto");
        if (!allowed.contains(size)) throw invalidValue("size", size, allowed);
      }
      case GPT_IMAGE_2 -> {
        if (w <= 0 || h <= 0) throw Rejection.badRequest("size must be auto, empty or WIDTHxHEIGHT, got '" + size + "'");
        if (w % 16 != 0 || h % 16 != 0) {
          throw Rejection.badRequest("size " + size + ": width and height must be multiples of 16");
        }
        if (Math.max(w, h) > 3840) throw Rejection.badRequest("size " + size + ": the longer side must be at most 3840");
        if ((long) w * h > 8_294_400L) throw Rejection.badRequest("size " + size + ": at most 8294400 pixels");
      }
      default -> { // FLUX_KONTEXT
        if (w < 16 || h < 16 || w > 4096 || h > 4096) {
          throw Rejection.badRequest("size must be auto or WIDTHxHEIGHT (16 to 4096), got '" + size + "'");
        }
      }
    }
    return new int[] {w, h};
  }

  private static String oneOf(Map<String, String> f, String field, String fallback, String... allowed) throws Rejection {
    String value = f.get(field);
    if (value == null) return fallback;
    for (String a : allowed) if (a.equals(value)) return value;
    throw invalidValue(field, value, Set.of(allowed));
  }

  private static int integer(Map<String, String> f, String field, int min, int max) throws Rejection {
    String value = f.get(field).trim();
    try {
      int v = Integer.parseInt(value);
      if (v >= min && v <= max) return v;
    } catch (NumberFormatException e) {
      // falls through to the rejection
    }
    throw Rejection.badRequest(field + " must be an integer from " + min + " to " + max + ", got '" + value + "'");
  }

  private static Rejection invalidValue(String field, String value, Set<String> allowed) {
    return Rejection.badRequest("Invalid value for " + field + ": '" + shorten(value) + "'. Supported values are: "
        + String.join(", ", new TreeSet<>(allowed)) + ".");
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}
