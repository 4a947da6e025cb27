package io.ha4j.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line as people write them: {@code 500ms}, {@code 10s}, {@code 30m},
 * {@code 2h}, {@code 1d}, combinations ({@code 1m30s}), a bare number of seconds, or ISO-8601
 * ({@code PT10S}).
 */
final class Durations implements ITypeConverter<Duration> {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String s = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.startsWith("pt") || s.startsWith("p")) {
      try {
        return Duration.parse(value.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (RuntimeException e) {
        throw bad(value);
      }
    }
    if (s.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    Matcher m = PART.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw bad(value);
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
      end = m.end();
    }
    if (end == 0 || end != s.length()) {
      throw bad(value);
    }
    return total;
  }

  /** {@code 1.234 s}, {@code 850 ms}, {@code 2 min 5 s}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.3f s", ms / 1000.0);
    }
    return d.toMinutes() + " min " + d.toSecondsPart() + " s";
  }

  private static TypeConversionException bad(String value) {
    return new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 10s, 30m, 2h, PT10S)");
  }
}
