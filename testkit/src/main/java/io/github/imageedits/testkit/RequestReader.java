package io.github.imageedits.testkit;

import java.util.List;
import java.util.Map;

/**
 * How the contract kit reads an edit request back from the wire when the provider's body is not
 * OpenAI's multipart form (a JSON body with inline base64 images, say). The reader parses the bytes
 * MockWebServer received, independently of the adapter and the transport, and the kit checks what
 * it finds: the fields against the request, each image's media type and decoded bytes against the
 * file.
 *
 * <pre>{@code
 * ProviderProfile.builder()
 *     .requestReader(new RequestReader() {
 *       public Map<String, String> fields(RecordedEdit sent) { ... model, prompt, options ... }
 *       public List<RecordedEdit.FormPart> images(RecordedEdit sent) { ... one per inline image ... }
 *     })
 * }</pre>
 */
public interface RequestReader {

  /**
   * The request's fields as text, by name: {@code model} (wherever the provider carries it, the
   * URL path included), {@code prompt}, and each option under the name the provider uses.
   */
  Map<String, String> fields(RecordedEdit sent);

  /**
   * The images the request carries, in order: each with a name (where it sat), a file name or
   * null when the provider sends none, its media type, and its bytes decoded.
   */
  List<RecordedEdit.FormPart> images(RecordedEdit sent);
}
