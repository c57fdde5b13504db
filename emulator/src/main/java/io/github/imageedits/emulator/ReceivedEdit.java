package io.github.imageedits.emulator;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One edit request as the emulator received it, for test assertions: the text fields, the file
 * parts (metadata and a digest, not the bytes), image URLs, and how the emulator answered.
 *
 * <pre>{@code
 * ReceivedEdit edit = emulator.receivedEdits().get(0);
 * assertThat(edit.fields()).containsEntry("model", "gpt-image-1");
 * assertThat(edit.files()).extracting(ReceivedEdit.Part::name).containsExactly("image[]", "image[]");
 * }</pre>
 *
 * @param method the HTTP method
 * @param path the request path, for example {@code /openai/images/edits}
 * @param contentType the body's media type without parameters, for example
 *     {@code multipart/form-data} or {@code application/json}; empty when the request had none
 * @param headers request headers by lower-case name (the last value when repeated); the
 *     {@code authorization} value is redacted so a token never reaches a test report
 * @param authorized whether the request carried the accepted credential, in the header its dialect uses
 *     (a bearer token; Azure's {@code api-key}, Gemini's {@code x-goog-api-key}, fal's {@code Authorization: Key})
 * @param fields the text fields by name (multipart text parts, or JSON members as text), without
 *     the image and mask fields
 * @param files the multipart file parts in the order received
 * @param imageUrls the images given by URL (JSON {@code image}, or a form field holding a URL)
 * @param bodySize the request body's size in bytes
 * @param chunked whether the body came with chunked transfer encoding
 * @param status the HTTP status the emulator answered; 0 when it dropped the connection
 * @param taskId the task id it answered with, or null
 */
public record ReceivedEdit(
    String method,
    String path,
    String contentType,
    Map<String, String> headers,
    boolean authorized,
    Map<String, String> fields,
    List<Part> files,
    List<String> imageUrls,
    long bodySize,
    boolean chunked,
    int status,
    @Nullable String taskId) {

  public ReceivedEdit {
    requireNonNull(method, "method == null");
    requireNonNull(path, "path == null");
    requireNonNull(contentType, "contentType == null");
    headers = Map.copyOf(requireNonNull(headers, "headers == null"));
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(fields, "fields == null")));
    files = List.copyOf(requireNonNull(files, "files == null"));
    imageUrls = List.copyOf(requireNonNull(imageUrls, "imageUrls == null"));
  }

  /** The text field {@code name}, or null. */
  public @Nullable String field(String name) {
    return fields.get(name);
  }

  /**
   * One multipart file part.
   *
   * @param name the form field name, for example {@code image}, {@code image[]} or {@code mask}
   * @param filename the filename the client sent
   * @param contentType the part's content type as sent, or empty
   * @param size the part's size in bytes
   * @param sha256 the SHA-256 of the part's bytes, lower-case hex: proof the file arrived whole
   */
  public record Part(String name, String filename, String contentType, long size, String sha256) {
    public Part {
      requireNonNull(name, "name == null");
      requireNonNull(filename, "filename == null");
      requireNonNull(contentType, "contentType == null");
      requireNonNull(sha256, "sha256 == null");
    }
  }
}
