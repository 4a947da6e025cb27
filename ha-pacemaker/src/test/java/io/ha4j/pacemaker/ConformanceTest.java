package io.ha4j.pacemaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import io.ha4j.scheduler.Scheduler;
import io.ha4j.scheduler.Transition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Pacemaker conformance suite: for every case of the corpus, read {@code cib.xml}, schedule at
 * the CIB's {@code execution-date} (or now), and compare the normalized summary with
 * {@code expected.txt} (both sorted).
 *
 * <p>A failing case fails the build unless it is listed, with a one-line reason, in
 * {@code src/test/resources/conformance-known-failures.txt}; a listed case is reported as skipped,
 * and a listed case that passes is reported so that it can be taken off the list. The pass rate is
 * printed as {@code conformance: N/50 passed (xx.x%)}. Placements are compared with
 * {@code placement.txt} too, as information only.
 */
class ConformanceTest {

  /** Case name → passed, for the summary. */
  private static final Map<String, Boolean> RESULTS = Collections.synchronizedMap(new TreeMap<>());
  private static final Map<String, Boolean> PLACEMENT = Collections.synchronizedMap(new TreeMap<>());

  @TestFactory
  Stream<DynamicTest> corpus() {
    RESULTS.clear();
    PLACEMENT.clear();
    Path root = Corpus.require();
    Map<String, String> known = Corpus.knownFailures();
    List<Path> cases = Corpus.cases(root);
    for (String listed : known.keySet()) {
      if (cases.stream().noneMatch(c -> c.getFileName().toString().equals(listed))) {
        System.out.println("conformance: known-failures lists '" + listed + "', which is not a corpus case");
      }
    }
    return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
        () -> check(dir, known.get(dir.getFileName().toString()))));
  }

  private static void check(Path dir, String knownReason) {
    String name = dir.getFileName().toString();
    List<String> expected = sorted(Corpus.lines(dir.resolve("expected.txt")));
    List<String> actual;
    Transition transition = null;
    String error = null;
    try {
      CibSnapshot snapshot = Cib.read(dir.resolve("cib.xml"));
      Instant now = snapshot.executionTime().orElseGet(Instant::now);
      transition = Scheduler.schedule(snapshot.config(), snapshot.state(), now);
      actual = sorted(transition.normalizedChanges());
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      error = trace.toString();
      actual = List.of("<" + e + ">");
    }
    boolean passed = error == null && actual.equals(expected);
    RESULTS.put(name, passed);
    if (transition != null && Files.isRegularFile(dir.resolve("placement.txt"))) {
      PLACEMENT.put(name, placementMatches(dir.resolve("placement.txt"), transition));
    }
    if (knownReason != null) {
      if (passed) {
        System.out.println("conformance: " + name + " passes but is listed as a known failure ("
            + knownReason + "): take it off conformance-known-failures.txt");
        return;
      }
      abort("known failure: " + knownReason);
    }
    if (error != null) {
      throw new AssertionError(name + ": reading or scheduling failed:\n" + error);
    }
    assertThat(actual).as("%s: normalized actions (expected.txt)", name).isEqualTo(expected);
  }

  /** Whether every primitive ends where placement.txt says (Started/FAILED on a node, else nowhere). */
  private static boolean placementMatches(Path file, Transition transition) {
    for (String line : Corpus.lines(file)) {
      String[] f = line.split("\\s+");
      if (f.length < 3) {
        return false;
      }
      String role = f[1].toLowerCase(Locale.ROOT);
      String node = role.equals("stopped") || f[2].equals("-") ? null : f[2];
      if (!Objects.equals(node, transition.placement().get(f[0]))) {
        return false;
      }
    }
    return true;
  }

  private static List<String> sorted(List<String> lines) {
    List<String> out = new ArrayList<>(lines);
    Collections.sort(out);
    return out;
  }

  @AfterAll
  static void summary() {
    if (RESULTS.isEmpty()) {
      return;
    }
    Map<String, Boolean> results = new HashMap<>(RESULTS);
    long passed = results.values().stream().filter(b -> b).count();
    System.out.printf(Locale.ROOT, "conformance: %d/%d passed (%.1f%%)%n", passed, results.size(),
        100.0 * passed / results.size());
    if (!PLACEMENT.isEmpty()) {
      long placed = PLACEMENT.values().stream().filter(b -> b).count();
      System.out.printf(Locale.ROOT, "conformance (information): placement.txt matches in %d/%d cases%n",
          placed, PLACEMENT.size());
    }
  }
}
