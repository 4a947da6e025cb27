#!/usr/bin/env bash
# The seed's web cluster, end to end: three JVMs run the group WebGroup (virtual IP + HTTP service)
# with the embedded Raft backend; the node running it is killed with kill -9; another takes over.
#
#   examples/web-cluster/run.sh [--short] [--fast] [--keep]
#
#   --short  start, status, kill -9, takeover, status, clean up (what the test runs)
#            (without it: also restart the killed node and run two failover drills, planned and kill -9)
#   --fast   the LAN_FAST timing preset (lease 400 ms) instead of DEFAULT (lease 3 s); for an idle
#            machine: on a loaded one, nodes miss their 400 ms lease and fence themselves
#   --keep   keep the work directory (node logs) after the run
#
# As root (network namespaces available): each node in its own namespace on a bridge, the VIP
# 10.77.0.100/24 real, and the client in a namespace of its own. Otherwise: loopback only, no VIP;
# the web service listens on 127.0.0.100 on the active node only (HA4J_DEMO_NETWORK=loopback forces this).
# Builds what it needs first (./mvnw package of ha-cli and this example) unless the jars are current.
# Everything it creates (namespaces, processes, files) is removed on exit; the run is bounded in time.
set -euo pipefail

short=false
timing=DEFAULT
keep=false
for arg in "$@"; do
  case "$arg" in
    --short) short=true ;;
    --fast) timing=LAN_FAST ;;
    --keep) keep=true ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
node_jar="$repo/examples/web-cluster/target/web-cluster.jar"
cli_jar="$repo/ha-cli/target/ha4j.jar"
max_seconds=$([[ $short == true ]] && echo 150 || echo 300)
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
now_ms() { date +%s%3N; }

# ---- build if needed -------------------------------------------------------------------------
if [[ "${HA4J_DEMO_NO_BUILD:-}" != 1 ]]; then
  stale=""
  for jar in "$node_jar" "$cli_jar"; do
    if [[ ! -f "$jar" ]] || [[ -n "$(find "$repo"/ha-*/src "$repo"/examples/web-cluster/src "$repo"/pom.xml \
        -newer "$jar" -type f -print -quit 2>/dev/null)" ]]; then
      stale=yes
    fi
  done
  if [[ -n "$stale" ]]; then
    say "Building ha-cli and the example (./mvnw -B -q -DskipTests package)"
    (cd "$repo" && ./mvnw -B -q -DskipTests package -pl ha-cli,examples/web-cluster -am)
  fi
fi
for jar in "$node_jar" "$cli_jar"; do
  [[ -f "$jar" ]] || { echo "run.sh: $jar is missing" >&2; exit 1; }
done

# ---- everything created is recorded here and removed on exit ---------------------------------
work="$(mktemp -d /tmp/ha4j-web-cluster.XXXXXX)"
tag="h4$$"
namespaces=()
pids=()
watchdog=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [[ -n "$watchdog" ]] && kill "$watchdog" 2>/dev/null || true
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for f in "$work"/node*.pid; do [[ -f "$f" ]] && kill -9 "$(cat "$f")" 2>/dev/null || true; done
  for ns in "${namespaces[@]}"; do
    # every process still inside (a guard, a node) dies with its namespace
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
  done
  for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  if [[ $keep == true ]]; then
    echo "run.sh: logs kept in $work"
  else
    rm -rf "$work"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM
(
  trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
  sleep "$max_seconds" & sleeper=$!
  wait "$sleeper"
  echo "run.sh: no end after ${max_seconds}s, stopping" >&2
  kill -TERM $$
) 2>/dev/null &
watchdog=$!

# ---- network -----------------------------------------------------------------------------------
use_netns=false
if [[ "${HA4J_DEMO_NETWORK:-}" != loopback ]] && [[ "$(id -u)" == 0 ]] && command -v ip >/dev/null \
    && ip netns add "$tag-br" 2>/dev/null; then
  use_netns=true
  namespaces+=("$tag-br")
fi

