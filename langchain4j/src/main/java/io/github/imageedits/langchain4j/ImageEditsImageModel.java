package io.github.imageedits.langchain4j;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.data.image.Image;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.image.ImageModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.EditedImage;
import io.github.imageedits.ImageData;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageSize;
import io.github.imageedits.Option;
import io.github.imageedits.Quality;
import io.github.imageedits.Usage;
import io.github.imageedits.ValidationException;
import io.github.imageedits.Violation;
import io.github.imageedits.capability.Support;
import io.github.imageedits.image.ImageFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j's {@link ImageModel} backed by an {@link ImageEditClient}, so any imageedits provider
 * (and its validation, retries and fallbacks) serves LangChain4j's {@code edit} calls.
 *
 * <pre>{@code
 * ImageEditClient client = ImageEdits.builder().provider("acedata").apiKey(token).build();
 * ImageModel model = ImageEditsImageModel.builder(client).model("gpt-image-1").build();
 * Image photo = Image.builder().base64Data(base64Png).mimeType("image/png").build();
 * Response<Image> edited = model.edit(photo, "Put a red scarf on the cat");
 * }</pre>
 *
 * <h2>Images in</h2>
 * An {@link Image} with {@code base64Data} is decoded as it is read (line breaks allowed), into
 * memory when short and into a temporary file, deleted once the edit is sent, when long: the base64
 * text is never copied whole. An http or https {@code url} is sent as a link for the provider to
 * fetch (where the model takes links; the client refuses it otherwise); a {@code data:} URL is
 * decoded like base64 data; a {@code file:} URL is read from disk. Data wins when an image has
 * both. The part's file type is the
 * image's real format, judged from its first bytes, then the declared {@code mimeType}.
 *
 * <h2>Images out</h2>
 * A link becomes {@link Image#url()}; inline data becomes {@link Image#base64Data()} with the
 * {@link Image#mimeType()} of its real format; the revised prompt is kept. The provider's token
 * usage becomes the response's {@link TokenUsage}; its metadata holds {@code provider},
 * {@code model}, {@code requestId} and {@code traceId} when known, and {@code warnings} (the
 * messages of options the model ignored) when there are any.
 *
 * <h2>Errors</h2>
 * A request that breaks the model's rules throws imageedits' {@link ValidationException} before
 * anything is sent, as do an image with neither data nor URL; provider and network failures throw
 * imageedits' own exceptions, unchanged. imageedits edits images and does not generate them from a
 * prompt alone, so both {@code generate} methods throw LangChain4j's {@link
 * UnsupportedFeatureException}, its typed "the provider does not support this" error, rather than
 * the {@code IllegalArgumentException} of the interface's default methods: a caller that wants to
 * fall back to another model can catch the specific type.
 *
 * <p>Instances are immutable and thread-safe; they do not own the client (close it yourself).
 */
public final class ImageEditsImageModel implements ImageModel {
  /** Base64 text up to 4 MiB (about 3 MiB of image) is decoded in memory; longer text to a file. */
  static final int DEFAULT_SPILL_CHARS = 4 << 20;

  private final ImageEditClient client;
  private final String model;
  private final @Nullable ImageSize size;
  private final @Nullable Quality quality;
  private final int spillChars;

  private ImageEditsImageModel(Builder builder) {
    this.client = builder.client;
    this.model = requireNonNull(builder.model, "model == null");
    this.size = builder.size;
    this.quality = builder.quality;
    this.spillChars = builder.spillChars;
  }

  /** Starts a model over {@code client}; {@link Builder#model} is required. */
  public static Builder builder(ImageEditClient client) {
    return new Builder(requireNonNull(client, "client == null"));
  }

  /** A builder holding this model's settings, for example to make a variant with another size. */
  public Builder toBuilder() {
    Builder builder = new Builder(client).model(model);
    builder.size = size;
    builder.quality = quality;
    builder.spillChars = spillChars;
    return builder;
  }

  /** The client's provider name, for example {@code acedata}. */
  public String provider() {
    return client.provider();
  }

  /** The model id every edit asks for. */
  public String model() {
    return model;
  }

  /**
   * Not offered: imageedits edits images. Throws LangChain4j's {@link UnsupportedFeatureException}
   * (not the interface default's {@code IllegalArgumentException}); nothing is sent.
   */
  @Override
  public Response<Image> generate(String prompt) {
    throw generationUnsupported();
  }

  /** Not offered, as {@link #generate(String)}. */
  @Override
  public Response<List<Image>> generate(String prompt, int n) {
    throw generationUnsupported();
  }

  /** Edits {@code image} as {@code prompt} says and returns the first edited image. */
  @Override
  public Response<Image> edit(Image image, String prompt) {
    return first(send(image, null, prompt, null));
  }

  /**
   * Edits {@code image} where {@code mask} is transparent and returns the first edited image. The
   * mask must be a PNG with an alpha channel of the image's size, as the provider documents.
   */
  @Override
  public Response<Image> edit(Image image, Image mask, String prompt) {
    return first(send(image, requireNonNull(mask, "mask == null"), prompt, null));
  }

  /**
   * Asks for {@code n} variants of the edit ({@code n} on the wire). Only where the model's table
   * honours {@code n}; otherwise LangChain4j's {@link UnsupportedFeatureException} is thrown before
   * anything is sent (a model that ignores {@code n} would return one image, not {@code n}).
   *
   * @param mask the area to edit (transparent pixels), or null to edit the whole image
   * @throws ValidationException {@code n} is beyond the model's limit, or another rule is broken
   */
  public Response<List<Image>> edit(Image image, @Nullable Image mask, String prompt, int n) {
    if (n > 1) {
      Support support = client.capabilities().model(model).support(Option.N);
      if (support == Support.IGNORED || support == Support.REJECTED) {
        throw new UnsupportedFeatureException(client.provider() + " model " + model
            + " returns one image per edit (it does not honour n); asked for " + n);
      }
    }
    // n = 1 is the provider's default: left off the wire, so a model that ignores n warns of nothing.
    return send(image, mask, prompt, n == 1 ? null : n);
  }

  private Response<List<Image>> send(Image image, @Nullable Image mask, String prompt,
      @Nullable Integer n) {
    requireNonNull(image, "image == null");
    requireNonNull(prompt, "prompt == null");
    // "image[0]" and "mask": the field names the client's own violations use.
    try (InputImage input = map(image, "image[0]", "image");
        InputImage maskInput = mask == null ? null : map(mask, "mask", "mask")) {
      EditRequest.Builder request = EditRequest.builder().model(model).prompt(prompt)
          .image(input.source);
      if (maskInput != null) request.mask(maskInput.source);
      if (n != null) request.n(n);
      if (size != null) request.size(size);
      if (quality != null) request.quality(quality);
      try (EditResult result = client.edit(request.build())) {
        List<Image> images = new ArrayList<>(result.images().size());
        for (EditedImage edited : result.images()) {
          images.add(toImage(edited));
        }
        return Response.from(images, tokenUsage(result.usage()), null, metadata(result));
      }
    }
  }

  private InputImage map(Image image, String field, String name) {
    InputImage input;
    try {
      input = InputImage.of(image, name, spillChars);
    } catch (IllegalArgumentException e) {
      throw new ValidationException(List.of(Violation.of(field, e.getMessage(),
          "base64 image data, or a well-formed url", model, client.provider())));
    }
    if (input == null) {
      throw new ValidationException(List.of(Violation.of(field, null,
          "a LangChain4j Image with base64Data, or a url (http, https, data or file)", model,
          client.provider())));
    }
    return input;
  }

  private Response<Image> first(Response<List<Image>> all) {
    if (all.content().isEmpty()) {
      throw new IllegalStateException(client.provider() + " returned no image for model " + model);
    }
    return Response.from(all.content().get(0), all.tokenUsage(), null, all.metadata());
  }

  private static Image toImage(EditedImage edited) {
    Image.Builder image = Image.builder().revisedPrompt(edited.revisedPrompt());
    if (edited.url() != null) image.url(edited.url());
    ImageData data = edited.data();
    if (data != null) {
      image.base64Data(base64(data));
      image.mimeType(data.format().map(ImageFormat::mediaType).orElse(null));
    }
    return image.build();
  }

  /** Encodes while reading: the decoded bytes are never held whole besides the text itself. */
  private static String base64(ImageData data) {
    long size = data.size();
    ByteArrayOutputStream text = new ByteArrayOutputStream(
        size > 0 && size < Integer.MAX_VALUE / 2 ? (int) ((size + 2) / 3 * 4) : 8192);
    try (OutputStream encoder = Base64.getEncoder().wrap(text)) {
      data.writeTo(encoder);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the edited image", e);
    }
    return text.toString(StandardCharsets.ISO_8859_1);
  }

  private static @Nullable TokenUsage tokenUsage(@Nullable Usage usage) {
    if (usage == null) return null;
    return new TokenUsage(toInt(usage.inputTokens()), toInt(usage.outputTokens()),
        toInt(usage.totalTokens()));
  }

  private static int toInt(long count) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, count));
  }

  private static Map<String, Object> metadata(EditResult result) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("provider", result.provider());
    if (result.model() != null) metadata.put("model", result.model());
    if (result.requestId() != null) metadata.put("requestId", result.requestId());
    if (result.traceId() != null) metadata.put("traceId", result.traceId());
    if (!result.warnings().isEmpty()) {
      metadata.put("warnings", result.warnings().stream().map(Violation::message).toList());
    }
    return metadata;
  }

  private UnsupportedFeatureException generationUnsupported() {
    return new UnsupportedFeatureException(client.provider() + " through imageedits edits images and"
        + " does not generate them from a prompt alone; call edit(image, prompt)");
  }

  @Override
  public String toString() {
    return "ImageEditsImageModel[" + client.provider() + ", " + model + "]";
  }

  /** Builds {@link ImageEditsImageModel}s. */
  public static final class Builder {
    private final ImageEditClient client;
    private @Nullable String model;
    private @Nullable ImageSize size;
    private @Nullable Quality quality;
    private int spillChars = DEFAULT_SPILL_CHARS;

    Builder(ImageEditClient client) {
      this.client = client;
    }

    /** The model id to ask for, for example {@code gpt-image-1}. Required. */
    public Builder model(String model) {
      this.model = requireNonNull(model, "model == null");
      return this;
    }

    /** The output size to ask for on every edit; unset, the provider's default. */
    public Builder size(ImageSize size) {
      this.size = requireNonNull(size, "size == null");
      return this;
    }

    /** The quality to ask for on every edit; unset, the provider's default. */
    public Builder quality(Quality quality) {
      this.quality = requireNonNull(quality, "quality == null");
      return this;
    }

    /** Base64 text longer than this many characters is decoded to a temporary file (tests). */
    Builder spillChars(int spillChars) {
      this.spillChars = spillChars;
      return this;
    }

    public ImageEditsImageModel build() {
      return new ImageEditsImageModel(this);
    }
  }
}
