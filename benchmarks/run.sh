#!/usr/bin/env bash
# Failover, footprint and scheduler benchmarks of issue 8, side by side with Curator LeaderLatch and
# keepalived, in one run on this machine.
#
#   benchmarks/run.sh [quick|full] [--no-build]
#
# quick: about 8 samples per system within a fixed time budget (under 5 minutes; what CI may call);
# full:  n >= 30 per system, footprint for 3, 5 and 7 nodes (about an hour).
# Writes benchmarks/results.json, benchmarks/failover.png and the raw run under
# benchmarks/target/run-<mode>/. Never fails on a time figure: exit 0 when the run completed, 1 when
# it could not run (build failure, harness crash). Needs root + iproute2 for the failover part (it
# observes the VIP inside network namespaces); without them only the scheduler part runs.
# Cleans up its namespaces and every process it started, also on failure or Ctrl-C.
set -uo pipefail

mode="${1:-quick}"
case "$mode" in quick|full) ;; *) echo "usage: $0 [quick|full] [--no-build]" >&2; exit 2 ;; esac
build=1
[[ "${2:-}" == "--no-build" ]] && build=0

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
jar="${HA4J_BENCHMARKS_JAR:-$here/target/benchmarks.jar}"
out="$here/target/run-$mode"
rm -rf "$out"
mkdir -p "$out"

cleanup() {
  local rc=$?
  # every process the harness started (node JVMs, guards, ZooKeeper, latch nodes, keepalived), by pid,
  # and only while its command line still names this run's jar or directory (a pid may have been reused)
  if [[ -f "$out/pids" ]]; then
    while read -r pid; do
      [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || continue
      if tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -e "$jar" -e "$out"; then
        kill -CONT "$pid" 2>/dev/null
        kill -9 "$pid" 2>/dev/null
      fi
    done < "$out/pids"
  fi
  # the run's own namespaces only (their prefix is in netns-tag)
  if [[ -f "$out/netns-tag" ]]; then
    local tag
    tag="$(cat "$out/netns-tag")"
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^${tag}-" || true); do
      for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done
      ip netns del "$ns" 2>/dev/null
    done
  fi
  [[ -n "${harness_pid:-}" ]] && kill -9 "$harness_pid" 2>/dev/null
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if (( build )); then
  echo "== building benchmarks.jar"
  (cd "$repo" && ./mvnw -B -q -o -pl benchmarks -am package -DskipTests) || { echo "build failed" >&2; exit 1; }
fi
[[ -f "$jar" ]] || { echo "no $jar (run without --no-build)" >&2; exit 1; }

started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo "== $mode run, $started, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# 1-4, 6: failover, alternatives, pause, move, footprint (bounded: the harness has its own budget,
# timeout is the backstop)
limit=$([[ "$mode" == quick ]] && echo 285 || echo 5400)
java -Xmx256m -cp "$jar" io.ha4j.benchmarks.failover.FailoverBenchmark "$mode" "$out" 2>"$out/harness.err" &
harness_pid=$!
( sleep "$limit"; kill -TERM "$harness_pid" 2>/dev/null ) &
watchdog=$!
wait "$harness_pid"
harness_rc=$?
kill "$watchdog" 2>/dev/null
harness_pid=
[[ -f "$out/failover.json" ]] || echo '{"failover": {}, "incomplete": true}' > "$out/failover.json"
(( harness_rc == 0 )) || echo "failover harness ended with $harness_rc (see $out/harness.err); partial results kept"

# 5: scheduler, CPU time per full schedule (the JMH benchmark is separate: see README)
if [[ "$mode" == quick ]]; then
  java -Xms1g -Xmx1g -cp "$jar" io.ha4j.benchmarks.SchedulerCpuTime 2 10 100x3 1000x32 | tee "$out/scheduler.txt"
else
  java -Xms2g -Xmx2g -cp "$jar" io.ha4j.benchmarks.SchedulerCpuTime 15 40 100x3 1000x32 10000x32 10000x100 100000x200 \
    | tee "$out/scheduler.txt"
fi

java -cp "$jar" io.ha4j.benchmarks.failover.Report "$out" "$out/scheduler.txt" "$here/results.json" "$here/failover.png"
echo "== done: $here/results.json, $here/failover.png, raw run in $out (started $started, ended $(date -u +%H:%M:%SZ))"
exit 0
