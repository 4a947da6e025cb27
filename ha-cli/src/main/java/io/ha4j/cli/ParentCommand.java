package io.ha4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only holds subcommands ({@code resource}, {@code constraint}, ...): alone it is a usage error. */
abstract class ParentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing a subcommand: "
        + String.join(", ", spec.subcommands().keySet()));
  }
}
