package io.ha4j.pacemaker;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the "Transition Summary:" block of {@code crm_simulate -S} output into the corpus' normalized
 * action lines (pacemaker-cts/README.md): {@code start R N}, {@code stop R N}, {@code move R FROM TO},
 * {@code recover R N}, {@code recover R FROM TO}, {@code restart R N}, {@code fence N}; sorted, without
 * duplicates, blocked lines and Leave lines dropped.
 *
 * <p>A summary line this class does not know (Promote, Migrate, …: out of ha4j's scope) is an error,
 * so that a generator drifting out of scope is noticed instead of silently compared. Used by the
 * differential test and the benchmarks to compare ha4j with Pacemaker. Stateless.
 */
public final class CrmSimulateSummary {

  private static final String HEADER = "Transition Summary:";

  /** {@code * Verb rsc ( where ) suffix}. */
  private static final Pattern RESOURCE_LINE =
      Pattern.compile("^\\*\\s+(\\w+)\\s+(\\S+)\\s+\\(\\s*(.*?)\\s*\\)(.*)$");

  /** {@code * Fence (reboot) node 'reason'}. */
  private static final Pattern FENCE_LINE =
      Pattern.compile("^\\*\\s+Fence\\s+\\((\\w+)\\)\\s+(\\S+)(?:\\s+'.*')?\\s*$");

  private CrmSimulateSummary() {}

  /**
   * The normalized lines of the summary in {@code output}.
   *
   * @throws IllegalArgumentException if the output has no summary block or a line of it is not understood
   */
  public static List<String> normalize(String output) {
    List<String> block = summaryBlock(output);
    TreeSet<String> lines = new TreeSet<>();
    for (String raw : block) {
      String line = raw.trim();
      Matcher fence = FENCE_LINE.matcher(line);
      if (fence.matches()) {
        lines.add("fence " + fence.group(2));
        continue;
      }
      Matcher m = RESOURCE_LINE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("unknown Transition Summary line: '" + raw + "'");
      }
      String verb = m.group(1);
      String rsc = m.group(2);
      String where = m.group(3);
      String suffix = m.group(4).trim();
      if (suffix.endsWith("blocked") || suffix.endsWith("(blocked)")) {
        continue;
      }
      String[] arrow = where.split("\\s*->\\s*");
      switch (verb) {
        case "Leave":
          break;
        case "Start":
        case "Stop":
        case "Restart":
          lines.add(verb.toLowerCase(java.util.Locale.ROOT) + " " + rsc + " " + single(where, raw));
          break;
        case "Move":
          if (arrow.length != 2) {
            throw new IllegalArgumentException("Move without 'from -> to': '" + raw + "'");
          }
          lines.add("move " + rsc + " " + arrow[0] + " " + arrow[1]);
          break;
        case "Recover":
          if (arrow.length == 2 && !arrow[0].equals(arrow[1])) {
            lines.add("recover " + rsc + " " + arrow[0] + " " + arrow[1]);
          } else {
            lines.add("recover " + rsc + " " + single(arrow[0], raw));
          }
          break;
        default:
          throw new IllegalArgumentException("out-of-scope Transition Summary action '" + verb + "': '" + raw + "'");
      }
    }
    return new ArrayList<>(lines);
  }

  private static String single(String where, String raw) {
    if (where.isEmpty() || where.contains(" ")) {
      throw new IllegalArgumentException("expected exactly one node in '" + raw + "'");
    }
    return where;
  }

  /** The lines between "Transition Summary:" and the next blank or unindented line. */
  private static List<String> summaryBlock(String output) {
    String[] all = output.split("\\R");
    int i = 0;
    while (i < all.length && !all[i].trim().equals(HEADER)) {
      i++;
    }
    if (i == all.length) {
      throw new IllegalArgumentException("no '" + HEADER + "' in crm_simulate output:\n" + output);
    }
    List<String> block = new ArrayList<>();
    for (i++; i < all.length; i++) {
      String line = all[i];
      if (line.isBlank() || !Character.isWhitespace(line.charAt(0))) {
        break;
      }
      block.add(line);
    }
    return block;
  }
}
