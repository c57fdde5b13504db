package io.github.imageedits.benchmarks;

import java.nio.file.Path;
import java.util.List;

/**
 * One benchmarked client doing the benchmark's three kinds of edit the way a user of that client
 * would write them. Every implementation talks to the same stub at the same path
 * ({@code /openai/images/edits}) with the same fields (model, prompt, image parts).
 */
public interface BenchClient extends AutoCloseable {
  /** The model every edit names. */
  String MODEL = "gpt-image-1";
  /** The prompt every edit sends. */
  String PROMPT = "Paint the roof blue";
  /** The key every edit sends (the stub checks it is there). */
  String API_KEY = "bench-key";

  /** Edits one small image and returns the decoded result image's size in bytes, read in memory. */
  long editSmall(Path image) throws Exception;

  /** Edits with all {@code images} in one request; returns the number of result images. */
  int editMany(List<Path> images) throws Exception;

  /** Edits {@code image} and writes the decoded b64_json result to a new file in {@code folder}. */
  Path editToFile(Path image, Path folder) throws Exception;

  /**
   * Starts {@code count} edits of {@code image} at once through the client's asynchronous API, with
   * its default settings, and waits for all of them; returns {done, failed}.
   */
  int[] editAsyncAll(Path image, int count) throws Exception;

  @Override
  void close() throws Exception;

  /** Builds a client aimed at the stub whose root is {@code stubRoot} (no trailing slash). */
  interface Factory {
    BenchClient create(String stubRoot) throws Exception;
  }
}
