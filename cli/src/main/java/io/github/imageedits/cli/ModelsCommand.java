package io.github.imageedits.cli;

import io.github.imageedits.Option;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.capability.ModelCapability;
import io.github.imageedits.capability.Support;
import io.github.imageedits.client.ImageEdits;
import io.github.imageedits.image.ImageFormat;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code imageedit models}: the capability table of a provider. Sends nothing. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Print the models a provider offers and what each accepts. Sends nothing.")
final class ModelsCommand implements Callable<Integer> {
  private final Map<String, String> env;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Option(names = "--provider",
      description = "acedata, chainhub, azure, gemini, fal or sandbox (default: $IMAGEEDIT_PROVIDER, else sandbox).")
  String provider;

  ModelsCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ProviderChoice choice;
    try {
      choice = ProviderChoice.resolve(provider, env);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("imageedit: " + e.getMessage());
      return ImageEditCommand.USAGE;
    }
    CapabilityTable table = ImageEdits.capabilities(choice.adapterName);
    out.println(choice + (choice == ProviderChoice.SANDBOX
            ? " (the local emulator of " + choice.adapterName + "; nothing leaves this machine)" : "")
        + " — features: " + (table.features().isEmpty() ? "none"
            : table.features().stream().map(f -> f.name().toLowerCase(Locale.ROOT)).sorted()
                .collect(Collectors.joining(", "))));
    // Sizes are printed whole, so their column is as wide as the longest; the options, of
    // unbounded width too, come last.
    int sizesWidth = table.models().values().stream().mapToInt(m -> sizes(m).length()).max().orElse(0);
    String format = "%-22s %-15s %6s %9s %4s %6s %5s  %-" + Math.max(5, sizesWidth) + "s  %s%n";
    out.printf(format, "MODEL", "FORMATS", "IMAGES", "MAX MB", "URL", "PROMPT", "MAX N", "SIZES",
        "IGNORED / !REJECTED OPTIONS");
    for (ModelCapability m : table.models().values()) {
      out.printf(format, m.model(), formats(m), m.maxImages(),
          m.maxImageBytes() / (1024 * 1024) + (m.squarePngOnly() ? " sq" : ""),
          m.urlImages() ? "yes" : "no", m.promptMaxChars(), m.maxN(), sizes(m), treatment(m));
    }
    out.println("Options: a name is ignored by the model (dropped with a warning; refused with --strict);"
        + " !name is rejected by the provider (refused before sending, exit 2);"
        + " ~name is adapted to the provider's own terms (sent translated, with a warning).");
    out.println("MAX MB: per input image (sq: square png only). Any other model id is accepted with"
        + " permissive defaults.");
    return ImageEditCommand.OK;
  }

  private static String formats(ModelCapability m) {
    return m.imageFormats().stream().sorted().map(ImageFormat::extension).collect(Collectors.joining(","));
  }

  private static String sizes(ModelCapability m) {
    if (m.sizeRule() instanceof io.github.imageedits.capability.SizeRule.OneOf oneOf) {
      return oneOf.sizes().stream().sorted().collect(Collectors.joining(","));
    }
    if (m.sizeRule() instanceof io.github.imageedits.capability.SizeRule.Ratios r) {
      return "WxH in " + r.ratios().stream().sorted().collect(Collectors.joining(",")) + ", side<=" + r.maxSide();
    }
    if (m.sizeRule() instanceof io.github.imageedits.capability.SizeRule.Flexible f) {
      return "WxH /" + f.multiple() + ", side<=" + f.maxSide();
    }
    return "any";
  }

  private static String treatment(ModelCapability m) {
    List<String> parts = new java.util.ArrayList<>();
    for (Option option : Option.values()) {
      Support support = m.support(option);
      if (support == Support.IGNORED) parts.add(option.wireName());
      if (support == Support.REJECTED) parts.add("!" + option.wireName());
      if (support == Support.ADAPTED) parts.add("~" + option.wireName());
    }
    return parts.isEmpty() ? "-" : String.join(" ", parts);
  }
}
