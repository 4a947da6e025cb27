package io.ha4j.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ha4j completion}: prints a bash (and zsh) completion script; {@code source <(bin/ha4j completion)}. */
@Command(name = "completion", description = {"Prints the bash completion script of ha4j (works in zsh with bashcompinit).",
    "Use: source <(bin/ha4j completion)   or   bin/ha4j completion > /etc/bash_completion.d/ha4j"})
final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    out.print(AutoComplete.bash("ha4j", spec.root().commandLine()));
    out.flush();
    return ExitCodes.OK;
  }
}
