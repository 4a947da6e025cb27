package io.ha4j.guard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The guard's effects on a Linux system: {@code ip} and {@code systemctl} run through {@link
 * ProcessBuilder} with an argument list (never a shell), a clean environment ({@code PATH} of the
 * system directories, {@code LC_ALL=C}) and a timeout; signals are sent with {@link ProcessHandle},
 * after checking the pid's start time in {@code /proc}.
 */
final class LinuxActions implements SystemActions {
  private static final long IP_TIMEOUT_MILLIS = 5_000;
  private static final long SYSTEMCTL_TIMEOUT_MILLIS = 95_000;
  private static final int MAX_OUTPUT = 2_048;

  private final GuardLog log;
  private final Optional<Path> ip;
  private final Optional<Path> systemctl;

  LinuxActions(GuardLog log) {
    this.log = log;
    this.ip = find("ip", "/usr/sbin", "/sbin", "/usr/bin", "/bin");
    this.systemctl = find("systemctl", "/usr/bin", "/bin", "/usr/sbin", "/sbin");
  }

  private static Optional<Path> find(String name, String... dirs) {
    for (String dir : dirs) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Runs {@code ip -V} once, so that the first real removal does not pay for loading and compiling
   * the process-launch code, and logs which tools were found.
   */
  void warmUp() {
    long t0 = System.nanoTime();
    if (ip.isPresent()) {
      Result r = run(List.of(ip.get().toString(), "-V"), IP_TIMEOUT_MILLIS);
      log.log("ip: " + ip.get() + " (" + r.output.strip() + ")");
    } else {
      log.log("ip: not found; addresses cannot be removed");
    }
    log.log("systemctl: " + systemctl.map(Path::toString).orElse("not found; units cannot be stopped"));
    // load and compile what the kill path uses, before it is needed
    ProcStat.startTime(ProcessHandle.current().pid());
    ProcessHandle.of(ProcessHandle.current().pid()).ifPresent(h -> h.descendants().count());
    log.log("warm-up done in " + Guard.millis(System.nanoTime() - t0) + " ms");
  }

  @Override
  public OptionalLong startTimeOf(long pid) {
    return ProcStat.startTime(pid);
  }

  @Override
  public StepResult killJvm(long pid, long startTime) {
    return kill(pid, startTime, false);
  }

  @Override
  public StepResult killProcess(HeldResource.ProcessInstance process) {
    return kill(process.pid(), process.startTime(), true);
  }

  private StepResult kill(long pid, long startTime, boolean withDescendants) {
    // the handle first: it pins the start time the JDK itself checks again when signalling
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    OptionalLong now = ProcStat.startTime(pid);
    if (handle.isEmpty() || now.isEmpty()) {
      return StepResult.done("already gone");
    }
    if (now.getAsLong() != startTime) {
      return StepResult.done("pid reused (start time " + now.getAsLong() + ", held " + startTime + "): not killed");
    }
    if (handle.get().pid() == ProcessHandle.current().pid()) {
      return StepResult.failed("refusing to kill the guard itself");
    }
    List<ProcessHandle> descendants = withDescendants ? handle.get().descendants().toList() : List.of();
    if (!handle.get().destroyForcibly() && handle.get().isAlive()) {
      return StepResult.failed("SIGKILL not delivered (not permitted?)");
    }
    int others = 0;
    for (ProcessHandle d : descendants) {
      if (d.pid() != ProcessHandle.current().pid() && d.destroyForcibly()) {
        others++;
      }
    }
    return StepResult.done("SIGKILL sent" + (withDescendants ? " (and to " + others + " descendants)" : ""));
  }

  @Override
  public StepResult deleteAddress(HeldResource.Address a) {
    if (ip.isEmpty()) {
      return StepResult.failed("no ip command");
    }
    List<String> cmd = new ArrayList<>(List.of(ip.get().toString()));
    if (a.netns() != null) {
      cmd.add("-n");
      cmd.add(a.netns());
    }
    cmd.addAll(List.of("addr", "del", a.cidr(), "dev", a.device()));
    Result r = run(cmd, IP_TIMEOUT_MILLIS);
    if (r.exitCode == 0) {
      return StepResult.done("removed");
    }
    String out = r.output.strip();
    if (out.contains("Cannot assign requested address") || out.contains("Address not found")) {
      return StepResult.done("already absent");
    }
    if (out.contains("Cannot find device") || out.contains("does not exist")) {
      return StepResult.done("device gone, so is the address (" + out + ")");
    }
    if (out.contains("Cannot open network namespace")) {
      return StepResult.done("namespace gone, so is the address (" + out + ")");
    }
    return StepResult.failed(r.describe());
  }

  @Override
  public StepResult stopUnit(HeldResource.Unit unit) {
    if (systemctl.isEmpty()) {
      return StepResult.failed("no systemctl command");
    }
    Result r = run(List.of(systemctl.get().toString(), "stop", "--", unit.name()), SYSTEMCTL_TIMEOUT_MILLIS);
    return r.exitCode == 0 ? StepResult.done("stopped") : StepResult.failed(r.describe());
  }

  private record Result(int exitCode, String output) {
    String describe() {
      return (exitCode == TIMED_OUT ? "timed out" : "exit " + exitCode) + (output.isBlank() ? "" : ": " + output.strip());
    }
  }

  private static final int TIMED_OUT = -1;

  private static Result run(List<String> command, long timeoutMillis) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("LC_ALL", "C");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(127, "cannot run " + command.get(0) + ": " + e.getMessage());
    }
    try {
      if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(1, TimeUnit.SECONDS);
        return new Result(TIMED_OUT, "");
      }
      try (InputStream in = p.getInputStream()) {
        byte[] out = in.readNBytes(MAX_OUTPUT);
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).replace('\n', ' '));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return new Result(TIMED_OUT, "interrupted");
    } catch (IOException e) {
      return new Result(p.exitValue(), "(output unreadable: " + e.getMessage() + ")");
    }
  }
}
