package io.github.imageedits.chainhub;

import static io.github.imageedits.spi.JsonTree.list;
import static io.github.imageedits.spi.JsonTree.number;
import static io.github.imageedits.spi.JsonTree.object;
import static io.github.imageedits.spi.JsonTree.string;

import io.github.imageedits.EditResult;
import io.github.imageedits.EditedImage;
import io.github.imageedits.ImageData;
import io.github.imageedits.TransportException;
import io.github.imageedits.capability.CapabilityTable;
import io.github.imageedits.spi.JsonTree;
import io.github.imageedits.spi.OpenAiCompatibleAdapter;
import io.github.imageedits.spi.PreparedEdit;
import io.github.imageedits.spi.WireReply;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ChainHub's Images Edits dialect: {@code POST https://api.chainhub.tech/v1/images/edits},
 * multipart only, replies either in the OpenAI images shape or as a chat completion whose message
 * carries the image links.
 *
 * <pre>{@code
 * ImageEditClient client = ImageEdits.builder()
 *     .provider(ChainHub.NAME)
 *     .apiKey(System.getenv("CHAINHUB_API_KEY"))
 *     .build();
 * }</pre>
 *
 * <p>ChainHub differs from the OpenAI protocol in one place: its documented 200 reply is a chat
 * completion ({@code choices[].message.content}) whose text carries the edited image(s) as markdown
 * images, plain links or data URIs. Both reply shapes become the same {@link EditResult}.
 */
public final class ChainHub extends OpenAiCompatibleAdapter {
  /** The name the provider is picked by. */
  public static final String NAME = "chainhub";

  // A data URI, a markdown image target, or a bare http(s) link; stops at whitespace, quotes and brackets.
  private static final Pattern DATA_URI =
      Pattern.compile("data:image/[a-zA-Z0-9.+-]+;base64,([A-Za-z0-9+/=_-]+)");
  private static final Pattern LINK = Pattern.compile("https?://[^\\s)\\]\"'<>]+");

  /** The adapter; {@code ImageEdits} finds it by {@link #NAME} through {@link java.util.ServiceLoader}. */
  public ChainHub() {
    super(NAME, URI.create("https://api.chainhub.tech"), "/v1/images/edits");
  }

  @Override
  public CapabilityTable capabilities() {
    // Built on first use, once per JVM: ServiceLoader makes every adapter on the class path when a
    // client is built, and only the chosen one's table is ever read.
    return ChainHubCapabilities.table();
  }

  @Override
  protected EditResult result(PreparedEdit edit, WireReply reply) {
    Object json = reply.json();
    List<Object> choices = list(json, "choices");
    if (choices.isEmpty()) return super.result(edit, reply);

    List<EditedImage> images = new ArrayList<>();
    for (Object choice : choices) {
      Object content = JsonTree.get(object(choice, "message"), "content");
      if (content instanceof String text) {
        images.addAll(imagesIn(text));
      } else if (content instanceof List<?> parts) {
        // The transport decoded the data URIs while reading: text and images, in order.
        for (Object part : parts) {
          if (part instanceof ImageData data) images.add(new EditedImage(null, data, null));
          else if (part instanceof String text) images.addAll(imagesIn(text));
        }
      }
    }
    if (images.isEmpty()) {
      throw new TransportException("chainhub answered a chat completion without an image link or"
          + " data URI in its message: " + shorten(contentOf(choices)), null);
    }
    Double created = number(json, "created");
    return EditResult.builder(name())
        .model(edit.request().model())
        .images(images)
        .created(created == null ? 0 : created.longValue())
        .taskId(string(json, "id"))
        .requestId(reply.header("x-request-id"))
        .usage(usage(object(json, "usage")))
        .warnings(edit.warnings())
        .build();
  }

  /** Every image in a message: data URIs first-come, then links, each once. */
  static List<EditedImage> imagesIn(String content) {
    List<EditedImage> images = new ArrayList<>();
    Matcher data = DATA_URI.matcher(content);
    while (data.find()) {
      images.add(new EditedImage(null, ImageData.ofBase64(data.group(1)), null));
    }
    String withoutData = DATA_URI.matcher(content).replaceAll(" ");
    Set<String> links = new LinkedHashSet<>();
    Matcher link = LINK.matcher(withoutData);
    while (link.find()) links.add(trimTrailingPunctuation(link.group()));
    for (String url : links) images.add(new EditedImage(url, null, null));
    return images;
  }

  // "see https://x/y.png." ends a sentence; the dot is not part of the link.
  private static String trimTrailingPunctuation(String url) {
    int end = url.length();
    while (end > 0 && ".,;:!?".indexOf(url.charAt(end - 1)) >= 0) end--;
    return url.substring(0, end);
  }

  private static String contentOf(List<Object> choices) {
    Object content = JsonTree.get(object(choices.get(0), "message"), "content");
    if (content instanceof List<?> parts) {
      StringBuilder text = new StringBuilder();
      for (Object part : parts) if (part instanceof String s) text.append(s);
      return text.toString();
    }
    return content instanceof String s ? s : "(no content)";
  }
}
