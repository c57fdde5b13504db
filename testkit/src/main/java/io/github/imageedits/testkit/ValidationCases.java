package io.github.imageedits.testkit;

import static java.util.Objects.requireNonNull;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import io.github.imageedits.Background;
import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageSize;
import io.github.imageedits.ImageSource;
import io.github.imageedits.InputFidelity;
import io.github.imageedits.Moderation;
import io.github.imageedits.OutputFormat;
import io.github.imageedits.Quality;
import io.github.imageedits.ResponseFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An adapter's own validation cases, read from a JSON-lines resource (one JSON object a line;
 * blank lines and lines starting with {@code //} are comments). Each line is one of:
 *
 * <ul>
 *   <li>{@code {"prompt": "…"}}: the prompt every request gets unless it names its own;
 *   <li>{@code {"min_bad_cases": 30}}: the least number of {@code bad} cases the file must hold;
 *   <li>{@code {"fixture": "rect", "png": [96, 64], "file": "rect.png"}} — also {@code "jpeg"},
 *       {@code "webp"}, {@code "mask"} (PNG with alpha), {@code "padded": "rect", "bytes": N}
 *       (a copy extended to N bytes), {@code "text": "…"}, {@code "directory": true},
 *       {@code "missing": true}: a file the requests can name;
 *   <li>{@code {"bad": name, "request": {…}, "fields": [...], "ordered": false}}: refused, naming
 *       exactly these fields (a field twice: two rules broken), nothing sent;
 *   <li>{@code {"unsupported": name, "request": {…}, "fields": [...], "exception": "…"}}: refused
 *       for a provider feature it lacks, with that exception message, nothing sent;
 *   <li>{@code {"message": name, "request": {…}, "equals"|"starts_with"|"contains"|"limit": "…"}}:
 *       exactly one violation, whose message (or limit) reads so;
 *   <li>{@code {"good": name, "request": {…}, "known": true}}: passes with no error and no warning;
 *       {@code known} says whether the table lists the model (default true);
 *   <li>{@code {"lenient": name, "request": {…}, "warnings": [...], "warning_message": [i, "…"]}}:
 *       passes, dropping exactly these options with a warning each, in this order;
 *   <li>{@code {"features": [...], "provider": "…"}}: the table's provider name and features.
 * </ul>
 *
 * <p>A request is {@code {"model", "prompt", "images": [...], "mask", "n", "size", "quality",
 * "background", "input_fidelity", "output_format", "output_compression", "partial_images",
 * "response_format", "moderation", "callback_url", "user", "strict"}}; a missing {@code prompt}
 * is the file's prompt, a {@code null} one is unset, and {@code {"repeat": "a", "times": 1001}}
 * is a long one. An image is a fixture name ({@code "rect"}, or {@code "rect*17"} for seventeen),
 * {@code "url:https://…"}, {@code "urls:N"} (N distinct https URLs), {@code "bytes:fixture:name"}
 * (the fixture's bytes in memory, named so) or {@code "zeros:name:N"} (N zero bytes in memory).
 * The mask is a fixture name or {@code "url:…"}.
 */
final class ValidationCases {
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  /** One line that is a case, with the line number for failure messages. */
  record Line(int number, String kind, String name, Map<String, Object> json) {
    @Override
    public String toString() {
      return name;
    }

    Map<String, Object> request() {
      return object(json.get("request"), "request");
    }

    List<String> strings(String key) {
      Object value = json.get(key);
      if (value == null) return List.of();
      List<String> out = new ArrayList<>();
      for (Object item : (List<?>) value) out.add((String) item);
      return out;
    }

    String string(String key) {
      return (String) json.get(key);
    }

    boolean flag(String key, boolean fallback) {
      Object value = json.get(key);
      return value == null ? fallback : (Boolean) value;
    }
  }

  private static final List<String> KINDS =
      List.of("bad", "unsupported", "message", "good", "lenient", "features");

  final String resource;
  final List<Line> cases = new ArrayList<>();
  final Map<String, Map<String, Object>> fixtureLines = new LinkedHashMap<>();
  String prompt = "Put a red scarf on the cat";
  int minBadCases;

  private ValidationCases(String resource) {
    this.resource = resource;
  }

  /** Reads {@code resource} with {@code loader}; fails naming the line that does not parse. */
  static ValidationCases read(ClassLoader loader, String resource) {
    ValidationCases file = new ValidationCases(resource);
    InputStream in = loader.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("no validation cases: add the resource " + resource
          + " to the adapter's test resources (JSON lines; see ValidationKit)");
    }
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String text;
      int number = 0;
      while ((text = reader.readLine()) != null) {
        number++;
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("//")) continue;
        Map<String, Object> json;
        try {
          json = object(JSON.fromJson(trimmed), "line");
        } catch (IOException | RuntimeException e) {
          throw new IllegalStateException(resource + ":" + number + ": not a JSON object: " + e.getMessage(), e);
        }
        file.add(number, json);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private void add(int number, Map<String, Object> json) {
    if (json.containsKey("fixture")) {
      fixtureLines.put((String) json.get("fixture"), json);
      return;
    }
    if (json.containsKey("min_bad_cases")) {
      minBadCases = ((Number) json.get("min_bad_cases")).intValue();
      return;
    }
    for (String kind : KINDS) {
      if (json.containsKey(kind)) {
        Object name = json.get(kind);
        cases.add(new Line(number, kind, name instanceof String s ? s : kind, json));
        return;
      }
    }
    if (json.size() == 1 && json.containsKey("prompt")) {
      prompt = (String) json.get("prompt");
      return;
    }
    throw new IllegalStateException(resource + ":" + number + ": a line must be a fixture, a prompt,"
        + " min_bad_cases, or one of " + KINDS + ": " + json.keySet());
  }

  /** The cases of {@code kind}, in file order. */
  List<Line> of(String kind) {
    return cases.stream().filter(c -> c.kind().equals(kind)).toList();
  }

  /** The files the fixture lines describe, written under {@code dir}. */
  Map<String, Path> writeFixtures(Path dir) {
    Map<String, Path> files = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Object>> entry : fixtureLines.entrySet()) {
      Map<String, Object> f = entry.getValue();
      String file = (String) requireNonNull(f.get("file"), "fixture " + entry.getKey() + " needs a file name");
      Path path;
      if (f.containsKey("png")) path = TestImages.png(dir, file, dim(f, "png", 0), dim(f, "png", 1));
      else if (f.containsKey("jpeg")) path = TestImages.jpeg(dir, file, dim(f, "jpeg", 0), dim(f, "jpeg", 1));
      else if (f.containsKey("webp")) path = TestImages.webp(dir, file, dim(f, "webp", 0), dim(f, "webp", 1));
      else if (f.containsKey("mask")) path = TestImages.mask(dir, file, dim(f, "mask", 0), dim(f, "mask", 1));
      else if (f.containsKey("padded")) {
        Path source = requireNonNull(files.get((String) f.get("padded")), "fixture " + f.get("padded") + " comes first");
        path = TestImages.padded(source, file, ((Number) f.get("bytes")).longValue());
      } else if (f.containsKey("text")) {
        path = TestImages.file(dir, file, ((String) f.get("text")).getBytes(StandardCharsets.UTF_8));
      } else if (f.containsKey("directory")) {
        try {
          path = Files.createDirectory(dir.resolve(file));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (f.containsKey("missing")) {
        path = dir.resolve(file);
      } else {
        throw new IllegalStateException(resource + ": fixture " + entry.getKey() + " says neither what nor how");
      }
      files.put(entry.getKey(), path);
    }
    return files;
  }

  private static int dim(Map<String, Object> fixture, String key, int index) {
    return ((Number) ((List<?>) fixture.get(key)).get(index)).intValue();
  }

  /** The request a case describes, against the written fixtures. */
  EditRequest request(Map<String, Object> r, Map<String, Path> files) {
    EditRequest.Builder b = EditRequest.builder();
    if (r.get("model") != null) b.model((String) r.get("model"));
    if (!r.containsKey("prompt")) {
      b.prompt(prompt);
    } else if (r.get("prompt") instanceof String p) {
      b.prompt(p);
    } else if (r.get("prompt") instanceof Map<?, ?> repeat) {
      b.prompt(((String) repeat.get("repeat")).repeat(((Number) repeat.get("times")).intValue()));
    }
    Object images = r.get("images");
    if (images != null) for (Object image : (List<?>) images) image(b, (String) image, files);
    if (r.get("mask") instanceof String mask) {
      if (mask.startsWith("url:")) b.mask(ImageSource.url(mask.substring(4)));
      else b.mask(file(files, mask));
    }
    if (r.get("n") != null) b.n(integer(r, "n"));
    if (r.get("size") != null) b.size(ImageSize.parse((String) r.get("size")));
    if (r.get("quality") != null) b.quality(Quality.of((String) r.get("quality")));
    if (r.get("background") != null) b.background(Background.of((String) r.get("background")));
    if (r.get("input_fidelity") != null) b.inputFidelity(InputFidelity.of((String) r.get("input_fidelity")));
    if (r.get("output_format") != null) b.outputFormat(OutputFormat.of((String) r.get("output_format")));
    if (r.get("output_compression") != null) b.outputCompression(integer(r, "output_compression"));
    if (r.get("partial_images") != null) b.partialImages(integer(r, "partial_images"));
    if (r.get("response_format") != null) b.responseFormat(ResponseFormat.of((String) r.get("response_format")));
    if (r.get("moderation") != null) b.moderation(Moderation.of((String) r.get("moderation")));
    if (r.get("callback_url") != null) b.callbackUrl((String) r.get("callback_url"));
    if (r.get("user") != null) b.user((String) r.get("user"));
    if (Boolean.TRUE.equals(r.get("strict"))) b.strict();
    return b.build();
  }

  private void image(EditRequest.Builder b, String image, Map<String, Path> files) {
    if (image.startsWith("url:")) {
      b.imageUrl(image.substring(4));
    } else if (image.startsWith("urls:")) {
      int count = Integer.parseInt(image.substring(5));
      for (int i = 0; i < count; i++) b.imageUrl("https://example.com/item" + i + ".png");
    } else if (image.startsWith("bytes:")) {
      String[] parts = image.split(":", 3);
      try {
        b.image(ImageSource.bytes(parts[2], Files.readAllBytes(file(files, parts[1]))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else if (image.startsWith("zeros:")) {
      String[] parts = image.split(":", 3);
      b.image(ImageSource.bytes(parts[1], new byte[Integer.parseInt(parts[2])]));
    } else {
      int star = image.indexOf('*');
      int count = star < 0 ? 1 : Integer.parseInt(image.substring(star + 1));
      Path path = file(files, star < 0 ? image : image.substring(0, star));
      for (int i = 0; i < count; i++) b.image(path);
    }
  }

  private Path file(Map<String, Path> files, String fixture) {
    Path path = files.get(fixture);
    if (path == null) throw new IllegalStateException(resource + ": no fixture named '" + fixture + "'");
    return path;
  }

  private static int integer(Map<String, Object> r, String key) {
    return ((Number) r.get(key)).intValue();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String what) {
    if (!(value instanceof Map)) throw new IllegalStateException(what + " must be a JSON object: " + value);
    return (Map<String, Object>) value;
  }
}
