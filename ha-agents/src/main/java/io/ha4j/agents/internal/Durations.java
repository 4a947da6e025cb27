package io.ha4j.agents.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Pacemaker writes them: a whole number with an optional unit ({@code ms, s, sec, m,
 * min, h, hr}); no unit means seconds.
 */
public final class Durations {

  private static final Pattern SPEC = Pattern.compile("\\s*(\\d{1,9})\\s*(ms|msec|s|sec|m|min|h|hr)?\\s*");

  private Durations() {}

  /**
   * Parses {@code 20s}, {@code 500ms}, {@code 2min}, {@code 90}.
   *
   * @throws IllegalArgumentException when the text is not such a duration
   */
  public static Duration parse(String text) {
    Matcher m = SPEC.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration (e.g. 20s, 500ms, 2min): '" + ParamReader.show(text) + "'");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms", "msec" -> Duration.ofMillis(n);
      case "m", "min" -> Duration.ofMinutes(n);
      case "h", "hr" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }

  /** {@code 1500ms} or {@code 20s}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }
}
