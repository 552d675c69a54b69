#!/usr/bin/env bash
# Small-chunk write benchmark of one storage-node process (NodeWriteBench), before/after style:
#   storage-node/run-node-bench.sh "segments"                              # the node as configured by default
#   NODE_SMALL_CHUNK_MAX=0 storage-node/run-node-bench.sh "file-per-chunk"  # every chunk in its own file, as before segments
#   NODE_JAVA_OPTS="-XX:TieredStopAtLevel=1 -Xmx256m -XX:+UseSerialGC" storage-node/run-node-bench.sh c1  # the local cluster's node flags
#   CONFIGS=32x9 storage-node/run-node-bench.sh                # only 32 writers sending batches of 9 (default: 1x1,1x9,32x1,32x9)
# Needs `./mvnw -pl storage-node -am install -DskipTests` first. Prints per-run lines, RESULT medians, the dd floor and the load.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh && pick_jdk >/dev/null
label=${1:-node}
work=$(mktemp -d "${TMPDIR:-/tmp}/node-bench.XXXXXX")
mkdir -p "$work/data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token=bench-token
cp_file="$work/cp.txt"
./mvnw -B -q -o -pl storage-node dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
NODE_ID=bench NODE_DATA_DIR="$work/data" NODE_RESERVE=0 CLUSTER_TOKEN=$token QUARKUS_HTTP_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1 \
    "$JAVA_HOME/bin/java" ${NODE_JAVA_OPTS:-} -jar storage-node/target/quarkus-app/quarkus-run.jar >"$work/node.log" 2>&1 &
node_pid=$!
trap 'kill $node_pid 2>/dev/null || true; wait $node_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/q/health/live" >/dev/null && break
    sleep 0.2
done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -cp "storage-node/target/test-classes:storage-node/target/classes:common/target/classes:cluster-io/target/classes:$(cat "$cp_file")" \
    io.hybridstore.node.bench.NodeWriteBench "http://127.0.0.1:$port" $token $node_pid "$label" ${CONFIGS:-1x1,1x9,32x1,32x9}
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "dd floor (same disk, 1000 x 4 KiB, O_DSYNC): $(dd if=/dev/zero of="$work/dd" bs=4k count=1000 oflag=dsync 2>&1 | tail -1)"
