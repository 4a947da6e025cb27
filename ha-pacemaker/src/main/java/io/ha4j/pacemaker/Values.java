package io.ha4j.pacemaker;

import io.ha4j.Score;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pacemaker's value syntaxes: booleans ({@code crm_str_to_boolean}), scores ({@code char2score}),
 * and intervals/timeouts ({@code crm_parse_interval_spec}: {@code 10}, {@code 10s}, {@code 500ms},
 * {@code 1min}, {@code 2h}, {@code PT10S}). Every parser returns {@code null} for text it does not
 * accept; the caller reports it with a path.
 */
final class Values {

  private static final Pattern PLAIN = Pattern.compile("\\s*(\\d+)\\s*([A-Za-z]*)\\s*");
  private static final Pattern ISO = Pattern.compile(
      "P(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?)?");

  private Values() {}

  /** {@code true/on/yes/y/1} and {@code false/off/no/n/0}, any case; anything else is {@code null}. */
  static Boolean bool(String text) {
    if (text == null) {
      return null;
    }
    switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes", "y", "1":
        return Boolean.TRUE;
      case "false", "off", "no", "n", "0":
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  /** A score: an integer (clamped to ±INFINITY) or {@code [+-]INFINITY}. */
  static Integer score(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Score.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A plain integer (rc-code, call-id, op-status, Unix seconds). */
  static Long integer(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * An interval or timeout. A bare number means seconds; units are {@code ms}, {@code us}, {@code s},
   * {@code m}/{@code min}, {@code h}/{@code hr} (and their long forms); ISO 8601 durations with
   * weeks, days, hours, minutes and seconds are accepted too.
   */
  static Duration duration(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    if (t.startsWith("P")) {
      return iso(t);
    }
    Matcher m = PLAIN.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return null;
    }
    switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "", "s", "sec", "secs", "second", "seconds":
        return Duration.ofSeconds(n);
      case "ms", "msec", "msecs":
        return Duration.ofMillis(n);
      case "us", "usec", "usecs":
        return Duration.ofNanos(n * 1000);
      case "m", "min", "mins", "minute", "minutes":
        return Duration.ofMinutes(n);
      case "h", "hr", "hrs", "hour", "hours":
        return Duration.ofHours(n);
      default:
        return null;
    }
  }

  private static Duration iso(String t) {
    Matcher m = ISO.matcher(t);
    if (!m.matches() || t.equals("P") || t.endsWith("T")) {
      return null;
    }
    try {
      Duration d = Duration.ZERO;
      d = d.plusDays(7 * number(m.group(1)));
      d = d.plusDays(number(m.group(2)));
      d = d.plusHours(number(m.group(3)));
      d = d.plusMinutes(number(m.group(4)));
      return d.plusSeconds(number(m.group(5)));
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
  }

  private static long number(String group) {
    return group == null ? 0 : Long.parseLong(group);
  }
}
