#!/usr/bin/env bash
# The catalogue's listing at 10k, 100k and 1M objects (issue 15): loads records with their index
# entries into etcd, then times a prefix page of 1,000, a selective and a non-selective filtered page
# from random cursors, with etcd's db size at each size. Not a test.
#
#   bench/run-list-bench.sh                          # make bench-list
#   SIZES=10000,100000 SAMPLES=50 bench/run-list-bench.sh
#   WRITE_ROUNDS=2000 (default): first, a record's commit transaction with and without its index puts
#   S3=1 (default): a bucket of as many blob records as the last size, and ListObjectsV2 through a gateway
#   JFR=1: a JFR recording (settings=profile) of each timing step's JVM and of the gateway, under bench/target/list-bench/*.jfr
#   WARM_ROUNDS=3 (default): rounds of 100 untimed pages of every query before the samples (each round's figures printed);
#   S3_WARM_ROUNDS=10 (default) for ListObjectsV2 (the gateway's JIT takes longer)
#   KEEP=1 (default): keep each size's loaded etcd data under bench/target/list-bench/data-<hash>/ for
#     the next run (KEEP=0: load into a scratch directory and remove it at the end)
#
# Each size has an etcd of its own (free loopback ports, 8 GiB quota, revision auto-compaction, 1,024
# operations per transaction for the loader's large transactions), on a
# data directory loaded once: a size is loaded by copying the next smaller size's directory and
# adding the rest, then compacted. <hash> covers what decides what is loaded (the loader, and the keys
# and bytes of a sample of the records: LoadFingerprint), so a change to it loads afresh; an older
# hash's data is removed. Build the bench first when its sources changed (the hash is the built code's). The
# pages are read-only; the recount and report write a few usage keys, the S3 step an access key.
# Run it under the bench lock on a shared machine: flock /work/locks/bench.lock make bench-list
{
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
pick_jdk
ensure_etcd

out=$(pwd)/bench/target/list-bench
bench_cp=bench/target/classes/io/hybridstore/bench/small/small-bench.classpath
if [ ! -f "$bench_cp" ] || [ ! -f bench/target/classes/io/hybridstore/bench/list/ListBenchMain.class ]; then
  echo "building the bench ..." >&2
  ./mvnw -B -q -ntp -DskipTests -pl bench -am install
fi
IFS=, read -r -a sizes <<<"${SIZES:-10000,100000,1000000}"
samples=${SAMPLES:-100}
last=${sizes[${#sizes[@]}-1]}
# What decides the loaded keys and values: the loader's source and the bytes it would put for a
# sample of the records (LoadFingerprint), so a change to the timing code or a decoder keeps the data.
hash=$({ cat bench/src/main/java/io/hybridstore/bench/list/BulkLoader.java
  "$JAVA_HOME/bin/java" -cp "bench/target/classes:$(cat "$bench_cp")" io.hybridstore.bench.list.LoadFingerprint; } | sha1sum | cut -c1-10)
if [ "${KEEP:-1}" = 1 ]; then
  data=$out/data-$hash
  for old in "$out"/data-*; do [ "$old" = "$data" ] || rm -rf "$old"; done
else
  data=$out/scratch
  rm -rf "$data"
fi
mkdir -p "$data"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
etcd_pid=; gateway_pid=
start_etcd() { # $1: data directory
  client=$(free_port); local peer; peer=$(free_port)
  env -u ETCD_ENDPOINTS etcd --name list-bench --data-dir "$1" \
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "list-bench=http://127.0.0.1:$peer" --quota-backend-bytes 8589934592 --max-txn-ops 1024 \
    --auto-compaction-mode revision --auto-compaction-retention 10000 >>"$out/etcd.log" 2>&1 &
  etcd_pid=$!
  local t0=$SECONDS
  for _ in $(seq 1500); do # a data directory of 1M records takes a while to open
    curl -fs "http://127.0.0.1:$client/health" | grep -q true && break
    kill -0 "$etcd_pid" 2>/dev/null || { echo "etcd on $1 stopped; see $out/etcd.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "etcd on ${1#"$out"/} serving after $((SECONDS - t0)) s" >&2
}
stop_pid() { [ -z "$1" ] || { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }; }
cleanup() {
  stop_pid "$gateway_pid"; stop_pid "$etcd_pid"
  [ "${KEEP:-1}" = 1 ] || rm -rf "$data"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
jfr() { # $1: a name; the JVM option that records it when JFR=1
  [ "${JFR:-0}" = 1 ] && echo "-XX:FlightRecorderOptions=stackdepth=128 -XX:StartFlightRecording=filename=$out/$1.jfr,settings=profile" || true
}
step() { # ListBenchMain STEP ARGS... against the running etcd
  ETCD_PID=$etcd_pid GATEWAY_PID=$gateway_pid "$JAVA_HOME/bin/java" $(jfr "step-$1-$(date +%H%M%S)") -XX:+UseSerialGC -Xmx1g -cp "bench/target/classes:$(cat "$bench_cp")" \
    io.hybridstore.bench.list.ListBenchMain "$1" "http://127.0.0.1:$client" "${@:2}"
}
# Loads $2 into $data/$1 (a name) from the largest smaller one kept, with the step $3 (load or bucket-load).
ensure_loaded() {
  local dir=$data/$1 count=$2 from=0 base
  [ -f "$dir/loaded" ] && { echo "$1: reusing the etcd data loaded on $(cat "$dir/loaded")" >&2; return; }
  rm -rf "$dir"; mkdir -p "$dir"
  if [ "$3" = load ]; then
    for base in "${sizes[@]}"; do
      if [ "$base" -lt "$count" ] && [ -f "$data/$base/loaded" ]; then from=$base; fi
    done
    [ "$from" = 0 ] || cp -a "$data/$from/etcd" "$dir/etcd"
  fi
  start_etcd "$dir/etcd"
  if [ "$3" = load ]; then step load "$from" "$count"; else step bucket-load "$count"; fi
  stop_pid "$etcd_pid"; etcd_pid=
  date -u +%FT%TZ >"$dir/loaded"
}

report=$out/list-$(date -u +%Y%m%dT%H%M%SZ).md
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine skews every figure)" | tee "$report" >&2
if [ "${WRITE_ROUNDS:-2000}" -gt 0 ]; then
  rm -rf "$out/write-cost"; start_etcd "$out/write-cost"
  step write-cost "${WRITE_ROUNDS:-2000}" | tee -a "$report"
  stop_pid "$etcd_pid"; etcd_pid=; rm -rf "$out/write-cost"
fi
echo "| objects | query | p50 ms | p99 ms | items per page | CPU ms per page (etcd / bench) | etcd requests per page (ranges + txns, KiB sent) | etcd db size |" | tee -a "$report"
echo "|---|---|---|---|---|---|---|---|" | tee -a "$report"
for size in "${sizes[@]}"; do
  ensure_loaded "$size" "$size" load
  start_etcd "$data/$size/etcd"
  step time "$size" "$samples" | tee -a "$report"
  stop_pid "$etcd_pid"; etcd_pid=
done
# ListObjectsV2 goes through a gateway's S3 listener on an etcd holding only the bucket. Only the
# catalogue is used: the broker it names does not exist (no write goes through it), its WAL replay is off.
if [ "${S3:-1}" = 1 ]; then
  [ -f api-gateway/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -ntp -DskipTests -pl api-gateway -am install
  ensure_loaded "bucket-$last" "$last" bucket-load
  start_etcd "$data/bucket-$last/etcd"
  http_port=$(free_port); s3_port=$(free_port); no_broker=$(free_port)
  env ETCD_ENDPOINTS="http://127.0.0.1:$client" KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$no_broker" CLUSTER_TOKEN=list-bench \
    GATEWAY_ID=list-bench GATEWAY_REPLAY_ENABLED=false QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$http_port" \
    GATEWAY_S3_HOST=127.0.0.1 GATEWAY_S3_PORT="$s3_port" \
    "$JAVA_HOME/bin/java" $(jfr gateway) --add-modules=jdk.incubator.vector -Xmx256m -XX:+UseSerialGC -jar api-gateway/target/quarkus-app/quarkus-run.jar \
    >"$out/gateway.log" 2>&1 &
  gateway_pid=$!
  # An etcd that has just opened a 1M-key db can answer the gateway's first range past its timeout
  # (a 503 in the run of 2026-12-04 18:05, after 92 s to open under load): the step is tried twice.
  step bucket-time "http://127.0.0.1:$s3_port" "$last" "$samples" | tee -a "$report" \
    || { echo "ListObjectsV2 failed; once more" >&2; step bucket-time "http://127.0.0.1:$s3_port" "$last" "$samples" | tee -a "$report"; }
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); report in $report" >&2
exit
}
