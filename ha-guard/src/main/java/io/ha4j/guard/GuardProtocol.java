package io.ha4j.guard;

import java.util.List;

/**
 * Parses the guard's line protocol. A line is at most {@value #MAX_LINE} characters of printable
 * ASCII, words separated by single spaces, with no leading or trailing space:
 *
 * <pre>
 * LEASE &lt;millis&gt;                        1..3600000
 * HOLD ADDR &lt;dev&gt; &lt;cidr&gt; [netns]        RELEASE ADDR ... the same
 * HOLD PID &lt;pid&gt; &lt;starttime&gt;            RELEASE PID ...
 * HOLD UNIT &lt;name&gt;                      RELEASE UNIT ...
 * JVM &lt;pid&gt; [starttime]
 * MODE kill-jvm|release-only
 * BYE
 * </pre>
 *
 * Anything else is rejected with a reason; nothing in a rejected line has any effect.
 */
final class GuardProtocol {
  /** The longest line accepted. */
  static final int MAX_LINE = 512;

  private GuardProtocol() {}

  /**
   * Parses one line (without its line terminator).
   *
   * @throws IllegalArgumentException with a reason that is safe to log and to send back
   */
  static GuardCommand parse(String line) {
    if (line == null || line.isEmpty()) {
      throw new IllegalArgumentException("empty line");
    }
    if (line.length() > MAX_LINE) {
      throw new IllegalArgumentException("line longer than " + MAX_LINE + " characters");
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("character " + (int) c + " at " + i + " is not printable ASCII");
      }
    }
    List<String> w = List.of(line.split(" ", -1));
    if (w.contains("")) {
      throw new IllegalArgumentException("words must be separated by single spaces");
    }
    String verb = w.get(0);
    switch (verb) {
      case "LEASE":
        arity(w, 1, 1, 1);
        return new GuardCommand.Lease(Fields.leaseMillis(w.get(1)));
      case "HOLD":
        return new GuardCommand.Hold(resource(w));
      case "RELEASE":
        return new GuardCommand.Release(resource(w));
      case "JVM":
        arity(w, 1, 1, 2);
        return new GuardCommand.Jvm(Fields.pid(w.get(1)), w.size() == 3 ? Fields.startTime(w.get(2)) : -1);
      case "MODE":
        arity(w, 1, 1, 1);
        return new GuardCommand.Mode(GuardMode.fromProtocolName(w.get(1)).orElseThrow(
            () -> new IllegalArgumentException("mode must be kill-jvm or release-only: " + Fields.printable(w.get(1)))));
      case "BYE":
        arity(w, 1, 0, 0);
        return new GuardCommand.Bye();
      default:
        throw new IllegalArgumentException("unknown command " + Fields.printable(verb));
    }
  }

  private static HeldResource resource(List<String> w) {
    if (w.size() < 2) {
      throw new IllegalArgumentException(w.get(0) + " needs ADDR, PID or UNIT");
    }
    switch (w.get(1)) {
      case "ADDR":
        arity(w, 2, 2, 3);
        return new HeldResource.Address(w.get(2), w.get(3), w.size() == 5 ? w.get(4) : null);
      case "PID":
        arity(w, 2, 2, 2);
        return new HeldResource.ProcessInstance(Fields.pid(w.get(2)), Fields.startTime(w.get(3)));
      case "UNIT":
        arity(w, 2, 1, 1);
        return new HeldResource.Unit(w.get(2));
      default:
        throw new IllegalArgumentException(w.get(0) + " needs ADDR, PID or UNIT, not " + Fields.printable(w.get(1)));
    }
  }

  /** Checks that the command (its first {@code words} words) has {@code min..max} arguments. */
  private static void arity(List<String> w, int words, int min, int max) {
    int args = w.size() - words;
    if (args < min || args > max) {
      throw new IllegalArgumentException(String.join(" ", w.subList(0, words)) + " takes "
          + (min == max ? Integer.toString(min) : min + " or " + max) + " argument(s), got " + args);
    }
  }
}
