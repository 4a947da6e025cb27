#!/usr/bin/env bash
# The real-process nemesis of issue 9: a 3-node and a 5-node ha4j cluster as separate JVMs, each in
# its own network namespace, with random faults (kill -9, SIGSTOP, partitions, slow/hanging agents,
# full Raft disk, controller failover mid-transition, admin write + crash) from a printed seed.
#
#   benchmarks/nemesis.sh short|long [SEED] [--no-build]
#
# short: 50 faults per cluster size (100, every type 10 times), under 10 minutes (a CI step);
# long:  500 per size (1,000, every type 100 times), a few hours.
# Needs root and iproute2. Exits 0 when no overlap, no lost write, no recovery timeout and no
# unhandled exception was found; 1 otherwise (the seed to replay is printed); 2 when it cannot run.
# Removes every namespace (ha4jnem-*), tmpfs mount and process it created, also on Ctrl-C / TERM.
set -uo pipefail

mode="${1:-short}"
case "$mode" in short|long) ;; *) echo "usage: $0 short|long [SEED] [--no-build]" >&2; exit 2 ;; esac
seed="${2:-}"
build=1
for a in "$@"; do [[ "$a" == "--no-build" ]] && build=0; done
[[ "$seed" == "--no-build" ]] && seed=""
if [[ -z "$seed" ]]; then
  seed=$(( $(date +%s) % 100000 ))
fi
[[ "$seed" =~ ^[0-9]+$ ]] || { echo "SEED must be a number" >&2; exit 2; }
[[ "$(id -u)" -eq 0 ]] || { echo "$0: needs root (network namespaces, tmpfs mounts)" >&2; exit 2; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
jar="$here/target/benchmarks.jar"
out="$here/target/nemesis-$mode"
ip_bin=$(command -v ip || echo /usr/sbin/ip)

# one nemesis at a time on this machine: the namespaces have fixed names
exec 9>/tmp/ha4j-nemesis.lock
flock -n 9 || { echo "$0: another nemesis run holds /tmp/ha4j-nemesis.lock" >&2; exit 2; }

remove_leftovers() {
  # processes still inside our namespaces, then the namespaces (only the ha4jnem- prefix)
  for ns in $("$ip_bin" netns list 2>/dev/null | awk '{print $1}' | grep '^ha4jnem-' || true); do
    for pid in $("$ip_bin" netns pids "$ns" 2>/dev/null); do kill -CONT "$pid" 2>/dev/null; kill -9 "$pid" 2>/dev/null; done
    "$ip_bin" netns del "$ns" 2>/dev/null
  done
  # our tmpfs mounts (recorded, and any ha4jnem tmpfs under our output folder)
  if [[ -f "$out/mounts" ]]; then
    while read -r m; do
      [[ -n "$m" ]] && mountpoint -q "$m" 2>/dev/null && umount -l "$m" 2>/dev/null
    done < "$out/mounts"
  fi
  awk '$1 == "ha4jnem" {print $2}' /proc/mounts | while read -r m; do umount -l "$m" 2>/dev/null; done
}

cleanup() {
  local rc=$?
  [[ -n "${harness_pid:-}" ]] && kill -TERM "$harness_pid" 2>/dev/null && sleep 2 && kill -9 "$harness_pid" 2>/dev/null
  if [[ -f "$out/pids" ]]; then
    while read -r pid; do
      [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || continue
      if tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -e "$jar" -e "$out"; then
        kill -CONT "$pid" 2>/dev/null
        kill -9 "$pid" 2>/dev/null
      fi
    done < "$out/pids"
  fi
  remove_leftovers
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

remove_leftovers
rm -rf "$out"
mkdir -p "$out"

if (( build )); then
  echo "== building benchmarks.jar"
  (cd "$repo" && ./mvnw -B -q -pl benchmarks -am install -DskipTests) || { echo "build failed" >&2; exit 2; }
fi
[[ -f "$jar" ]] || { echo "no $jar (run without --no-build)" >&2; exit 2; }

echo "== nemesis $mode, seed $seed, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), raw run in $out"
limit=$([[ "$mode" == short ]] && echo 900 || echo 36000)
# extra JVM options for the harness, e.g. HA4J_NEMESIS_JAVA_OPTS="-Dha4j.nemesis.sizes=3 -Dha4j.nemesis.faults=10"
read -ra extra <<< "${HA4J_NEMESIS_JAVA_OPTS:-}"
timeout --kill-after=30 "$limit" java -Xmx512m "${extra[@]}" -cp "$jar" io.ha4j.benchmarks.nemesis.Nemesis "$mode" "$seed" "$out" &
harness_pid=$!
wait "$harness_pid"
rc=$?
harness_pid=
if (( rc == 124 || rc == 137 )); then
  echo "nemesis: time limit of $limit s reached (seed $seed)" >&2
  rc=1
fi
exit "$rc"
