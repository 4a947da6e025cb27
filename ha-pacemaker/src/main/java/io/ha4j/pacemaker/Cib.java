package io.ha4j.pacemaker;

import java.nio.file.Path;

/** Reads Pacemaker CIB XML files. (Placeholder signature; the reader is being written.) */
public final class Cib {

  private Cib() {}

  /**
   * Reads a CIB file.
   *
   * @throws CibException with the path of the bad element when the file cannot be read into the model
   */
  public static CibSnapshot read(Path file) {
    throw new UnsupportedOperationException("not yet");
  }
}