if [[ $use_netns == true ]]; then
  say "Network: namespaces $tag-node1..3 and $tag-client on a bridge; VIP 10.77.0.100/24"
  ip -n "$tag-br" link add br0 type bridge
  ip -n "$tag-br" link set br0 up
  i=0
  for name in node1 node2 node3 client; do
    i=$((i + 1))
    ns="$tag-$name"
    ip netns add "$ns"
    namespaces+=("$ns")
    ip -n "$tag-br" link add "v$i" type veth peer name eth0 netns "$ns"
    ip -n "$tag-br" link set "v$i" master br0 up
    ip -n "$ns" link set lo up
    host=$([[ $name == client ]] && echo 50 || echo "$i")
    ip -n "$ns" addr add "10.77.0.$host/24" dev eth0
    ip -n "$ns" link set eth0 up
  done
  peer_host() { echo "10.77.0.$1"; }
  raft_port=9870
  service_address=10.77.0.100
  service_port=8080
  in_node() { local n=$1; shift; ip netns exec "$tag-node$n" "$@"; }
  in_client() { ip netns exec "$tag-client" "$@"; }
  node_args=(--vip 10.77.0.100/24 --nic eth0)
else
  say "Network: loopback (not root, or no network namespaces): no VIP; the service address 127.0.0.100 is bound by the active node only"
  free_port() {  # a port nobody listens on, from $1 upwards
    local p=$1
    while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
    echo "$p"
  }
  peer_host() { echo 127.0.0.1; }
  raft_port=$(free_port 19870)
  service_address=127.0.0.100
  service_port=$(free_port 18080)
  in_node() { shift; "$@"; }
  in_client() { "$@"; }
  node_args=(--address 127.0.0.100)
fi

port_of() { if [[ $use_netns == true ]]; then echo "$raft_port"; else echo $((raft_port + $1 * 3)); fi; }
if [[ $use_netns == false ]]; then  # three distinct free ports on loopback
  for n in 1 2 3; do
    while (exec 3<>"/dev/tcp/127.0.0.1/$(port_of $n)") 2>/dev/null; do raft_port=$((raft_port + 1)); done
  done
fi
peers="node1@$(peer_host 1):$(port_of 1),node2@$(peer_host 2):$(port_of 2),node3@$(peer_host 3):$(port_of 3)"
raft_addresses="$(peer_host 1):$(port_of 1),$(peer_host 2):$(port_of 2),$(peer_host 3):$(port_of 3)"
url="http://$service_address:$service_port/"

# the ha4j command, run where a client would be (a Raft client, not a node)
export HA4J_JAVA_OPTS="${HA4J_JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto}"
ha4j() { in_client "$repo/bin/ha4j" "$@" --raft "$raft_addresses"; }

# one GET of the service, answering "node2" or nothing (bash's /dev/tcp: no curl needed)
who_answers() {
  in_client timeout 1 bash -c "exec 3<>/dev/tcp/$service_address/$service_port && \
    printf 'GET / HTTP/1.0\r\nHost: demo\r\n\r\n' >&3 && cat <&3" 2>/dev/null | sed -n 's/^Hello from //p' | tr -d '\r' || true
}

# ---- start the nodes ---------------------------------------------------------------------------
node_java_opts=(-Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto)
start_node() {
  local n=$1
  in_node "$n" "$java" "${node_java_opts[@]}" -jar "$node_jar" --node "node$n" --peers "$peers" \
    --data "$work/node$n" --port "$service_port" --timing "$timing" --pid-file "$work/node$n.pid" "${node_args[@]}" \
    >>"$work/node$n.log" 2>&1 &
  pids+=($!)
  disown $!  # no "Killed" notices from the shell when a node is killed
}
say "Starting node1, node2, node3 (three JVMs, embedded Raft, $timing timing; logs in $work)"
t_start=$(now_ms)
for n in 1 2 3; do start_node "$n"; done

active=""
deadline=$((SECONDS + 90))
while [[ -z "$active" ]] && ((SECONDS < deadline)); do
  sleep 0.5
  active="$(who_answers)"
done
if [[ -z "$active" ]]; then
  echo "run.sh: the web service did not come up within 90 s; node logs:" >&2
  tail -n 20 "$work"/node*.log >&2
  exit 1
fi
echo "$url answers: Hello from $active ($(( $(now_ms) - t_start )) ms after the JVMs were launched)"

