package io.ha4j;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration was rejected. Carries every problem found, each with its path. */
public class Ha4jConfigException extends Ha4jException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigViolation> violations;

  /** An exception listing the given problems (at least one). */
  public Ha4jConfigException(List<ConfigViolation> violations) {
    super(describe(violations));
    this.violations = List.copyOf(violations);
  }

  /** Every problem found, in the order the configuration declares the fields. */
  public List<ConfigViolation> violations() {
    return violations;
  }

  private static String describe(List<ConfigViolation> violations) {
    return "invalid configuration (" + violations.size() + " problem"
        + (violations.size() == 1 ? "" : "s") + "):\n  "
        + violations.stream().map(ConfigViolation::toString).collect(Collectors.joining("\n  "));
  }
}
