package io.github.imageedits.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;
import okio.ByteString;

/**
 * An edit request's body, read for real: multipart parts through OkHttp's {@link MultipartReader}
 * (boundaries, part headers and bytes exactly as sent), or a JSON object. Images and the mask are
 * kept apart from the text fields; everything else is text.
 */
final class EditForm {
  static final String MULTIPART = "multipart/form-data";
  static final String JSON = "application/json";

  /** An image or mask as sent: file bytes with the part's metadata, or a URL to resolve. */
  record Input(String field, String filename, String contentType, byte[] bytes, String url) {
    boolean isUrl() {
      return url != null;
    }
  }

  final String mediaType;
  final Map<String, String> fields = new LinkedHashMap<>();
  final List<Input> images = new ArrayList<>();
  Input mask;
  final List<ReceivedEdit.Part> parts = new ArrayList<>();
  final List<String> imageUrls = new ArrayList<>();

  private EditForm(String mediaType) {
    this.mediaType = mediaType;
  }

  /** An empty JSON form, for a dialect that reads its own JSON shape and fills the form in. */
  static EditForm emptyJson() {
    return new EditForm(JSON);
  }

  /** Adds an image given by URL (or data URI) under {@code field}. */
  void addUrlImage(String field, String url) {
    urlImage(field, url);
  }

  /** The media type of {@code request}'s body without parameters, lower case, or empty. */
  static String mediaTypeOf(RecordedRequest request) {
    MediaType type = contentType(request);
    return type == null ? "" : (type.type() + "/" + type.subtype()).toLowerCase(Locale.ROOT);
  }

  private static MediaType contentType(RecordedRequest request) {
    String header = request.getHeaders().get("Content-Type");
    return header == null ? null : MediaType.parse(header);
  }

  /** Reads the body; a body the emulator cannot read is a 400, as it would be for the provider. */
  static EditForm parse(RecordedRequest request, boolean jsonAllowed) throws Rejection {
    String mediaType = mediaTypeOf(request);
    ByteString body = request.getBody() == null ? ByteString.EMPTY : request.getBody();
    if (mediaType.equals(MULTIPART)) {
      String boundary = contentType(request).parameter("boundary");
      if (boundary == null || boundary.isEmpty()) {
        throw Rejection.badRequest("multipart/form-data without a boundary");
      }
      return multipart(body, boundary);
    }
    if (mediaType.equals(JSON) && jsonAllowed) return json(body);
    throw Rejection.badRequest("unsupported Content-Type '" + (mediaType.isEmpty() ? "(none)" : mediaType)
        + "': send " + MULTIPART + (jsonAllowed ? " or " + JSON : ""));
  }

  private static EditForm multipart(ByteString body, String boundary) throws Rejection {
    EditForm form = new EditForm(MULTIPART);
    try (MultipartReader reader = new MultipartReader(new Buffer().write(body), boundary)) {
      MultipartReader.Part part;
      while ((part = reader.nextPart()) != null) {
        try (MultipartReader.Part p = part) {
          String disposition = p.headers().get("Content-Disposition");
          Map<String, String> params = dispositionParams(disposition);
          String name = params.get("name");
          if (name == null) throw Rejection.badRequest("multipart part without a name in Content-Disposition");
          String filename = params.get("filename");
          byte[] bytes = p.body().readByteArray();
          if (filename == null) {
            form.text(name, new String(bytes, StandardCharsets.UTF_8));
          } else {
            String contentType = p.headers().get("Content-Type");
            form.file(name, filename, contentType == null ? "" : contentType.trim(), bytes);
          }
        }
      }
    } catch (IOException e) {
      throw Rejection.badRequest("malformed multipart body: " + e.getMessage());
    }
    return form;
  }

  private static EditForm json(ByteString body) throws Rejection {
    Object tree;
    try {
      tree = Json.parse(body.utf8());
    } catch (IllegalArgumentException e) {
      throw Rejection.badRequest("malformed JSON body: " + e.getMessage());
    }
    if (!(tree instanceof Map<?, ?> map)) throw Rejection.badRequest("the JSON body must be an object");
    EditForm form = new EditForm(JSON);
    for (Map.Entry<?, ?> member : map.entrySet()) {
      String key = String.valueOf(member.getKey());
      Object value = member.getValue();
      if (key.equals("image")) {
        List<?> urls = value instanceof List<?> list ? list : List.of(value == null ? "" : value);
        for (Object url : urls) {
          if (!(url instanceof String s)) throw Rejection.badRequest("image must be a URL string or an array of URL strings");
          form.urlImage("image", s);
        }
      } else if (key.equals("mask")) {
        if (value == null) continue;
        if (!(value instanceof String s)) throw Rejection.badRequest("mask must be a URL string");
        form.mask = new Input("mask", "", "", null, s);
      } else if (value != null) {
        form.fields.put(key, Json.text(value));
      }
    }
    return form;
  }

