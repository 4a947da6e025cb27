package io.ha4j.cli;

import io.ha4j.pacemaker.Cib;
import io.ha4j.pacemaker.CibSnapshot;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a CIB file for a command, turning file-system problems into one clear line. */
final class CibFiles {

  private CibFiles() {}

  /**
   * Reads {@code file} with {@link Cib#read(Path)}.
   *
   * @throws CliException ({@link ExitCodes#INVALID_INPUT}) when the file is missing, a directory or
   *     unreadable; {@link io.ha4j.pacemaker.CibException} passes through for the caller to report
   */
  static CibSnapshot read(Path file) {
    requireReadable(file);
    try {
      return Cib.read(file);
    } catch (UncheckedIOException e) {
      throw cannotRead(file, String.valueOf(e.getCause().getMessage()));
    }
  }

  /**
   * Returns {@code file} when it is a readable regular file.
   *
   * @throws CliException ({@link ExitCodes#INVALID_INPUT}) naming why not
   */
  static Path requireReadable(Path file) {
    if (!Files.exists(file)) {
      throw cannotRead(file, "no such file");
    }
    if (Files.isDirectory(file)) {
      throw cannotRead(file, "is a directory");
    }
    if (!Files.isReadable(file)) {
      throw cannotRead(file, "permission denied");
    }
    return file;
  }

  private static CliException cannotRead(Path file, String why) {
    return new CliException(ExitCodes.INVALID_INPUT, "cannot read " + file + ": " + why);
  }
}
