package io.github.imageedits.benchmarks;

/** The values every client sends (kept equal to BenchClient's; the runner does not depend on it). */
final class BenchText {
  static final String MODEL = "gpt-image-1";
  static final String PROMPT = "Paint the roof blue";

  private BenchText() {}
}
