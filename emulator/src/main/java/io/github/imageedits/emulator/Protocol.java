package io.github.imageedits.emulator;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** One provider's wire protocol: its paths, its error body, its reply shapes. */
abstract class Protocol {
  /** The answer to one request, with what the recorder needs to know about it. */
  record Reply(MockResponse.Builder response, int status, EditForm form, String taskId) {}

  /** Decoded inputs of a validated edit. */
  record Inputs(List<BufferedImage> images, BufferedImage mask) {}

  final EmulatorContext context;

  Protocol(EmulatorContext context) {
    this.context = context;
  }

  /** True for the paths that take edit requests (these are recorded). */
  abstract boolean isEditPath(String path);

  /** Whether {@code request} carries the accepted credential; a bearer token unless the dialect says otherwise. */
  boolean authorized(RecordedRequest request) {
    return context.authorized(request);
  }

  /** Answers any request outside the CDN path. */
  abstract Reply handle(RecordedRequest request);

  /** An error reply in this provider's error body shape. */
  abstract MockResponse.Builder error(int status, String code, String message);

  /** The provider's error code for an HTTP status, used when a fault names none. */
  abstract String codeFor(int status);

  /** Reads the body of an edit request for the recorder only; null when it cannot be read. */
  abstract EditForm tryParse(RecordedRequest request);

  final MockResponse.Builder json(int status, Object body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(Json.write(body));
  }

  final Reply rejected(Rejection r, EditForm form) {
    return new Reply(error(r.status, r.code, r.getMessage()), r.status, form, null);
  }

  /** Decodes the images (and the mask when the model honours it) and checks what needs pixels. */
  final Inputs load(EditPlan plan, EditForm form) throws Rejection {
    List<BufferedImage> images = new ArrayList<>();
    for (EditForm.Input input : form.images) images.add(context.load(input));
    BufferedImage first = images.get(0);
    if (plan.family() == EditPlan.Family.DALL_E_2 && first.getWidth() != first.getHeight()) {
      throw Rejection.badRequest("dall-e-2 edits take one square PNG image, got " + first.getWidth() + "x"
          + first.getHeight());
    }
    BufferedImage mask = null;
    if (form.mask != null && plan.honoursMask()) {
      mask = context.load(form.mask);
      if (mask.getWidth() != first.getWidth() || mask.getHeight() != first.getHeight()) {
        throw Rejection.badRequest("Invalid mask: it must have the same dimensions as the image ("
            + first.getWidth() + "x" + first.getHeight() + "), got " + mask.getWidth() + "x" + mask.getHeight());
      }
    }
    return new Inputs(images, mask);
  }

  /** Makes the plan's {@code n} results. */
  final List<ImageEditor.Rendered> render(EditPlan plan, Inputs inputs, String label) {
    List<ImageEditor.Rendered> results = new ArrayList<>();
    for (int i = 0; i < plan.n(); i++) {
      results.add(ImageEditor.render(new ImageEditor.Spec(plan.prompt(), label, inputs.images(), inputs.mask(),
          plan.width(), plan.height(), plan.format(), plan.compression(), plan.background(), i)));
    }
    return results;
  }
}
