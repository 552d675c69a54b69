#!/usr/bin/env bash
# Small documents on a local cluster (issue 14): writes, reads and a mixed run at 1, 8 and 32
# clients beside the floors of the same run, with CPU per process; or, with `heal`, a node SIGKILLed
# under load and the time to full redundancy. Not a test.
#
#   bench/run-small-bench.sh                 # make bench-small: ~6 minutes with the defaults, up to 10 more while the JIT settles
#   bench/run-small-bench.sh heal            # make bench-heal: 10,000 documents, the floors, the heal's load until the JIT settles, kill node-3; ~8-12 min
#   PHASE=60s FLOOR=10s bench/run-small-bench.sh
#
# Knobs (environment; unset ones take SmallBenchSettings' defaults): WARMUP (30s; the small mode only: an equal
# share of each measured phase's shape in turn, writes and reads at each client count, then the mixed run), then up
# to WARMUP_MAX (600s) more, in 10-s windows, until the cluster's JIT compiler threads use at most JIT_SETTLED
# (0.3) CPU-s in one window (the report's notes say whether they did; the heal mode runs only these windows,
# of its own load, after the documents are written), PHASE (20s),
# FLOOR (5s), CLIENTS (1,8,32), MIXED_CLIENTS (32), READ_PERCENT (80), TEXT_BYTES (3072),
# HEAL_DOCS (10000), HEAL_CLIENTS (32), HEAL_BEFORE (20s), HEAL_TIMEOUT (1800s, from the kill), HEAL_VICTIM (node-3);
# HEALERS (2): 0 runs the small bench without healers, to see what they cost the write path (an A/B
# switch, not the shape the figures are recorded in; the heal mode needs one).
# NODE_JIT: unset, the storage nodes run tiered-early (compile thresholds at a tenth), as under `make run`; c1 (C1 only) or tiered (the JVM's default) for an A/B (NodeJit).
# GATEWAY_JIT: unset, the gateway runs tiered (the JVM's default); tiered-early or c1 for an A/B (session 26).
# HEALER_JIT: unset, the healers run tiered (the JVM's default); tiered-early or c1 for an A/B of the heal (session 27).
# NODE_HEAP, GATEWAY_HEAP: unset, the nodes and the gateway run small (-Xmx256m, AppHeap, as under `make run`); large-young or small-no-survivor for an A/B (session 28).
# HEALER_HEAP: the same for the healers (session 30).
#
# Starts its own cluster on free ports under bench/target/small-bench/cluster-<mode>, in the shape
# of `make up` (8 nodes, 1 gateway, 2 healers; every app started by LocalClusterMain with the same
# JVM flags as `make run`), and stops it and removes its data at the end whatever happens; its logs
# stay. The tables go to stdout, the JSON to bench/target/small-bench/<mode>-<time>.json. Builds
# the jars first if they are missing.
# The body is one { } block: bash reads it whole before running it, so editing this file while a
# run is under way (runs take minutes) cannot change what that run executes.
{
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
pick_jdk
ensure_etcd

mode=${1:-small}
case "$mode" in small|heal) ;; *) echo "usage: $0 [small|heal]" >&2; exit 2 ;; esac
out=$(pwd)/bench/target/small-bench
dir=$out/cluster-$mode
bench_cp=bench/target/classes/io/hybridstore/bench/small/small-bench.classpath
. bench/local-cluster.sh
build_if_missing storage-node api-gateway healer "$bench_cp"
# /proc/PID/stat counts CPU in USER_HZ ticks; SmallBenchMain reads them as hundredths of a second.
[ "$(getconf CLK_TCK)" = 100 ] || { echo "CLK_TCK is $(getconf CLK_TCK), not 100: the CPU figures would be wrong" >&2; exit 1; }

cluster() { local_cluster --nodes 8 --gateways 1 --healers "${HEALERS:-2}" "$@"; }
cleanup() {
  cluster down >/dev/null 2>&1 || true
  rm -rf "$dir"/*/data "$dir"/kafka "$dir"/etcd "$dir"/apps
}

# A fresh cluster each run; its data goes at the end, its logs stay.
cluster down >/dev/null 2>&1 || true
rm -rf "$dir"
mkdir -p "$dir"
trap cleanup EXIT
trap 'exit 130' INT TERM
echo "load average before the start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine skews every figure)" >&2
cluster up >&2

args=(--cluster-dir "$dir" --mode "$mode" --out "$out")
add() { [ -z "${2:-}" ] || args+=("$1" "$2"); }
add --warmup "${WARMUP:-}"; add --warmup-max "${WARMUP_MAX:-}"; add --jit-settled "${JIT_SETTLED:-}"; add --phase "${PHASE:-}"; add --floor "${FLOOR:-}"; add --clients "${CLIENTS:-}"
add --mixed-clients "${MIXED_CLIENTS:-}"; add --read-percent "${READ_PERCENT:-}"; add --text-bytes "${TEXT_BYTES:-}"
add --heal-docs "${HEAL_DOCS:-}"; add --heal-clients "${HEAL_CLIENTS:-}"; add --heal-before "${HEAL_BEFORE:-}"
add --heal-timeout "${HEAL_TIMEOUT:-}"; add --heal-victim "${HEAL_VICTIM:-}"
# The load generator shares the two cores with the cluster: one GC thread, like the apps.
"$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx1g -cp "bench/target/classes:$(cat "$bench_cp")" \
  io.hybridstore.bench.small.SmallBenchMain "${args[@]}"
exit
}
