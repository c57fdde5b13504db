package io.github.imageedits.testkit;

// THROWAWAY: lets the kit run before RequestValidator lands. Delete before the final commit.

import io.github.imageedits.EditRequest;
import io.github.imageedits.EditResult;
import io.github.imageedits.ImageEditClient;
import io.github.imageedits.ImageSource;
import io.github.imageedits.Option;
import io.github.imageedits.UnsupportedFeatureException;
import io.github.imageedits.ValidationException;
import io.github.imageedits.ValidationReport;
import io.github.imageedits.Violation;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.ProviderFeature;
import io.github.imageedits.capability.Support;
import io.github.imageedits.image.ImageFormat;
import io.github.imageedits.image.ImageInfo;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.ProviderAdapter;
import io.github.imageedits.spi.ProviderContext;
import io.github.imageedits.spi.Transport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;

final class ThrowawayClient implements ImageEditClient {
  private final ProviderAdapter adapter;
  private final Transport transport;
  private final ProviderContext context;

  ThrowawayClient(ProviderAdapter adapter, Transport transport, ProviderContext context) {
    this.adapter = adapter;
    this.transport = transport;
    this.context = context;
  }

  @Override public String provider() { return adapter.name(); }
  @Override public CapabilityTable capabilities() { return adapter.capabilities(); }

  @Override
  public ValidationReport check(EditRequest r) {
    return new ValidationReport(errors(r), List.of());
  }

  private List<Violation> errors(EditRequest r) {
    String p = provider();
    ModelCapability m = r.model() == null ? null : capabilities().model(r.model());
    List<Violation> v = new ArrayList<>();
    if (r.prompt() == null || r.prompt().isBlank()) v.add(Violation.of("prompt", r.prompt(), "not blank", r.model(), p));
    else if (m != null && r.prompt().length() > m.promptMaxChars()) v.add(Violation.of("prompt", r.prompt(), "short", r.model(), p));
    if (r.images().isEmpty()) v.add(Violation.of("image", null, "one", r.model(), p));
    if (m != null && r.images().size() > m.maxImages()) v.add(Violation.of("image", r.images().size(), "max", r.model(), p));
    for (int i = 0; i < r.images().size(); i++) {
      ImageSource s = r.images().get(i);
      if (s instanceof ImageSource.UrlImage) {
        if (m != null && !m.urlImages()) v.add(Violation.of("image[" + i + "]", s.describe(), "no urls", r.model(), p));
      } else if (info(s) == null) v.add(Violation.of("image[" + i + "]", s.describe(), "an image", r.model(), p));
    }
    if (m != null && r.mask() != null && m.support(Option.MASK) == Support.REJECTED) v.add(Violation.of("mask", "x", "no", r.model(), p));
    return v;
  }

  static ImageInfo info(ImageSource s) {
    try (InputStream in = s instanceof ImageSource.FileImage f ? Files.newInputStream(f.path())
        : new ByteArrayInputStream(((ImageSource.BytesImage) s).bytes())) {
      byte[] all = in.readAllBytes();
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(all));
      if (img == null) return null;
      ImageFormat fmt = ImageFormat.sniff(all, all.length).orElseThrow();
      return new ImageInfo(fmt, img.getWidth(), img.getHeight(), img.getColorModel().hasAlpha(), all.length);
    } catch (Exception e) {
      return null;
    }
  }

  @Override
  public EditResult edit(EditRequest r) {
    if (r.callbackUrl() != null && !capabilities().supports(ProviderFeature.ASYNC_CALLBACK)) {
      throw new UnsupportedFeatureException(provider(), "callback_url");
    }
    if (r.images().stream().anyMatch(i -> i instanceof ImageSource.UrlImage)
        && !capabilities().supports(ProviderFeature.URL_IMAGES)) {
      throw new UnsupportedFeatureException(provider(), "image URLs");
    }
    List<Violation> errors = errors(r);
    if (!errors.isEmpty()) throw new ValidationException(errors);
    ModelCapability m = capabilities().model(r.model());
    List<Violation> warnings = new ArrayList<>();
    if (r.mask() != null && m.support(Option.MASK) == Support.IGNORED) {
      warnings.add(Violation.of("mask", "x", "ignored", r.model(), provider()));
      r = r.toBuilder().clear(Option.MASK).build();
    }
    List<ImageInfo> infos = r.images().stream().map(i -> i instanceof ImageSource.UrlImage ? null : info(i)).toList();
    PreparedEdit edit = new PreparedEdit(r, m, infos, r.mask() == null ? null : info(r.mask()), warnings);
    return adapter.readReply(edit, transport.newCall(adapter.toWire(edit, context)).execute());
  }

  @Override
  public CompletableFuture<EditResult> editAsync(EditRequest r) {
    return CompletableFuture.supplyAsync(() -> edit(r));
  }

  @Override public void close() { transport.close(); }
}
