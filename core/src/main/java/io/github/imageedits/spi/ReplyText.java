package io.github.imageedits.spi;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of text for a reply whose body is not the provider's JSON: an HTML error page from a
 * proxy or load balancer in front of the API (nginx's 413 and 502 pages), or plain text. Messages
 * carry the page's {@code <title>}, or a short prefix of the text with its whitespace collapsed,
 * never the raw page with its line breaks.
 */
final class ReplyText {
  /** Text quoted from a body that has no title is cut to this many characters. */
  static final int PREFIX_LIMIT = 200;

  private static final Pattern TITLE =
      Pattern.compile("<title[^>]*>(.*?)</title\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private ReplyText() {}

  /**
   * The reply in one line, for example {@code HTTP 413 Request Entity Too Large from nginx/1.22.1
   * in front of acedata}: the status, the page's title (or the start of its text), and the
   * {@code Server} header, which names what answered when it was not the provider itself.
   */
  static String summary(String provider, WireReply reply) {
    String what = gist(reply);
    // nginx titles its pages "413 Request Entity Too Large": the status is said once.
    String status = Integer.toString(reply.status());
    if (what.startsWith(status + " ")) what = what.substring(status.length() + 1);
    String server = oneLine(reply.header("server"));
    return "HTTP " + status + " " + what
        + (server == null || server.isEmpty() ? " from " + provider : " from " + server + " in front of " + provider);
  }

  /** The page's title, else the start of its text (tags removed), else {@code (empty body)}. */
  static String gist(WireReply reply) {
    String text = reply.text();
    if (text == null || text.isBlank()) return "(empty body)";
    Matcher title = TITLE.matcher(text);
    if (title.find()) {
      String t = oneLine(title.group(1));
      if (!t.isEmpty()) return bounded(t);
    }
    String body = looksLikeHtml(text) ? TAG.matcher(text).replaceAll(" ") : text;
    String line = oneLine(body);
    return line.isEmpty() ? "(empty page)" : bounded(line);
  }

  private static boolean looksLikeHtml(String text) {
    String start = text.stripLeading().toLowerCase(Locale.ROOT);
    return start.startsWith("<");
  }

  /** Whitespace (line breaks, tabs, runs of spaces) collapsed to single spaces; null stays null. */
  static String oneLine(String text) {
    return text == null ? null : SPACE.matcher(text).replaceAll(" ").strip();
  }

  private static String bounded(String text) {
    return text.length() <= PREFIX_LIMIT ? text : text.substring(0, PREFIX_LIMIT) + "…";
  }
}
