#!/usr/bin/env bash
# Times `bin/ha4j simulate --cib FILE` (whole JVM start included) against Pacemaker's
# `crm_simulate -R -x FILE` on the same synthetic CIB, in one run, and compares their answers.
#
#   benchmarks/scheduler-vs-crm_simulate.sh [--size 1000x32] [--seed 42] [--out DIR] [--timeout 300] [--build]
#
# Needs ha-cli/target/ha4j.jar and benchmarks/target/benchmarks.jar; --build makes them with
#   ./mvnw -B -q -DskipTests package -pl ha-cli,benchmarks -am
# and crm_simulate (Debian: apt-get install pacemaker-cli-utils).
#
# The CIB is the benchmarks' SyntheticCluster (ocf:heartbeat:Dummy resources with Pacemaker's own
# op-digests, no crm_feature_set, a fixed execution-date) written by ha-pacemaker's CibWriter.
# Prints both times (wall and CPU), the ratios, ha4j's in-process schedule time, and whether the
# normalized actions agree. Exit: 0 both answered and agree; 3 both answered but disagree (the CIB
# and both answers are kept in --out); 1 anything else failed; 2 usage.
set -euo pipefail

size=1000x32
seed=42
out_dir=""
limit=300
build=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --out) out_dir="$2"; shift 2 ;;
    --timeout) limit="$2"; shift 2 ;;
    --build) build=true; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$size" =~ ^[0-9]+x[0-9]+$ ]] || { echo "--size must be RESOURCESxNODES, got '$size'" >&2; exit 2; }
[[ "$seed" =~ ^-?[0-9]+$ ]] || { echo "--seed must be an integer, got '$seed'" >&2; exit 2; }
[[ "$limit" =~ ^[0-9]+$ ]] || { echo "--timeout must be seconds, got '$limit'" >&2; exit 2; }

repo="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli_jar="$repo/ha-cli/target/ha4j.jar"
bench_jar="$repo/benchmarks/target/benchmarks.jar"
build_cmd=(./mvnw -B -q -DskipTests package -pl ha-cli,benchmarks -am)

if $build; then
  (cd "$repo" && "${build_cmd[@]}")
fi
for jar in "$cli_jar" "$bench_jar"; do
  if [[ ! -f "$jar" ]]; then
    echo "$jar is missing; build it first: cd $repo && ${build_cmd[*]}  (or pass --build)" >&2
    exit 1
  fi
done
# A jar older than the sources times (and answers for) code that is no longer there.
stale="$(find "$repo/ha-core/src/main" "$repo/ha-pacemaker/src/main" "$repo/ha-cli/src/main" \
  -newer "$cli_jar" -name '*.java' -print -quit)"
if [[ -n "$stale" ]]; then
  echo "warning: $cli_jar is older than $stale; rebuild with --build for current numbers" >&2
fi

crm_simulate="$(command -v crm_simulate || true)"
[[ -z "$crm_simulate" && -x /usr/sbin/crm_simulate ]] && crm_simulate=/usr/sbin/crm_simulate
if [[ -z "$crm_simulate" ]]; then
  echo "crm_simulate not found; on Debian: apt-get install pacemaker-cli-utils" >&2
  exit 1
fi

if [[ -z "$out_dir" ]]; then
  out_dir="$(mktemp -d "${TMPDIR:-/tmp}/ha4j-vs-crm_simulate.XXXXXX")"
fi
mkdir -p "$out_dir"
cib="$out_dir/cib-$size-seed$seed.xml"
tool=(java -cp "$bench_jar" io.ha4j.benchmarks.CrmSimulateComparison)

# `time` of bash, as "wall user sys" in seconds, of the command in "$@"; its output goes to $1.
TIMEFORMAT='%R %U %S'
timed() {
  local stdout="$1" stderr="$2"; shift 2
  { time "$@" > "$stdout" 2> "$stderr"; } 2>&1
}

