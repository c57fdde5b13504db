package io.github.imageedits.emulator;

/**
 * A request the emulated provider refuses: the HTTP status, the provider's error code and the
 * message. Each dialect writes it in its own error body shape.
 */
final class Rejection extends Exception {
  final int status;
  final String code;

  Rejection(int status, String code, String message) {
    super(message, null, false, false); // control flow, not a failure: no stack trace needed
    this.status = status;
    this.code = code;
  }

  static Rejection badRequest(String message) {
    return new Rejection(400, "bad_request", message);
  }
}
