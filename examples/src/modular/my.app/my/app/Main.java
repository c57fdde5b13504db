package my.app;

import io.github.imageedits.client.ImageEdits;

/** Compiled as part of {@code my.app}: the client's API is readable from the descriptor alone. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println(ImageEdits.providers());
  }
}
