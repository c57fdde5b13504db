package io.github.imageedits.emulator;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The emulator's "model": a visible, deterministic edit made with {@code javax.imageio} and
 * {@code java.awt}. It tints the first image (only where the mask is transparent, when there is
 * one), shows the other input images as thumbnails, resizes to the requested size, and writes the
 * prompt in a banner, so a person looking at the result can tell the whole request arrived.
 *
 * <p>The same inputs give the same bytes: no randomness, no clock, no metadata with timestamps.
 * Streams are memory-cached so ImageIO never writes temporary files.
 */
final class ImageEditor {
  static {
    // The edit draws into images only; without this, AWT may try to reach a display (and on macOS
    // show a dock icon) in a CLI or test run. A value set by the application is respected.
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
  }

  private static final int PLACEHOLDER_SIZE = 256;
  private static final int MAX_BANNER_LINES = 3;

  /**
   * What to render.
   *
   * @param prompt the prompt, drawn in the banner and seeding the tint
   * @param label a short tag drawn in the top-left corner, for example the model
   * @param images the decoded input images; the first is edited, the others become thumbnails
   * @param mask the decoded mask with the first image's dimensions, or null
   * @param width the output width, or 0 to keep the first image's
   * @param height the output height, or 0 to keep the first image's
   * @param format png, jpeg or webp
   * @param compression 0..100, the quality for jpeg and webp
   * @param background auto, transparent or opaque
   * @param variant the index among several results of one request; shifts the tint
   */
  record Spec(String prompt, String label, List<BufferedImage> images, BufferedImage mask,
      int width, int height, String format, int compression, String background, int variant) {}

  /** Encoded result bytes and the format they really are in. */
  record Rendered(byte[] bytes, String format) {
    String mediaType() {
      return "image/" + format;
    }

    String extension() {
      return format.equals("jpeg") ? "jpeg" : format;
    }
  }

  private ImageEditor() {}

  /** Decodes PNG, JPEG (and whatever else ImageIO reads here); null when it cannot. */
  static BufferedImage decode(byte[] bytes) {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) return null;
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** True for a WebP file (RIFF....WEBP), which the JDK's ImageIO cannot read. */
  static boolean isWebp(byte[] bytes) {
    return bytes.length >= 12 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F'
        && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P';
  }

  /** True when an ImageIO writer for {@code format} is installed (webp needs a plugin). */
  static boolean canWrite(String format) {
    return ImageIO.getImageWritersByFormatName(format).hasNext();
  }

