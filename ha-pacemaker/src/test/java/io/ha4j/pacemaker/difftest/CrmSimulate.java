package io.ha4j.pacemaker.difftest;

import io.ha4j.pacemaker.CrmSimulateSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The oracle: Debian's {@code crm_simulate} (Pacemaker 2.1.5) run as {@code crm_simulate -x FILE -S},
 * without a shell, with a timeout, its Transition Summary normalized by {@link CrmSimulateSummary}.
 *
 * <p>Answers can be cached on disk keyed by the SHA-256 of the CIB text, so that reruns of the
 * differential test do not pay for the simulator again. The raw output is cached, so a change of
 * the normalizer needs no new runs. Thread-safe.
 */
final class CrmSimulate {

  /** Bumped when what is cached changes meaning. */
  private static final String CACHE_FORMAT = "crm_simulate -x FILE -S, v1";

  private static final String SUMMARY_HEADER = "Transition Summary:";

  private final Path executable;
  private final Path cacheDir;
  private final Duration timeout;

  /**
   * One answer of the simulator.
   *
   * @param actions the normalized Transition Summary
   * @param output everything the simulator printed on stdout
   * @param cached whether the answer came from the cache
   */
  record Answer(List<String> actions, String output, boolean cached) {

    /**
     * Whether the simulator restarts something "due to resource definition change": the history's
     * op-digest does not match the configuration, which would make the comparison meaningless.
     */
    boolean hasDefinitionChange() {
      return output.contains("definition change");
    }
  }

  /**
   * A runner for {@code executable}.
   *
   * @param cacheDir where answers are cached, or {@code null} for no cache
   */
  CrmSimulate(Path executable, Path cacheDir, Duration timeout) {
    this.executable = executable;
    this.cacheDir = cacheDir;
    this.timeout = timeout;
  }

  /** {@code crm_simulate} from the PATH, or from {@code /usr/sbin} where Debian installs it. */
  static Optional<Path> locate() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          Path candidate = Path.of(dir, "crm_simulate");
          if (Files.isExecutable(candidate)) {
            return Optional.of(candidate);
          }
        }
      }
    }
    Path debian = Path.of("/usr/sbin/crm_simulate");
    return Files.isExecutable(debian) ? Optional.of(debian) : Optional.empty();
  }

  /** Simulates the CIB in {@code cibFile}. */
  Answer simulate(Path cibFile) {
    try {
      return simulate(Files.readString(cibFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Simulates the CIB text {@code cibXml}, from the cache when it has been simulated before. */
  Answer simulate(String cibXml) {
    String key = sha256(CACHE_FORMAT + "\n" + cibXml);
    Path cached = cacheDir == null ? null : cacheDir.resolve(key + ".out");
    try {
      if (cached != null && Files.isRegularFile(cached)) {
        String output = Files.readString(cached, StandardCharsets.UTF_8);
        return new Answer(CrmSimulateSummary.normalize(output), output, true);
      }
      String output = run(cibXml);
      List<String> actions = CrmSimulateSummary.normalize(output);
      if (cached != null) {
        Files.createDirectories(cacheDir);
        Path tmp = Files.createTempFile(cacheDir, key, ".tmp");
        Files.writeString(tmp, output, StandardCharsets.UTF_8);
        Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      return new Answer(actions, output, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String run(String cibXml) throws IOException {
    Path dir = Files.createTempDirectory("crm-simulate-");
    try {
      Path cib = dir.resolve("cib.xml");
      Path out = dir.resolve("stdout");
      Path err = dir.resolve("stderr");
      Files.writeString(cib, cibXml, StandardCharsets.UTF_8);
      ProcessBuilder pb = new ProcessBuilder(executable.toString(), "-x", cib.toString(), "-S")
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      // crm_simulate must not look for a live cluster or a shadow CIB of the caller's environment
      pb.environment().remove("CIB_file");
      pb.environment().remove("CIB_shadow");
      Process p = pb.start();
      boolean done;
      try {
        done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for crm_simulate", e);
      }
      if (!done) {
        p.destroyForcibly();
        throw new IOException("crm_simulate took longer than " + timeout + " on " + cib);
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      // Exit code 1 with "Transition failed: terminated" means only that the simulated execution of
      // the graph could not finish (e.g. blocked stops on an unclean node that cannot be fenced);
      // the Transition Summary, printed before, is the scheduler's full answer all the same.
      boolean executionOnly = stderr.contains("Transition failed") && stdout.contains(SUMMARY_HEADER);
      if (p.exitValue() != 0 && !executionOnly) {
        throw new IOException("crm_simulate exited with " + p.exitValue() + ": " + stderr + "\nCIB:\n" + cibXml);
      }
      return stdout;
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
