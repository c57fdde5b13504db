package io.github.imageedits.cli;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import okio.Buffer;

/**
 * A batch's journal: {@value #FILE} in the output folder, one JSON object a line, only ever
 * appended to. Each line records one step of one item and ends with its own check value:
 *
 * <pre>
 * {"item":"cat","event":"queued","request":"5d0c…","at":"…","crc":"1a2b3c4d"}
 * {"item":"cat","event":"sent","trace_id":"…","at":"…","crc":"…"}
 * {"item":"cat","event":"task","task_id":"…","at":"…","crc":"…"}        (--async only)
 * {"item":"cat","event":"done","files":["cat.png"],"at":"…","crc":"…"}
 * {"item":"cat","event":"failed","kind":"transport","uncertain":true,"message":"…","at":"…","crc":"…"}
 * </pre>
 *
 * <p>{@code crc} is the CRC-32C, in hex, of the line's UTF-8 bytes before {@code ,"crc":}.
 *
 * <p>Why this is safe to kill at any moment. A line is one {@code write} of whole bytes; a killed
 * process loses only what it had not yet written, so every line before the last is whole, and the
 * last is whole or cut short. A line without its newline or with a wrong check value at the end of
 * the file is that cut: it is ignored on reading and cut off before the next line is appended. The
 * lines that decide whether an item may have been paid for ({@code sent}, {@code task}) and those
 * that end it ({@code done}, {@code failed}) are forced to the device ({@link FileChannel#force})
 * before the program goes on: {@code sent} before the request leaves, {@code task} before anything
 * else happens after the provider answers, and {@code done} only after the result files are in
 * place. So after any crash an item reads as done (its files exist), as having a task (poll it), as
 * sent with no outcome (it may have been processed: uncertain), or as not sent. One process at a
 * time writes a journal: it holds a lock on the file while the batch runs.
 */
final class Journal implements Closeable {
  static final String FILE = "imageedit-batch.jsonl";
  private static final byte[] CRC_KEY = ",\"crc\":\"".getBytes(StandardCharsets.US_ASCII);

  /** Where an item stands, from its lines in order. */
  enum Status { QUEUED, SENT, TASK, DONE, FAILED, UNCERTAIN }

  /** One item's state: the fold of its lines. */
  static final class Entry {
    final String item;
    String request;
    Status status = Status.QUEUED;
    String taskId;
    List<String> files = List.of();
    String kind;
    String message;
    int sends;

    Entry(String item) {
      this.item = item;
    }
  }

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;
  private final Map<String, Entry> entries;
  private final boolean tornTail;
  private long position;

