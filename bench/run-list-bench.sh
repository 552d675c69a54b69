#!/usr/bin/env bash
# The catalogue's listing at 10k, 100k and 1M objects (issue 15): loads records with their index
# entries into a dedicated etcd, then times a prefix page of 1,000, a selective and a non-selective
# filtered page from random cursors, with etcd's db size at each step. Not a test.
#
#   bench/run-list-bench.sh                          # make bench-list
#   SIZES=10000,100000 SAMPLES=50 bench/run-list-bench.sh
#   WRITE_ROUNDS=2000 (default): first, a record's commit transaction with and without its index puts
#   S3=1 (default): at the last size, a bucket of as many blob records and ListObjectsV2 through a gateway
#
# etcd runs on free loopback ports under bench/target/list-bench/etcd with an 8 GiB quota (1M
# records, their indexes and etcd's overhead pass the 2 GiB default before any compaction) and is
# stopped and its data removed at the end; its log stays. Run it under the cluster lock on a shared
# machine: flock /work/locks/cluster.lock make bench-list
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
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
client=$(free_port); peer=$(free_port)
rm -rf "$out/etcd"; mkdir -p "$out/etcd"
env -u ETCD_ENDPOINTS etcd --name list-bench --data-dir "$out/etcd/data" \
  --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
  --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
  --initial-cluster "list-bench=http://127.0.0.1:$peer" --quota-backend-bytes 8589934592 \
  --auto-compaction-mode revision --auto-compaction-retention 10000 >"$out/etcd.log" 2>&1 &
etcd_pid=$!
gateway_pid=
cleanup() {
  [ -z "$gateway_pid" ] || { kill "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; }
  kill "$etcd_pid" 2>/dev/null || true; wait "$etcd_pid" 2>/dev/null || true; rm -rf "$out/etcd"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$client/health" | grep -q true && break
  sleep 0.2
done
# ListObjectsV2 goes through a gateway's S3 listener on this etcd. Only the catalogue is used: the
# broker it names does not exist (no write goes through it) and its WAL replay is off.
s3_url=
if [ "${S3:-1}" = 1 ]; then
  [ -f api-gateway/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -ntp -DskipTests -pl api-gateway -am install
  http_port=$(free_port); s3_port=$(free_port); no_broker=$(free_port)
  env ETCD_ENDPOINTS="http://127.0.0.1:$client" KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$no_broker" CLUSTER_TOKEN=list-bench \
    GATEWAY_ID=list-bench GATEWAY_REPLAY_ENABLED=false QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$http_port" \
    GATEWAY_S3_HOST=127.0.0.1 GATEWAY_S3_PORT="$s3_port" \
    "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector -Xmx256m -XX:+UseSerialGC -jar api-gateway/target/quarkus-app/quarkus-run.jar \
    >"$out/gateway.log" 2>&1 &
  gateway_pid=$!
  s3_url="http://127.0.0.1:$s3_port"
fi
echo "load average before the start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on this machine skews every figure)" >&2
ETCD_PID=$etcd_pid GATEWAY_PID=$gateway_pid S3_URL=$s3_url "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx1g -cp "bench/target/classes:$(cat "$bench_cp")" \
  io.hybridstore.bench.list.ListBenchMain "http://127.0.0.1:$client" "${SIZES:-10000,100000,1000000}" "${SAMPLES:-100}" "${WRITE_ROUNDS:-2000}" \
  | tee "$out/list-$(date -u +%Y%m%dT%H%M%SZ).md"
exit
}