  /**
   * A deterministic stand-in for an image the emulator may not fetch (a URL off loopback, or a
   * format it cannot decode): a gradient coloured by {@code label}, with the label's tail written on it.
   */
  static BufferedImage placeholder(String label) {
    BufferedImage image = new BufferedImage(PLACEHOLDER_SIZE, PLACEHOLDER_SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = graphics(image);
    float hue = Math.floorMod(label.hashCode(), 360) / 360f;
    g.setPaint(new GradientPaint(0, 0, Color.getHSBColor(hue, 0.35f, 0.95f),
        PLACEHOLDER_SIZE, PLACEHOLDER_SIZE, Color.getHSBColor(hue + 0.3f, 0.55f, 0.75f)));
    g.fillRect(0, 0, PLACEHOLDER_SIZE, PLACEHOLDER_SIZE);
    String tail = label.length() > 40 ? "…" + label.substring(label.length() - 39) : label;
    drawTextSafely(() -> {
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.setColor(new Color(0, 0, 0, 200));
      g.drawString("placeholder", 8, PLACEHOLDER_SIZE / 2 - 8);
      g.drawString(tail, 8, PLACEHOLDER_SIZE / 2 + 8);
    });
    g.dispose();
    return image;
  }

  static Rendered render(Spec spec) {
    BufferedImage first = spec.images().get(0);
    int w0 = first.getWidth();
    int h0 = first.getHeight();
    BufferedImage canvas = new BufferedImage(w0, h0, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = graphics(canvas);
    g.setComposite(AlphaComposite.Src);
    g.drawImage(first, 0, 0, null);
    g.dispose();

    tint(canvas, spec.mask(), tintColor(spec.prompt(), spec.variant()));
    thumbnails(canvas, spec.images().subList(1, spec.images().size()));

    int w = spec.width() > 0 ? spec.width() : w0;
    int h = spec.height() > 0 ? spec.height() : h0;
    if (w != w0 || h != h0) canvas = resize(canvas, w, h);

    Graphics2D text = graphics(canvas);
    drawTextSafely(() -> banner(text, w, h, spec.prompt(), spec.label()));
    text.dispose();

    boolean keepAlpha = !spec.background().equals("opaque")
        && (first.getColorModel().hasAlpha() || spec.background().equals("transparent"));
    return encode(canvas, spec.format(), spec.compression(), keepAlpha);
  }

  /** Blends the tint into every pixel the mask marks editable (alpha 0), or all pixels without a mask. */
  private static void tint(BufferedImage canvas, BufferedImage mask, Color tint) {
    int w = canvas.getWidth();
    int h = canvas.getHeight();
    int[] pixels = canvas.getRGB(0, 0, w, h, null, 0, w);
    int[] maskPixels = mask == null ? null : mask.getRGB(0, 0, w, h, null, 0, w);
    int tr = tint.getRed();
    int tg = tint.getGreen();
    int tb = tint.getBlue();
    for (int i = 0; i < pixels.length; i++) {
      if (maskPixels != null && (maskPixels[i] >>> 24) != 0) continue;
      int p = pixels[i];
      int a = p >>> 24;
      int r = mix((p >> 16) & 0xff, tr);
      int gr = mix((p >> 8) & 0xff, tg);
      int b = mix(p & 0xff, tb);
      pixels[i] = (a << 24) | (r << 16) | (gr << 8) | b;
    }
    canvas.setRGB(0, 0, w, h, pixels, 0, w);
  }

  // 55% of the original, 45% tint: clearly tinted, still recognisable.
  private static int mix(int channel, int tint) {
    return (channel * 55 + tint * 45) / 100;
  }

  private static Color tintColor(String prompt, int variant) {
    float hue = Math.floorMod(prompt.hashCode(), 360) / 360f + variant * 0.17f;
    return Color.getHSBColor(hue, 0.7f, 0.95f);
  }

  /** The second and later input images, small, in the top-right corner. */
  private static void thumbnails(BufferedImage canvas, List<BufferedImage> others) {
    if (others.isEmpty()) return;
    int box = Math.max(8, Math.min(canvas.getWidth(), canvas.getHeight()) / 5);
    Graphics2D g = graphics(canvas);
    int x = canvas.getWidth() - 2;
    for (BufferedImage other : others) {
      double scale = Math.min((double) box / other.getWidth(), (double) box / other.getHeight());
      int tw = Math.max(1, (int) Math.round(other.getWidth() * scale));
      int th = Math.max(1, (int) Math.round(other.getHeight() * scale));
      x -= tw + 2;
      if (x < 0) break;
      g.setColor(Color.WHITE);
      g.fillRect(x - 1, 1, tw + 2, th + 2);
      g.drawImage(other, x, 2, tw, th, null);
    }
    g.dispose();
  }

  private static BufferedImage resize(BufferedImage source, int w, int h) {
    BufferedImage target = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = graphics(target);
    g.setComposite(AlphaComposite.Src);
    g.drawImage(source, 0, 0, w, h, null);
    g.dispose();
    return target;
  }

  private static void banner(Graphics2D g, int w, int h, String prompt, String label) {
    int fontSize = Math.max(9, Math.min(40, Math.min(w, h) / 14));
    int pad = Math.max(2, fontSize / 3);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, fontSize));
    FontMetrics fm = g.getFontMetrics();
    List<String> lines = wrap(prompt, fm, w - 2 * pad);
    int band = lines.size() * fm.getHeight() + 2 * pad;
    g.setColor(new Color(0, 0, 0, 170));
    g.fillRect(0, h - band, w, band);
    g.setColor(Color.WHITE);
    int y = h - band + pad + fm.getAscent();
    for (String line : lines) {
      g.drawString(line, pad, y);
      y += fm.getHeight();
    }

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, fontSize * 2 / 3)));
    FontMetrics small = g.getFontMetrics();
    String tag = "EMULATOR · " + label;
    g.setColor(new Color(0, 0, 0, 150));
    g.fillRect(0, 0, small.stringWidth(tag) + 2 * pad, small.getHeight() + pad);
    g.setColor(Color.WHITE);
    g.drawString(tag, pad, pad / 2 + small.getAscent());
  }

  /** Word-wraps {@code text} to {@code width}; at most three lines, the last cut with an ellipsis. */
  static List<String> wrap(String text, FontMetrics fm, int width) {
    List<String> lines = new ArrayList<>();
    String line = "";
    for (String word : text.replaceAll("\\s+", " ").strip().split(" ")) {
      String candidate = line.isEmpty() ? word : line + " " + word;
      if (fm.stringWidth(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (!line.isEmpty()) lines.add(line);
      while (word.length() > 1 && fm.stringWidth(word) > width) { // a word wider than the image
        int cut = word.length() - 1;
        while (cut > 1 && fm.stringWidth(word.substring(0, cut)) > width) cut--;
        lines.add(word.substring(0, cut));
        word = word.substring(cut);
      }
      line = word;
    }
    if (!line.isEmpty() || lines.isEmpty()) lines.add(line);
    if (lines.size() <= MAX_BANNER_LINES) return lines;
    List<String> kept = new ArrayList<>(lines.subList(0, MAX_BANNER_LINES));
    String last = kept.get(MAX_BANNER_LINES - 1);
    while (!last.isEmpty() && fm.stringWidth(last + "…") > width) last = last.substring(0, last.length() - 1);
    kept.set(MAX_BANNER_LINES - 1, last + "…");
    return kept;
  }

  /**
   * Runs text drawing, and carries on without text when this JVM has no usable font (a minimal
   * container without fontconfig): the tint and the banner still show that the edit happened.
   */
  private static void drawTextSafely(Runnable draw) {
    try {
      draw.run();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (RuntimeException | Error e) {
      // No fonts: the edit stays visible without its caption.
    }
  }

  private static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    return g;
  }

  private static Rendered encode(BufferedImage argb, String format, int compression, boolean keepAlpha) {
    String target = format.equals("webp") && !canWrite("webp") ? "png" : format;
    boolean alpha = keepAlpha && !target.equals("jpeg");
    BufferedImage image = alpha ? argb : flatten(argb);
    ImageWriter writer = ImageIO.getImageWritersByFormatName(target).next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (!target.equals("png") && param.canWriteCompressed()) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        if (param.getCompressionType() == null && param.getCompressionTypes() != null) {
          param.setCompressionType(param.getCompressionTypes()[0]);
        }
        param.setCompressionQuality(Math.max(0, Math.min(100, compression)) / 100f);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding the emulator's result as " + target, e);
    } finally {
      writer.dispose();
    }
    return new Rendered(bytes.toByteArray(), target);
  }

  /** The image composed over white, without alpha: what JPEG (and opaque backgrounds) need. */
  private static BufferedImage flatten(BufferedImage argb) {
    BufferedImage rgb = new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, argb.getWidth(), argb.getHeight());
    g.drawImage(argb, 0, 0, null);
    g.dispose();
    return rgb;
  }
}