  private Journal(Path path, FileChannel channel, FileLock lock, Map<String, Entry> entries, boolean tornTail,
      long position) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
    this.entries = entries;
    this.tornTail = tornTail;
    this.position = position;
  }

  /**
   * Opens (or creates) the journal in {@code folder}, locks it and reads it; a torn last line is
   * cut off.
   *
   * @throws IllegalStateException when another process holds the journal, or a line other than the
   *     last is damaged (nothing this program writes can cause that)
   */
  static Journal open(Path folder) throws IOException {
    Files.createDirectories(folder);
    Path path = folder.resolve(FILE);
    boolean created = !Files.exists(path);
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IllegalStateException("another imageedit batch is using " + path + "; wait for it to end");
      }
      if (created) syncFolder(folder); // the journal's name itself must survive a crash
      Map<String, Entry> entries = new LinkedHashMap<>();
      long good = read(channel, path, entries);
      boolean torn = good < channel.size();
      if (torn) {
        channel.truncate(good);
        channel.force(true);
      }
      return new Journal(path, channel, lock, entries, torn, good);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  Path path() {
    return path;
  }

  /** Whether a torn last line (from a run killed while writing) was found and cut off. */
  boolean hadTornTail() {
    return tornTail;
  }

  /** Every item the journal knows, in the order first seen. */
  Map<String, Entry> entries() {
    return entries;
  }

  void queued(String item, String request) throws IOException {
    append(item, "queued", w -> w.name("request").value(request), false);
  }

  /** Forced: from here on the item may have been processed. Call before the request leaves. */
  void sent(String item, String traceId) throws IOException {
    append(item, "sent", w -> w.name("trace_id").value(traceId), true);
  }

  /** Forced: the provider's task id, so a crash resumes the task rather than paying again. */
  void task(String item, String taskId) throws IOException {
    append(item, "task", w -> w.name("task_id").value(taskId), true);
  }

  /** Forced; call only once the files are in place. */
  void done(String item, List<String> files) throws IOException {
    append(item, "done", w -> {
      w.name("files").beginArray();
      for (String f : files) w.value(f);
      w.endArray();
    }, true);
  }

  /**
   * Forced.
   *
   * @param uncertain the provider may have processed (and charged) the request
   * @param keepTask false when the provider said the task itself failed: it cannot be resumed
   */
  void failed(String item, String kind, boolean uncertain, boolean keepTask, String message) throws IOException {
    append(item, "failed", w -> {
      w.name("kind").value(kind).name("uncertain").value(uncertain);
      if (!keepTask) w.name("task_ended").value(true);
      w.name("message").value(message);
    }, true);
  }

  /** Forces the queued lines written since the last force. */
  void force() throws IOException {
    channel.force(false);
  }

  private interface Fields {
    void write(JsonWriter w) throws IOException;
  }

  private synchronized void append(String item, String event, Fields fields, boolean force) throws IOException {
    Buffer body = new Buffer();
    try (JsonWriter w = JsonWriter.of(body)) {
      w.beginObject().name("item").value(item).name("event").value(event);
      fields.write(w);
      w.name("at").value(Instant.now().toString());
      w.name("crc").value("");
      w.endObject();
    }
    String json = body.readUtf8();
    String prefix = json.substring(0, json.length() - ",\"crc\":\"\"}".length());
    byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] line = (prefix + ",\"crc\":\"" + crc(head, head.length) + "\"}\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.wrap(line);
    while (buffer.hasRemaining()) position += channel.write(buffer, position);
    if (force) channel.force(false);
    apply(entries, parse(line, line.length - 1));
  }

  /**
   * Reads every whole, checked line into {@code entries}; returns the length of that good prefix. A
   * bad line is forgiven only as the file's last (with nothing after it but a torn tail).
   */
  private static long read(FileChannel channel, Path path, Map<String, Entry> entries) throws IOException {
    InputStream in = Channels.newInputStream(channel.position(0));
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long good = 0;
    long offset = 0;
    int number = 0;
    int bad = 0;
    byte[] chunk = new byte[64 * 1024];
    for (int n; (n = in.read(chunk)) > 0; ) {
      for (int i = 0; i < n; i++) {
        offset++;
        if (chunk[i] != '\n') {
          line.write(chunk[i]);
          continue;
        }
        number++;
        if (bad != 0) throw damaged(path, bad);
        byte[] bytes = line.toByteArray();
        line.reset();
        Map<String, Object> fields = parse(bytes, bytes.length);
        if (fields == null) {
          bad = number;
          continue;
        }
        apply(entries, fields);
        good = offset;
      }
    }
    if (bad != 0 && line.size() > 0) throw damaged(path, bad);
    return good;
  }

  private static IllegalStateException damaged(Path path, int line) {
    return new IllegalStateException(path + " line " + line + " is damaged (not a torn last line);"
        + " the journal was changed by something other than imageedit: move it away to start over");
  }

  /** The line's fields, or null when it is not a whole, checked JSON object. */
  private static Map<String, Object> parse(byte[] line, int length) {
    int at = lastIndexOf(line, length, CRC_KEY);
    if (at < 0 || length < at + CRC_KEY.length + 10) return null;
    String tail = new String(line, at + CRC_KEY.length, length - at - CRC_KEY.length, StandardCharsets.US_ASCII);
    if (!tail.equals(crc(line, at) + "\"}")) return null;
    try {
      Object value = JsonReader.of(new Buffer().write(line, 0, at).writeUtf8("}")).readJsonValue();
      if (!(value instanceof Map<?, ?> map) || !(map.get("item") instanceof String)) return null;
      @SuppressWarnings("unchecked") Map<String, Object> fields = (Map<String, Object>) map;
      return fields;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private static void apply(Map<String, Entry> entries, Map<String, Object> line) {
    String item = (String) line.get("item");
    Entry e = entries.computeIfAbsent(item, Entry::new);
    switch (String.valueOf(line.get("event"))) {
      case "queued" -> e.request = (String) line.get("request");
      case "sent" -> {
        e.status = Status.SENT;
        e.taskId = null;
        e.sends++;
      }
      case "task" -> {
        e.status = Status.TASK;
        e.taskId = (String) line.get("task_id");
      }
      case "done" -> {
        e.status = Status.DONE;
        e.files = List.copyOf((List<String>) line.get("files"));
      }
      case "failed" -> {
        e.status = Boolean.TRUE.equals(line.get("uncertain")) ? Status.UNCERTAIN : Status.FAILED;
        e.kind = (String) line.get("kind");
        e.message = (String) line.get("message");
        if (Boolean.TRUE.equals(line.get("task_ended"))) e.taskId = null;
      }
      default -> { } // a later version's event: ignored
    }
  }

  private static String crc(byte[] bytes, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, length);
    return String.format("%08x", crc.getValue());
  }

  private static int lastIndexOf(byte[] haystack, int length, byte[] needle) {
    outer:
    for (int i = length - needle.length; i >= 0; i--) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  /**
   * Forces a folder's entries (a new or renamed file's name) to the device. Linux allows this by
   * opening the folder; where the platform refuses, there is nothing more to do.
   */
  static void syncFolder(Path folder) {
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a folder as a channel; its rename is durable once the call returns.
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (lock.isValid()) lock.release();
    } finally {
      channel.close();
    }
  }

  @Override
  public String toString() {
    List<String> items = new ArrayList<>(entries.keySet());
    return "Journal[" + path + ", " + items.size() + " items]";
  }
}
