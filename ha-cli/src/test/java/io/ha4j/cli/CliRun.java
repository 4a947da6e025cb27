package io.ha4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import picocli.CommandLine;

/** One in-process run of the {@code ha4j} command with captured stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

  static CliRun run(String... args) {
    return run(Ha4jCommand.newCommandLine(), args);
  }

  static CliRun run(CommandLine cmd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exitCode = cmd.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }

  /** A CIB under src/test/resources/cib, as a file path. */
  static String cib(String name) {
    try {
      return Path.of(Objects.requireNonNull(CliRun.class.getResource("/cib/" + name), name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