say "bin/ha4j status"
status_before="$(ha4j status)"
echo "$status_before"
leader_before=$(sed -n 's/.*Current leader: \(node[0-9]*\).*/\1/p' <<<"$status_before")

# ---- kill -9 the active node -------------------------------------------------------------------
n_active=${active#node}
victim_pid=$(cat "$work/node$n_active.pid")
in_client "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$node_jar" io.ha4j.examples.web.WebClient "$url" 60 \
  >"$work/client.log" 2>&1 &
client=$!
pids+=("$client")
deadline=$((SECONDS + 20))
until grep -q answer "$work/client.log" 2>/dev/null || ((SECONDS >= deadline)); do sleep 0.1; done

say "kill -9 $victim_pid   ($active, which runs WebGroup)"
t_kill=$(now_ms)
kill -9 "$victim_pid"

if ! wait "$client"; then
  echo "run.sh: no other node answered on $url within 60 s; client log and node logs:" >&2
  cat "$work/client.log" >&2
  tail -n 30 "$work"/node*.log >&2
  exit 1
fi
new_line=$(grep ' answer ' "$work/client.log" | tail -1)
t_new=${new_line%% *}
new_node=${new_line##* }
first_gap=$(awk -v k="$t_kill" '$2 == "no-answer" && $1 >= k - 100 { print $1; exit }' "$work/client.log")
takeover_ms=$((t_new - t_kill))
printf '%s\n' "Client's view of $url:"
awk -v k="$t_kill" '{ printf "  t%+7.3f s  %s\n", ($1 - k) / 1000, ($2 == "answer" ? "Hello from " $3 : "no answer") }' "$work/client.log"

say "Takeover: WebGroup moved from $active to $new_node"
echo "TAKEOVER_MS=$takeover_ms"
printf 'The service answered from %s %d.%03d s after kill -9 of %s' "$new_node" $((takeover_ms / 1000)) $((takeover_ms % 1000)) "$active"
[[ -n "$first_gap" ]] && printf ' (the client saw no answer for %d.%03d s)' $(((t_new - first_gap) / 1000)) $(((t_new - first_gap) % 1000))
echo
if [[ $timing == DEFAULT ]]; then
  echo "DEFAULT timing: the lease is 3 s; the worst case is lease + fence delay + a heartbeat (~4 s) plus the agents' start"
else
  echo "LAN_FAST timing: the lease is 400 ms; the worst case is ~0.6 s plus the agents' start"
fi
if [[ "$leader_before" == "$active" ]]; then
  echo "($active was also the controller: the survivors first elected a new one)"
fi
if [[ $use_netns == true ]]; then
  if ip -n "$tag-node$n_active" -o addr show dev eth0 | grep -q '10\.77\.0\.100/'; then
    echo "WARNING: the VIP is still configured on $active's interface"
  else
    echo "The VIP is gone from $active's interface (its guard process removed it when the JVM died); it is on $new_node only:"
    for n in 1 2 3; do
      ip -n "$tag-node$n" -o addr show dev eth0 | awk -v n="node$n" '/10\.77\.0\.100\// { print "  " n ": " $4 }'
    done
  fi
fi

say "bin/ha4j status (after the takeover)"
ha4j status

if [[ $short == false ]]; then
  say "Restarting $active: it rejoins; stickiness keeps WebGroup on $new_node"
  start_node "$n_active"
  deadline=$((SECONDS + 60))
  while ha4j status --json 2>/dev/null | grep -q '"status" : "OFFLINE"' && ((SECONDS < deadline)); do
    sleep 1
  done
  ha4j status

  say "bin/ha4j drill WebGroup   (a planned failover rehearsal: move away, measure, clear)"
  ha4j drill WebGroup --limit 60s
  echo "$url answers: Hello from $(who_answers)"

  say "bin/ha4j drill WebGroup --kill   (a hard-failure rehearsal: SIGKILL of the node's JVM, found by its pid file)"
  ha4j drill WebGroup --kill --pid-file "$work/{node}.pid" --limit 60s
  echo "$url answers: Hello from $(who_answers)"
fi

say "Done: takeover after kill -9 in $takeover_ms ms ($timing timing); cleaning up"
