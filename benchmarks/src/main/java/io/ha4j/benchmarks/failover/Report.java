package io.ha4j.benchmarks.failover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assembles {@code results.json} from the failover run's {@code failover.json} and {@link
 * io.ha4j.benchmarks.SchedulerCpuTime}'s table, and draws the failover distributions as a PNG with
 * gnuplot (when installed). Arguments: failoverDir schedulerTable(or -) results.json plot.png.
 */
public final class Report {
  private static final Pattern ROW = Pattern.compile("^(\\d+x\\d+)\\s+(\\d+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)\\s*$");

  private Report() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String failover = Files.readString(dir.resolve("failover.json")).strip();
    List<String> sched = new ArrayList<>();
    if (!args[1].equals("-") && Files.exists(Path.of(args[1]))) {
      for (String l : Files.readAllLines(Path.of(args[1]))) {
        Matcher m = ROW.matcher(l.strip());
        if (m.matches()) {
          sched.add(String.format(Locale.ROOT, "\"%s\": {\"ms\": %s, \"cpu_min_ms\": %s, \"wall_median_ms\": %s, \"runs\": %s}",
              m.group(1), m.group(3), m.group(4), m.group(5), m.group(2)));
        }
      }
    }
    String results = failover;
    if (!sched.isEmpty()) {
      results = failover.substring(0, failover.lastIndexOf('}')).stripTrailing()
          + ",\n  \"scheduler\": {" + String.join(", ", sched) + "}\n}";
    }
    Files.writeString(Path.of(args[2]), results + "\n");
    System.out.println("wrote " + args[2]);
    plot(dir, Path.of(args[3]));
  }

  private static void plot(Path dir, Path png) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of("/usr/bin/gnuplot"))) {
      System.out.println("no plot: gnuplot is not installed (apt-get install gnuplot-nox)");
      return;
    }
    List<String> systems = new ArrayList<>();
    for (String s : List.of("ha4j-raft", "ha4j-raft-lan-fast", "ha4j-zookeeper", "curator-leaderlatch", "keepalived",
        "keepalived-fast")) {
      Path f = dir.resolve("samples-" + s + ".dat");
      if (Files.exists(f) && !Files.readString(f).isBlank()) {
        systems.add(s);
      }
    }
    if (systems.isEmpty()) {
      return;
    }
    StringBuilder g = new StringBuilder();
    g.append("set terminal pngcairo size 1000,520 noenhanced\n");
    g.append("set output '").append(png.toAbsolutePath()).append("'\n");
    g.append("set title 'kill -9 of the holder -> resource up on another node, ms (ha4j: VIP + service; others: VIP)'\n");
    g.append("set ylabel 'ms'\nset grid ytics\nset logscale y\nset xrange [0.3:").append(systems.size() + 0.7).append("]\n");
    g.append("set xtics (");
    for (int i = 0; i < systems.size(); i++) {
      g.append(i > 0 ? ", " : "").append("'").append(systems.get(i)).append("' ").append(i + 1);
    }
    g.append(") rotate by -15\nset key off\nset style fill transparent solid 0.5\n");
    g.append("set style boxplot nooutliers\nset boxwidth 0.4\n");
    g.append("plot ");
    for (int i = 0; i < systems.size(); i++) {
      String f = dir.resolve("samples-" + systems.get(i) + ".dat").toAbsolutePath().toString();
      g.append(i > 0 ? ", " : "").append("'").append(f).append("' using (").append(i + 1)
          .append("):1 with boxplot lc ").append(i + 1).append(", '").append(f).append("' using (")
          .append(i + 1).append("+0.25*(rand(0)-0.5)):1 with points pt 7 ps 0.6 lc ").append(i + 1);
    }
    g.append("\n");
    Path script = dir.resolve("plot.gp");
    Files.writeString(script, g.toString());
    Process p = new ProcessBuilder("/usr/bin/gnuplot", script.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("gnuplot.log").toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      System.out.println("gnuplot failed; see " + dir.resolve("gnuplot.log"));
      return;
    }
    System.out.println("wrote " + png);
  }
}