echo "== machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}') RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== $(java -version 2>&1 | head -1); $("$crm_simulate" --version | head -1)"
"${tool[@]}" write-cib "$size" "$seed" "$cib"

echo "== ha4j: bin/ha4j simulate --cib $cib"
set +e
ha4j_time="$(timed "$out_dir/ha4j.txt" "$out_dir/ha4j.err" timeout "$limit" "$repo/bin/ha4j" simulate --cib "$cib")"
ha4j_rc=$?
set -e
if [[ $ha4j_rc -ne 0 ]]; then
  echo "ha4j simulate failed (exit $ha4j_rc):" >&2; head -20 "$out_dir/ha4j.err" >&2; exit 1
fi
read -r ha4j_wall ha4j_user ha4j_sys <<< "$ha4j_time"

echo "== ha4j in one JVM: read the CIB, schedule once cold, then 20 more times"
"${tool[@]}" time-schedule "$cib" 20 2>/dev/null | tee "$out_dir/ha4j-in-process.txt"

echo "== crm_simulate: timeout $limit $crm_simulate -R -x $cib"
set +e
crm_time="$(timed "$out_dir/crm_simulate.out" "$out_dir/crm_simulate.err" \
  env -u CIB_file -u CIB_shadow timeout "$limit" "$crm_simulate" -R -x "$cib")"
crm_rc=$?
set -e
if [[ $crm_rc -eq 124 ]]; then
  echo "crm_simulate took longer than ${limit}s" >&2; exit 1
fi
if ! grep -q '^Transition Summary:' "$out_dir/crm_simulate.out"; then
  echo "crm_simulate (exit $crm_rc) printed no Transition Summary:" >&2; head -20 "$out_dir/crm_simulate.err" >&2; exit 1
fi
read -r crm_wall crm_user crm_sys <<< "$crm_time"
"${tool[@]}" normalize "$out_dir/crm_simulate.out" > "$out_dir/crm_simulate.txt" 2>/dev/null

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f", a / b; else print "inf" }'; }
cpu() { awk -v u="$1" -v s="$2" 'BEGIN { printf "%.2f", u + s }'; }
ha4j_cpu="$(cpu "$ha4j_user" "$ha4j_sys")"
crm_cpu="$(cpu "$crm_user" "$crm_sys")"
median="$(sed -n 's/^median_schedule_ms=//p' "$out_dir/ha4j-in-process.txt")"

echo
echo "== result for $size (seed $seed), CIB $cib"
printf '%-44s %10s %10s\n' "" "wall s" "CPU s"
printf '%-44s %10s %10s\n' "bin/ha4j simulate (JVM start included)" "$ha4j_wall" "$ha4j_cpu"
printf '%-44s %10s %10s\n' "crm_simulate -R -x (exit $crm_rc)" "$crm_wall" "$crm_cpu"
printf '%-44s %10s %10s\n' "ratio crm_simulate / bin/ha4j" "$(ratio "$crm_wall" "$ha4j_wall")x" "$(ratio "$crm_cpu" "$ha4j_cpu")x"
printf '%-44s %10s\n' "ha4j schedule in process, median ms" "$median"
printf '%-44s %10s\n' "ratio crm_simulate wall / in-process" "$(ratio "$crm_wall" "$(awk -v m="$median" 'BEGIN { print m / 1000 }')")x"

ha4j_n="$(wc -l < "$out_dir/ha4j.txt")"
crm_n="$(wc -l < "$out_dir/crm_simulate.txt")"
echo "actions: ha4j $ha4j_n, crm_simulate $crm_n (normalized)"
if diff -u "$out_dir/crm_simulate.txt" "$out_dir/ha4j.txt" > "$out_dir/actions.diff"; then
  echo "agreement: identical normalized actions ($ha4j_n lines)"
  exit 0
fi
echo "agreement: DIFFERENT; crm_simulate (-) vs ha4j (+) in $out_dir/actions.diff, CIB kept at $cib:"
grep '^[-+][^-+]' "$out_dir/actions.diff" | head -40
exit 3