  /**
   * Reads a Gemini {@code generateContent} body: {@code model} (from the path), {@code prompt} (the
   * text parts), {@code responseModalities} (comma-joined), {@code aspectRatio} and {@code imageSize}
   * as fields, and each {@code inlineData} (or {@code inline_data}) part as an image, decoded from
   * base64.
   */
  static EditForm generateContent(RecordedRequest request, String model) throws Rejection {
    if (!mediaTypeOf(request).equals(JSON)) {
      throw new Rejection(400, "INVALID_ARGUMENT", "generateContent takes " + JSON + ", got '" + mediaTypeOf(request) + "'");
    }
    Object tree;
    try {
      tree = Json.parse(request.getBody() == null ? "" : request.getBody().utf8());
    } catch (IllegalArgumentException e) {
      throw new Rejection(400, "INVALID_ARGUMENT", "Invalid JSON payload received. " + e.getMessage());
    }
    EditForm form = new EditForm(JSON);
    form.fields.put("model", model);
    List<?> contents = tree instanceof Map<?, ?> map && map.get("contents") instanceof List<?> l ? l : List.of();
    if (contents.isEmpty()) throw new Rejection(400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified");
    List<String> texts = new ArrayList<>();
    for (Object content : contents) {
      List<?> parts = content instanceof Map<?, ?> c && c.get("parts") instanceof List<?> p ? p : List.of();
      int index = 0;
      for (Object part : parts) {
        if (!(part instanceof Map<?, ?> p)) continue;
        if (p.get("text") instanceof String text) texts.add(text);
        Object inline = p.get("inlineData") != null ? p.get("inlineData") : p.get("inline_data");
        if (inline instanceof Map<?, ?> data) {
          Object type = data.get("mimeType") != null ? data.get("mimeType") : data.get("mime_type");
          byte[] bytes;
          try {
            bytes = Base64.getDecoder().decode(String.valueOf(data.get("data")));
          } catch (IllegalArgumentException e) {
            throw new Rejection(400, "INVALID_ARGUMENT", "Invalid value at 'contents[0].parts[" + index + "].inline_data.data'"
                + " (TYPE_BYTES), Base64 decoding failed");
          }
          form.file("image", "", type == null ? "" : type.toString(), bytes);
        }
        index++;
      }
    }
    if (!texts.isEmpty()) form.fields.put("prompt", String.join("\n", texts));
    Object generation = tree instanceof Map<?, ?> map ? map.get("generationConfig") : null;
    if (generation instanceof Map<?, ?> g) {
      if (g.get("responseModalities") instanceof List<?> modalities) {
        form.fields.put("responseModalities", String.join(",", modalities.stream().map(String::valueOf).toList()));
      }
      if (g.get("imageConfig") instanceof Map<?, ?> config) {
        config.forEach((k, v) -> form.fields.put(String.valueOf(k), Json.text(v)));
      }
    }
    return form;
  }

  private void text(String name, String value) {
    if (isImageField(name)) {
      urlImage(name, value.trim());
    } else if (name.equals("mask")) {
      mask = new Input(name, "", "", null, value.trim());
    } else {
      fields.put(name, value);
    }
  }

  private void urlImage(String field, String url) {
    images.add(new Input(field, "", "", null, url));
    imageUrls.add(url);
  }

  private void file(String name, String filename, String contentType, byte[] bytes) {
    parts.add(new ReceivedEdit.Part(name, filename, contentType, bytes.length, sha256(bytes)));
    Input input = new Input(name, filename, contentType, bytes, null);
    if (isImageField(name)) images.add(input);
    else if (name.equals("mask")) mask = input;
    // Other file parts are recorded and otherwise ignored, as an OpenAI-compatible server does.
  }

  static boolean isImageField(String name) {
    return name.equals("image") || name.equals("image[]");
  }

  /** The parameters of a Content-Disposition header, names lower case, quoted values unquoted. */
  static Map<String, String> dispositionParams(String header) {
    Map<String, String> params = new LinkedHashMap<>();
    if (header == null) return params;
    int i = header.indexOf(';');
    while (i >= 0 && i < header.length()) {
      i++;
      while (i < header.length() && header.charAt(i) == ' ') i++;
      int eq = header.indexOf('=', i);
      if (eq < 0) break;
      String key = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      int j = eq + 1;
      StringBuilder value = new StringBuilder();
      if (j < header.length() && header.charAt(j) == '"') {
        j++;
        while (j < header.length() && header.charAt(j) != '"') {
          char c = header.charAt(j);
          if (c == '\\' && j + 1 < header.length()) c = header.charAt(++j);
          value.append(c);
          j++;
        }
        j++; // closing quote
        i = header.indexOf(';', j);
      } else {
        int end = header.indexOf(';', j);
        value.append(header, j, end < 0 ? header.length() : end);
        i = end;
      }
      params.put(key, value.toString().trim());
    }
    return params;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
