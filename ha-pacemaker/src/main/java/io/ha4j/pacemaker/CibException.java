package io.ha4j.pacemaker;

import io.ha4j.ConfigViolation;
import io.ha4j.Ha4jConfigException;
import java.util.List;

/** A CIB could not be read into the model; every problem is listed with its XML path. */
public final class CibException extends Ha4jConfigException {
  private static final long serialVersionUID = 1L;

  /** An exception listing the given problems. */
  public CibException(List<ConfigViolation> violations) {
    super(violations);
  }
}
