package io.github.imageedits.testkit;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How the contract kit reads an edit request back from the wire when the provider's request is not
 * OpenAI's multipart form (a JSON body with inline base64 images or data URIs, say). The reader
 * parses what MockWebServer received, independently of the adapter and the transport, and the kit
 * checks what it finds: the fields against the request, each image's and the mask's media type and
 * decoded bytes against the file, the image URLs against those given.
 *
 * <pre>{@code
 * ProviderProfile.builder()
 *     .requestReader(new RequestReader() {
 *       public Map<String, String> fields(RecordedEdit sent) { ... model, prompt, options ... }
 *       public List<RecordedEdit.FormPart> images(RecordedEdit sent) { ... one per inline image ... }
 *     })
 * }</pre>
 *
 * <p>A provider with a mask field or URL images overrides {@link #mask} or {@link #imageUrls}; the
 * defaults fail the check that needs them, so no check passes for want of a reader.
 */
public interface RequestReader {

  /**
   * The request's fields as text, by name: {@code model} (wherever the provider carries it, the
   * URL path included), {@code prompt}, each option under the name the provider uses, and
   * {@code callback_url} when the request names a callback (in its body or its query).
   */
  Map<String, String> fields(RecordedEdit sent);

  /**
   * The images the request carries as bytes, in order: each with a name (where it sat), a file name
   * or null when the provider sends none, its media type, and its bytes decoded.
   */
  List<RecordedEdit.FormPart> images(RecordedEdit sent);

  /**
   * The mask the request carries, as {@link #images} gives an image, or null when it carries none.
   * By default the reader knows no mask field: the kit's mask checks fail with this message.
   */
  default RecordedEdit.@Nullable FormPart mask(RecordedEdit sent) {
    throw new AssertionError("the profile's RequestReader does not read a mask: override mask(RecordedEdit)");
  }

  /**
   * The image URLs the request carries, in order, for a model that takes image URLs. By default the
   * reader knows none: the kit's URL-image checks fail with this message.
   */
  default List<String> imageUrls(RecordedEdit sent) {
    throw new AssertionError("the profile's RequestReader does not read image URLs: override imageUrls(RecordedEdit)");
  }
}
