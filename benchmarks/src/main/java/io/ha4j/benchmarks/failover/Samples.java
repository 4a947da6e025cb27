package io.ha4j.benchmarks.failover;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Measured values (ms) of one series, with nearest-rank percentiles. */
final class Samples {
  private final List<Double> values = new ArrayList<>();

  void add(double ms) {
    values.add(ms);
  }

  int n() {
    return values.size();
  }

  List<Double> values() {
    return List.copyOf(values);
  }

  double max() {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /** Nearest-rank percentile, {@code p} in [0, 100]. */
  double pct(double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(values);
    s.sort(null);
    int rank = (int) Math.ceil(p / 100.0 * s.size());
    return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
  }

  /** {@code "n": …, "min_ms": …, "p50_ms": …, "p99_ms": …, "max_ms": …} (no braces). */
  String json() {
    if (values.isEmpty()) {
      return "\"n\": 0";
    }
    return String.format(Locale.ROOT, "\"n\": %d, \"min_ms\": %.1f, \"p50_ms\": %.1f, \"p99_ms\": %.1f, \"max_ms\": %.1f",
        n(), pct(0), pct(50), pct(99), max());
  }

  static String num(double v) {
    return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.1f", v);
  }
}
