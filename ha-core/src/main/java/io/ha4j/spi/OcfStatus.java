package io.ha4j.spi;

/**
 * The result of a resource agent operation, in OCF terms (the exit codes of an OCF resource agent),
 * so that OCF scripts and Java agents report alike.
 */
public enum OcfStatus {
  /** 0: the operation succeeded (for monitor: the resource runs). */
  SUCCESS(0),
  /** 1: the operation failed for a reason the agent could not name. */
  GENERIC_ERROR(1),
  /** 2: the parameters are invalid (a hard error: the resource is banned from the node). */
  INVALID_ARGUMENT(2),
  /** 3: the agent does not implement the operation. */
  UNIMPLEMENTED(3),
  /** 4: the agent lacks privileges (a hard error). */
  INSUFFICIENT_PRIVILEGES(4),
  /** 5: what the resource needs is not installed on this node (a hard error). */
  NOT_INSTALLED(5),
  /** 6: the resource is misconfigured everywhere (a fatal error: banned from every node). */
  NOT_CONFIGURED(6),
  /** 7: the resource is cleanly not running (for monitor and probes). */
  NOT_RUNNING(7);

  private final int exitCode;

  OcfStatus(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The OCF exit code. */
  public int exitCode() {
    return exitCode;
  }

  /** The status for an OCF exit code; unknown codes map to {@link #GENERIC_ERROR}. */
  public static OcfStatus ofExitCode(int code) {
    for (OcfStatus s : values()) {
      if (s.exitCode == code) {
        return s;
      }
    }
    return GENERIC_ERROR;
  }

  /** Whether the failure bans the resource from the node whatever the migration-threshold. */
  public boolean isHardError() {
    return this == INVALID_ARGUMENT || this == INSUFFICIENT_PRIVILEGES || this == NOT_INSTALLED
        || this == NOT_CONFIGURED;
  }
}
