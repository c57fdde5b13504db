package io.github.imageedits.cli;

import com.squareup.moshi.JsonReader;
import io.github.imageedits.EditRequest;
import io.github.imageedits.ImageSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okio.Buffer;

/**
 * The items of a batch, read from a folder of images or a JSON-lines manifest, each with a request
 * built from the command's options and (for a manifest) its line's. Problems are collected, not
 * thrown, so every bad line is reported at once.
 */
final class BatchItems {
  /** One edit of the batch. {@code where} names its source for messages ("line 3", "cat.png"). */
  record Item(String name, String where, EditRequest request, String fingerprint) {}

  /** A problem with one item's source. */
  record Problem(String where, String message) {}

  /** Names become file names and journal keys: letters, digits, dot, dash, underscore. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,79}");
  private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp");
  /** A manifest line's own keys; the others are {@link EditOptions#NAMES}. */
  private static final Set<String> LINE_KEYS = Set.of("image", "prompt", "mask", "name");

  final List<Item> items = new ArrayList<>();
  final List<Problem> problems = new ArrayList<>();

  private BatchItems() {}

  /** Every png, jpeg and webp file directly in {@code folder} (sorted by name), with one prompt. */
  static BatchItems folder(Path folder, String prompt, EditOptions options, ProviderChoice choice)
      throws IOException {
    BatchItems batch = new BatchItems();
    List<Path> images;
    try (Stream<Path> files = Files.list(folder)) {
      images = files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .filter(f -> IMAGE_EXTENSIONS.contains(extension(f.getFileName().toString())))
          .sorted().toList();
    }
    Map<String, Integer> stems = new HashMap<>();
    for (Path image : images) stems.merge(stem(image.getFileName().toString()), 1, Integer::sum);
    for (Path image : images) {
      String file = image.getFileName().toString();
      // cat.png is "cat"; with cat.jpg beside it, each keeps its whole file name.
      String name = clean(stems.get(stem(file)) == 1 ? stem(file) : file);
      EditRequest.Builder b = EditRequest.builder().prompt(prompt);
      options.apply(b, choice);
      b.image(ImageSource.file(image.toAbsolutePath().normalize()));
      batch.add(name, file, b);
    }
    return batch;
  }

  /**
   * One edit per line of {@code manifest}; blank lines are skipped. Paths are relative to the
   * manifest's folder. The command's options are defaults a line's own keys override.
   */
  static BatchItems manifest(Path manifest, EditOptions options, ProviderChoice choice) throws IOException {
    BatchItems batch = new BatchItems();
    Path base = manifest.toAbsolutePath().normalize().getParent();
    Map<String, String> explicit = new HashMap<>();
    List<Object[]> defaulted = new ArrayList<>(); // name, where, builder: named once all lines are read
    try (BufferedReader reader = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
      String text;
      int number = 0;
      while ((text = reader.readLine()) != null) {
        number++;
        if (text.isBlank()) continue;
        String where = "line " + number;
        Map<String, Object> line;
        try {
          line = object(text);
        } catch (IllegalArgumentException e) {
          batch.problems.add(new Problem(where, e.getMessage()));
          continue;
        }
        List<String> errors = new ArrayList<>();
        EditRequest.Builder b = request(line, base, options, choice, errors);
        Object name = line.get("name");
        if (name != null && !(name instanceof String s && NAME.matcher(s).matches())) {
          errors.add("name must be 1 to 80 letters, digits, '.', '-' or '_' (not starting with '.' or '-')");
        } else if (name != null && explicit.containsKey(name)) {
          errors.add("name '" + name + "' is also used on " + explicit.get(name));
        }
        if (!errors.isEmpty()) {
          errors.forEach(e -> batch.problems.add(new Problem(where, e)));
          continue;
        }
        if (name != null) {
          explicit.put((String) name, where);
          batch.add((String) name, where, b);
        } else {
          defaulted.add(new Object[] {defaultName(line), where, b});
        }
      }
    }
    // An unnamed line is named after its first image; two such lines (or one clashing with a given
    // name) add their line number.
    Map<String, Integer> uses = new HashMap<>();
    for (Object[] d : defaulted) uses.merge((String) d[0], 1, Integer::sum);
    for (Object[] d : defaulted) {
      String name = (String) d[0];
      String where = (String) d[1];
      if (uses.get(name) > 1 || explicit.containsKey(name)) name = name + "-" + where.substring(5);
      batch.add(name, where, (EditRequest.Builder) d[2]);
    }
    batch.items.sort((x, y) -> Integer.compare(lineOf(x.where()), lineOf(y.where())));
    return batch;
  }

