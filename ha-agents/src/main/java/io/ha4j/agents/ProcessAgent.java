package io.ha4j.agents;

import io.ha4j.ConfigViolation;
import io.ha4j.agents.internal.Budget;
import io.ha4j.agents.internal.Exec;
import io.ha4j.agents.internal.ExecRequest;
import io.ha4j.agents.internal.ExecResult;
import io.ha4j.agents.internal.Executables;
import io.ha4j.agents.internal.ParamReader;
import io.ha4j.spi.AgentContext;
import io.ha4j.spi.AgentMetadata;
import io.ha4j.spi.AgentMetadata.Parameter;
import io.ha4j.spi.AgentResult;
import io.ha4j.spi.OcfStatus;
import io.ha4j.spi.ResourceAgent;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ha4j:process}: a long-running program started in the foreground, like
 * {@code ocf:heartbeat:anything}.
 *
 * <ul>
 *   <li>start: runs {@code command} with {@code args} (an argument list, never a shell), the JVM's
 *       environment plus {@code env} and {@code HA4J_RESOURCE}/{@code HA4J_EPOCH}, in {@code workdir},
 *       output appended to {@code logfile} (default: discarded), and writes its pid to {@code pidfile};
 *       it fails when the program exits within {@code start_grace}, or when {@code check_command} does
 *       not succeed before the start's timeout.
 *   <li>stop: SIGTERM to the process and every descendant ({@link ProcessHandle#descendants()}), then
 *       SIGKILL to the survivors after {@code stop_timeout}; removes the pid file.
 *   <li>monitor: no pid file = cleanly stopped ({@link OcfStatus#NOT_RUNNING}); a pid file whose process
 *       is gone = crashed ({@link OcfStatus#GENERIC_ERROR}); alive = running, if {@code check_command}
 *       (when set) exits with 0.
 * </ul>
 *
 * <p>The program must not daemonize (fork and exit): the agent watches the pid it started. It is a
 * child of the JVM but does not die with it: if the JVM dies, the node's guard must stop it.
 * Thread-safe.
 */
public final class ProcessAgent implements ResourceAgent {

  /** The agent type string. */
  public static final String TYPE = "ha4j:process";

  private static final Logger log = LoggerFactory.getLogger(ProcessAgent.class);
  private static final Pattern SAFE_ID = Pattern.compile("[^A-Za-z0-9_.-]");
  private static final Duration CHECK_CAP = Duration.ofSeconds(30);

  private static final AgentMetadata METADATA = new AgentMetadata(TYPE,
      "A foreground program: started with an argument list, watched by pid, stopped with SIGTERM then SIGKILL",
      List.of(
          new Parameter("command", true, null, "the program: an absolute path or a name on the system PATH"),
          new Parameter("args", false, null,
              "its arguments, split into words (quotes group, nothing is expanded: no shell)"),
          new Parameter("env", false, null, "extra environment: NAME=value words"),
          new Parameter("workdir", false, "/", "the working directory (absolute)"),
          new Parameter("pidfile", false, null,
              "where the pid is kept (absolute); default: <state directory>/<resource>.pid"),
          new Parameter("logfile", false, null, "standard output and error are appended here (absolute); default: discarded"),
          new Parameter("check_command", false, null,
              "a health check run by monitor and after start: exit code 0 = healthy"),
          new Parameter("start_grace", false, "200ms",
              "start fails if the program exits within this time (0 to skip)"),
          new Parameter("stop_timeout", false, "10s",
              "how long stop waits after SIGTERM before SIGKILL (bounded by the operation's timeout)")),
      Map.of("start", Duration.ofSeconds(20), "stop", Duration.ofSeconds(20), "monitor", Duration.ofSeconds(20)));

  private final Path stateDirectory;
  private final Map<Long, ProcessHandle> started = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /** An agent keeping default pid files in {@code java.io.tmpdir/ha4j-process}. */
  public ProcessAgent() {
    this(Path.of(System.getProperty("java.io.tmpdir"), "ha4j-process"));
  }

  /** An agent keeping default pid files in {@code stateDirectory} (created, owner-only, when needed). */
  public ProcessAgent(Path stateDirectory) {
    this.stateDirectory = stateDirectory.toAbsolutePath().normalize();
  }

  @Override
  public AgentMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<ConfigViolation> validate(Map<String, String> parameters) {
    ParamReader r = new ParamReader(TYPE, parameters);
    Spec.read(r, "validate", stateDirectory);
    return r.violations();
  }

  @Override
  public AgentResult start(AgentContext context) throws Exception {
    ParamReader r = new ParamReader(TYPE, context.parameters());
    Spec spec = Spec.read(r, context.resourceId(), stateDirectory);
    if (!r.ok()) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, ParamReader.describe(r.violations()));
    }
    synchronized (lock(spec.pidfile)) {
      Optional<ProcessHandle> running = running(spec);
      if (running.isPresent()) {
        return AgentResult.of(OcfStatus.SUCCESS, "already running as pid " + running.get().pid());
      }
      Optional<Path> program = Executables.find(spec.command.get(0));
      if (program.isEmpty()) {
        return AgentResult.of(OcfStatus.NOT_INSTALLED, "parameters[command]: " + spec.command.get(0)
            + " is not an executable file (searched " + Exec.SYSTEM_PATH + ")");
      }
      if (!Files.isDirectory(spec.workdir)) {
        return AgentResult.of(OcfStatus.INVALID_ARGUMENT, "parameters[workdir]: " + spec.workdir + " is not a directory");
      }
      List<String> argv = new ArrayList<>(spec.command);
      argv.set(0, program.get().toString());
      ProcessBuilder pb = new ProcessBuilder(argv);
      pb.environment().putAll(spec.env);
      pb.environment().put("HA4J_RESOURCE", context.resourceId());
      pb.environment().put("HA4J_EPOCH", Long.toString(context.epoch()));
      pb.directory(spec.workdir.toFile());
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      if (spec.logfile != null) {
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logfile.toFile()));
      } else {
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      }
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        return AgentResult.failed("could not start " + argv.get(0) + ": " + e.getMessage());
      }
      started.put(process.pid(), process.toHandle());
      try {
        writePidfile(spec.pidfile, process.pid());
      } catch (IOException e) {
        Exec.killTree(process.toHandle());
        return AgentResult.failed("could not write pidfile " + spec.pidfile + ": " + e.getMessage());
      }
      log.info("{}: started {} as pid {}", context.resourceId(), argv, process.pid());
      Duration grace = min(spec.startGrace, context.remaining());
      if (!grace.isZero() && process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS)) {
        deletePidfile(spec.pidfile);
        return AgentResult.failed(argv.get(0) + " exited at once with code " + process.exitValue()
            + (spec.logfile != null ? " (see " + spec.logfile + ")" : ""));
      }
      if (spec.check.isPresent()) {
        return awaitCheck(context, spec, process);
      }
      return AgentResult.success();
    }
  }

  @Override
  public AgentResult stop(AgentContext context) throws Exception {
    ParamReader r = new ParamReader(TYPE, context.parameters());
    Spec spec = Spec.read(r, context.resourceId(), stateDirectory);
    if (!r.ok()) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, ParamReader.describe(r.violations()));
    }
    synchronized (lock(spec.pidfile)) {
      Optional<ProcessHandle> running = running(spec);
      if (running.isEmpty()) {
        deletePidfile(spec.pidfile);
        return AgentResult.of(OcfStatus.SUCCESS, "not running");
      }
      ProcessHandle main = running.get();
      List<ProcessHandle> tree = new ArrayList<>();
      main.descendants().forEach(tree::add);
      tree.add(0, main);
      tree.forEach(ProcessHandle::destroy);
      Duration patience = min(spec.stopTimeout, context.remaining().minus(Duration.ofMillis(500)));
      boolean gone = awaitExit(tree, patience);
      if (!gone) {
        List<ProcessHandle> stubborn = tree.stream().filter(h -> !Exec.hasEnded(h)).toList();
        log.warn("{}: {} process(es) still alive {} ms after SIGTERM; sending SIGKILL", context.resourceId(),
            stubborn.size(), patience.toMillis());
        stubborn.forEach(h -> {
          h.descendants().forEach(ProcessHandle::destroyForcibly);
          h.destroyForcibly();
        });
        gone = awaitExit(stubborn, min(Duration.ofSeconds(5), context.remaining()));
      }
      if (!gone) {
        return AgentResult.failed("pid " + main.pid() + " survived SIGKILL");
      }
      started.remove(main.pid());
      deletePidfile(spec.pidfile);
      log.info("{}: stopped pid {}", context.resourceId(), main.pid());
      return AgentResult.success();
    }
  }

  @Override
  public AgentResult monitor(AgentContext context) throws Exception {
    ParamReader r = new ParamReader(TYPE, context.parameters());
    Spec spec = Spec.read(r, context.resourceId(), stateDirectory);
    if (!r.ok()) {
      return AgentResult.of(OcfStatus.INVALID_ARGUMENT, ParamReader.describe(r.violations()));
    }
    OptionalLong pid = readPidfile(spec.pidfile);
    if (pid.isEmpty()) {
      return AgentResult.of(OcfStatus.NOT_RUNNING, "no pid file " + spec.pidfile);
    }
    Optional<ProcessHandle> running = running(spec);
    if (running.isEmpty()) {
      return AgentResult.failed("pid " + pid.getAsLong() + " from " + spec.pidfile + " is gone (crashed or killed)");
    }
    if (spec.check.isPresent()) {
      ExecResult check = runCheck(context, spec);
      if (!check.ok()) {
        return AgentResult.failed("check_command: " + check.summary());
      }
    }
    return AgentResult.success();
  }

  private AgentResult awaitCheck(AgentContext context, Spec spec, Process process) throws InterruptedException {
    ExecResult last = null;
    for (int i = 0; i < 100_000 && !Budget.exhausted(context); i++) {
      if (!process.isAlive()) {
        deletePidfile(spec.pidfile);
        return AgentResult.failed(spec.command.get(0) + " exited with code " + process.exitValue()
            + " before check_command succeeded");
      }
      last = runCheck(context, spec);
      if (last.ok()) {
        return AgentResult.success();
      }
      Thread.sleep(Math.min(100L * (i + 1), 1000L));
    }
    return AgentResult.failed("check_command did not succeed before the start timeout"
        + (last == null ? "" : ": " + last.summary()));
  }

  private ExecResult runCheck(AgentContext context, Spec spec) throws InterruptedException {
    Map<String, String> env = Exec.baseEnvironment();
    env.putAll(spec.env);
    env.put("HA4J_RESOURCE", context.resourceId());
    env.put("HA4J_EPOCH", Long.toString(context.epoch()));
    List<String> argv = new ArrayList<>(spec.check.get());
    argv.set(0, Executables.pathOf(argv.get(0)));
    return Exec.run(new ExecRequest(argv, env, spec.workdir, null, Budget.next(context, CHECK_CAP),
        ExecRequest.DEFAULT_TAIL, context.resourceId() + " check_command", true));
  }

  /** The process the pid file names, when it is alive and still the program we started. */
  private Optional<ProcessHandle> running(Spec spec) {
    OptionalLong pid = readPidfile(spec.pidfile);
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    ProcessHandle known = started.get(pid.getAsLong());
    if (known != null) {
      return Exec.hasEnded(known) ? Optional.empty() : Optional.of(known);
    }
    Optional<ProcessHandle> h = ProcessHandle.of(pid.getAsLong()).filter(p -> !Exec.hasEnded(p));
    if (h.isEmpty()) {
      return h;
    }
    // not started by this JVM (e.g. before a restart): guard against a reused pid
    Optional<String> cmd = h.get().info().command();
    Optional<Path> expected = Executables.find(spec.command.get(0));
    if (cmd.isPresent() && expected.isPresent() && !samePath(Path.of(cmd.get()), expected.get())) {
      log.warn("pid {} from {} runs {}, not {}: treating the pid file as stale", pid.getAsLong(), spec.pidfile,
          cmd.get(), expected.get());
      return Optional.empty();
    }
    return h;
  }

  private static boolean samePath(Path a, Path b) {
    try {
      return a.toRealPath().equals(b.toRealPath());
    } catch (IOException e) {
      return a.equals(b);
    }
  }

  /** Polls (every 20 ms) until every process is gone or {@code patience} ran out; whether all are gone. */
  private static boolean awaitExit(List<ProcessHandle> handles, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      if (handles.stream().allMatch(Exec::hasEnded)) {
        return true;
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(20);
    }
  }

  private Object lock(Path pidfile) {
    return locks.computeIfAbsent(pidfile.toString(), k -> new Object());
  }

  private void writePidfile(Path pidfile, long pid) throws IOException {
    Path dir = pidfile.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path tmp = Files.createTempFile(dir, ".pid", ".tmp");
    Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
    try {
      Files.move(tmp, pidfile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, pidfile, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static OptionalLong readPidfile(Path pidfile) {
    try {
      String text = Files.readString(pidfile, StandardCharsets.US_ASCII).strip();
      long pid = Long.parseLong(text);
      return pid > 1 ? OptionalLong.of(pid) : OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static void deletePidfile(Path pidfile) {
    try {
      Files.deleteIfExists(pidfile);
    } catch (IOException e) {
      log.warn("could not delete pid file {}: {}", pidfile, e.getMessage());
    }
  }

  private static Duration min(Duration a, Duration b) {
    Duration m = a.compareTo(b) <= 0 ? a : b;
    return m.isNegative() ? Duration.ZERO : m;
  }

  /** The validated parameters. */
  private static final class Spec {
    List<String> command;
    Map<String, String> env;
    Path workdir;
    Path pidfile;
    Path logfile;
    Optional<List<String>> check;
    Duration startGrace;
    Duration stopTimeout;

    static Spec read(ParamReader r, String resourceId, Path stateDirectory) {
      r.rejectUnknown(ParamReader.names(METADATA.parameters()));
      Spec s = new Spec();
      List<String> program = r.required("command") == null ? null : r.command("command").orElse(null);
      if (program != null && program.size() > 1) {
        r.violation("command", "names the program only; put its arguments in parameters[args]");
      }
      s.command = new ArrayList<>();
      s.command.add(program == null ? "/bin/false" : program.get(0));
      s.command.addAll(r.arguments("args"));
      s.env = r.environment("env");
      s.workdir = r.absolutePath("workdir").orElse(Path.of("/"));
      s.pidfile = r.absolutePath("pidfile")
          .orElse(stateDirectory.resolve(SAFE_ID.matcher(resourceId).replaceAll("_") + ".pid"));
      s.logfile = r.absolutePath("logfile").orElse(null);
      s.check = r.command("check_command");
      s.startGrace = r.duration("start_grace", Duration.ofMillis(200), Duration.ZERO, Duration.ofMinutes(5));
      s.stopTimeout = r.duration("stop_timeout", Duration.ofSeconds(10), Duration.ZERO, Duration.ofHours(1));
      return s;
    }
  }
}
