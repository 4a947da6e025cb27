package io.ha4j.cli;

import io.ha4j.ClusterConfig;
import io.ha4j.ClusterState;
import io.ha4j.ConfigViolation;
import io.ha4j.Ha4jAdmin;
import io.ha4j.Ha4jConfigException;
import io.ha4j.pacemaker.CibWriter;
import io.ha4j.spi.Coordinator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ha4j config import|export|validate}: the whole configuration as a file, a Pacemaker CIB (XML)
 * or ha4j's own JSON (the stored form, lossless).
 */
@Command(name = "config", description = "Imports, exports and validates the whole configuration (CIB XML or ha4j JSON).",
    subcommands = {ConfigCommand.Import.class, ConfigCommand.Export.class, ConfigCommand.Validate.class})
final class ConfigCommand extends ParentCommand {

  ConfigCommand() {}

  /** Reads a configuration file: a CIB ({@code <cib ...>}) or ha4j JSON ({@code {"format": 1, ...}}), validated. */
  static ClusterConfig read(Path file) {
    String text;
    try {
      text = Files.readString(CibFiles.requireReadable(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(ExitCodes.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage());
    }
    ClusterConfig config;
    if (text.stripLeading().startsWith("{")) {
      try {
        config = Ha4jAdmin.fromJson(text);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCodes.INVALID_INPUT, file + ": " + e.getMessage());
      }
    } else {
      config = SimulateCommand.readValid(file).config();
    }
    List<ConfigViolation> violations = config.validate();
    if (!violations.isEmpty()) {
      throw new CliException(ExitCodes.INVALID_INPUT, file + " is not valid (" + ValidateCommand.problems(violations.size())
          + ")", violations.stream().map(ConfigViolation::toString).toList());
    }
    return config;
  }

  /** {@code config import FILE}. */
  @Command(name = "import", description = {"Replaces the cluster's whole configuration with FILE: a Pacemaker CIB"
      + " (its configuration section; the status section is ignored) or ha4j JSON from 'config export'.",
      "The nodes pick it up at once: resources may move, stop or start."})
  static final class Import extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The CIB XML or ha4j JSON file.")
    Path file;

    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      ClusterConfig config = read(file);
      ClusterConfig stored = admin.replaceConfig(config);
      out().println("imported " + file + ": " + config.nodes().size() + " nodes, " + config.primitives().size()
          + " resources, " + config.constraints().size() + " constraints (configuration version " + stored.version() + ")");
      return ExitCodes.OK;
    }
  }

  /** {@code config export}. */
  @Command(name = "export", description = {"Prints the stored configuration: ha4j JSON (lossless, the default) or a"
      + " Pacemaker CIB (--format cib: without ha4j-only settings such as watchdog fencing)."})
  static final class Export extends ClusterCommand {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json", description = "json or cib (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) throws IOException {
      if (!format.equals("json") && !format.equals("cib")) {
        throw new CliException(ExitCodes.USAGE, "--format must be json or cib, was '" + format + "'");
      }
      ClusterConfig c = admin.storedConfig().orElseThrow(() -> new IllegalStateException("no configuration in the store yet"));
      String text = format.equals("json") ? Ha4jAdmin.toJson(c) + "\n"
          : CibWriter.toXml(c, ClusterState.builder().build(), null);
      if (output == null) {
        PrintWriter out = out();
        out.print(text);
        out.flush();
      } else {
        Files.writeString(output, text, StandardCharsets.UTF_8);
        out().println("exported configuration version " + c.version() + " to " + output);
      }
      return ExitCodes.OK;
    }
  }

  /** {@code config validate [FILE]}: offline for a file, else the stored configuration. */
  @Command(name = "validate", description = {"Validates FILE (CIB XML or ha4j JSON) without touching the cluster;"
      + " without FILE, the cluster's stored configuration."})
  static final class Validate extends ClusterCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The file to check.")
    Path file;

    @Override
    int connectAndRun() throws Exception {
      if (file == null) {
        return super.connectAndRun();
      }
      ClusterConfig c = read(file);
      out().println("valid: " + c.nodes().size() + " nodes, " + c.primitives().size() + " resources, "
          + c.constraints().size() + " constraints");
      return ExitCodes.OK;
    }

    @Override
    int run(Ha4jAdmin admin, Coordinator coordinator) {
      ClusterConfig c = admin.storedConfig().orElseThrow(() -> new IllegalStateException("no configuration in the store yet"));
      List<ConfigViolation> violations = c.validate();
      if (!violations.isEmpty()) {
        violations.forEach(v -> out().println(v));
        throw new Ha4jConfigException(violations);
      }
      out().println("valid: configuration version " + c.version() + ", " + c.nodes().size() + " nodes, "
          + c.primitives().size() + " resources, " + c.constraints().size() + " constraints");
      return ExitCodes.OK;
    }
  }
}