  private static int lineOf(String where) {
    return Integer.parseInt(where.substring(5));
  }

  private void add(String name, String where, EditRequest.Builder b) {
    EditRequest request;
    try {
      request = b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      problems.add(new Problem(where, e.getMessage()));
      return;
    }
    items.add(new Item(name, where, request, fingerprint(request)));
  }

  /** The request a line asks for; its errors go to {@code errors}. */
  private static EditRequest.Builder request(Map<String, Object> line, Path base, EditOptions options,
      ProviderChoice choice, List<String> errors) {
    EditRequest.Builder b = EditRequest.builder();
    options.apply(b, choice);
    Set<String> unknown = new TreeSet<>(line.keySet());
    unknown.removeAll(LINE_KEYS);
    unknown.removeAll(EditOptions.NAMES);
    if (!unknown.isEmpty()) {
      errors.add("unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + "; known: "
          + String.join(", ", new TreeSet<>(union(LINE_KEYS, EditOptions.NAMES))));
    }
    Object prompt = line.get("prompt");
    if (!(prompt instanceof String p)) errors.add("prompt must be a string");
    else b.prompt(p);
    Object image = line.get("image");
    List<?> images = image instanceof List<?> list ? list : image == null ? List.of() : List.of(image);
    if (images.isEmpty() || !images.stream().allMatch(i -> i instanceof String s && !s.isBlank())) {
      errors.add("image must be a path or URL, or an array of them");
    } else {
      for (Object i : images) b.image(source((String) i, base));
    }
    Object mask = line.get("mask");
    if (mask != null) {
      if (mask instanceof String m && !m.isBlank()) b.mask(source(m, base));
      else errors.add("mask must be a path");
    }
    for (String name : EditOptions.NAMES) {
      Object value = line.get(name);
      if (value == null) continue;
      if (!(value instanceof String || value instanceof Number)) {
        errors.add(name + " must be a string or a number");
        continue;
      }
      String text = value instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : value.toString();
      try {
        EditOptions.set(b, name, text);
      } catch (IllegalArgumentException e) {
        errors.add(name + ": " + e.getMessage());
      }
    }
    return b;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static ImageSource source(String text, Path base) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) return ImageSource.url(text);
    return ImageSource.file(base.resolve(text).normalize());
  }

  /** One JSON object, and nothing after it. */
  private static Map<String, Object> object(String text) {
    try {
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(text));
      Object value = reader.readJsonValue();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) throw new IllegalArgumentException("text after the JSON object");
      if (!(value instanceof Map<?, ?>)) throw new IllegalArgumentException("not a JSON object");
      @SuppressWarnings("unchecked") Map<String, Object> map = (Map<String, Object>) value;
      return map;
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException i && i.getCause() == null) throw i;
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage());
    }
  }

  private static String defaultName(Map<String, Object> line) {
    Object image = line.get("image");
    Object first = image instanceof List<?> list ? list.get(0) : image;
    String text = String.valueOf(first);
    String file = text.substring(text.lastIndexOf('/') + 1);
    int query = file.indexOf('?');
    return clean(stem(query >= 0 ? file.substring(0, query) : file));
  }

  private static String stem(String file) {
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  private static String extension(String file) {
    int dot = file.lastIndexOf('.');
    return dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** A name made of the allowed characters: others become '_'. */
  static String clean(String text) {
    String cleaned = text.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.-]+", "");
    if (cleaned.length() > 80) cleaned = cleaned.substring(0, 80);
    return cleaned.isEmpty() ? "image" : cleaned;
  }

  /** What the journal keeps to tell a changed item: a hash of the whole request as built. */
  private static String fingerprint(EditRequest request) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(request.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
