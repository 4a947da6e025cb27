package io.ha4j;

import java.util.Locale;

/**
 * Placement scores with Pacemaker's arithmetic: integers saturating at ±{@link #INFINITY}, where
 * {@code -INFINITY} always wins ({@code INFINITY + -INFINITY = -INFINITY}).
 *
 * <p>Scores are plain {@code int}s so that the scheduler stays allocation-free; this class holds the
 * operations on them. Thread-safe (stateless).
 */
public final class Score {

  /** The score that means "must" (and, negated, "must not"): 1,000,000. */
  public static final int INFINITY = 1_000_000;

  private Score() {}

  /** Adds two scores: -INFINITY wins over everything, then +INFINITY, otherwise a clamped sum. */
  public static int add(int a, int b) {
    if (a <= -INFINITY || b <= -INFINITY) {
      return -INFINITY;
    }
    if (a >= INFINITY || b >= INFINITY) {
      return INFINITY;
    }
    return clamp((long) a + b);
  }

  /** Clamps a value into [-INFINITY, +INFINITY]. */
  public static int clamp(long value) {
    return (int) Math.max(-INFINITY, Math.min(INFINITY, value));
  }

  /**
   * Parses a score as Pacemaker writes it: {@code INFINITY}, {@code +INFINITY}, {@code -INFINITY}
   * (any case) or an integer, clamped.
   *
   * @throws IllegalArgumentException if the text is none of these
   */
  public static int parse(String text) {
    String t = text.trim();
    switch (t.toUpperCase(Locale.ROOT)) {
      case "INFINITY":
      case "+INFINITY":
        return INFINITY;
      case "-INFINITY":
        return -INFINITY;
      default:
        break;
    }
    try {
      return clamp(Long.parseLong(t.startsWith("+") ? t.substring(1) : t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a score: '" + text + "' (expected an integer or [+-]INFINITY)");
    }
  }

  /** Formats a score the way Pacemaker prints it: {@code INFINITY}, {@code -INFINITY} or the number. */
  public static String format(int score) {
    if (score >= INFINITY) {
      return "INFINITY";
    }
    if (score <= -INFINITY) {
      return "-INFINITY";
    }
    return Integer.toString(score);
  }
}
