package io.ha4j.pacemaker;

import java.util.Map;

/** Test access to {@link CibWriter}'s package-private digest function. */
public final class CibWriterDigests {
  private CibWriterDigests() {}

  /** See {@code CibWriter.operationDigest}. */
  public static String of(Map<String, String> parameters, long intervalMs, long timeoutMs) {
    return CibWriter.operationDigest(parameters, intervalMs, timeoutMs);
  }
}
