#!/usr/bin/env bash
# Blob throughput on a local cluster: upload and download one 1 GiB blob through the gateway,
# next to the raw disk write speed of this machine (dd of 1.5 GiB with fsync). Not a test.
#
#   bench/run-blob-bench.sh              # 1 GiB, 3 rounds; ~2 minutes on 2 cores plus cluster start
#   SIZE_MIB=256 ROUNDS=1 bench/run-blob-bench.sh
#
# Starts its own cluster on free ports under bench/target/blob-bench (8 nodes, 1 gateway, 1 healer)
# and stops it at the end, whatever happens. Builds the jars first if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
pick_jdk
ensure_etcd

SIZE_MIB=${SIZE_MIB:-1024}
ROUNDS=${ROUNDS:-3}
dir=$(pwd)/bench/target/blob-bench
launcher_cp=local-cluster/target/classes/io/hybridstore/cluster/launcher.classpath
for jar in storage-node api-gateway healer; do
  [ -f "$jar/target/quarkus-app/quarkus-run.jar" ] || need_build=1
done
if [ -n "${need_build:-}" ] || [ ! -f "$launcher_cp" ]; then
  echo "building the apps ..." >&2
  ./mvnw -B -q -ntp -DskipTests install
fi
cluster() {
  "$JAVA_HOME/bin/java" -cp "local-cluster/target/classes:$(cat "$launcher_cp")" io.hybridstore.cluster.LocalClusterMain \
    --dir "$dir" --free-ports --nodes 8 --gateways 1 --healers 1 "$@"
}

mkdir -p "$dir"
trap 'cluster down >/dev/null 2>&1 || true; rm -f "$dir/blob.bin" "$dir/dd.test"' EXIT
echo "disk: dd of 1536 MiB with conv=fsync ..." >&2
dd_line=$(dd if=/dev/zero of="$dir/dd.test" bs=1M count=1536 conv=fsync 2>&1 | tail -1)
rm -f "$dir/dd.test"
cluster up >&2
. "$dir/cluster.env"

echo
echo "| round | upload s | upload MB/s | download s | download MB/s |"
echo "|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  # New random bytes each round: shard ids derive from content, so a repeated blob would find its
  # chunks already on the nodes and measure less than a real upload.
  head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$dir/blob.bin"
  sha=$(sha256sum "$dir/blob.bin" | cut -d' ' -f1)
  name="bench/$SIZE_MIB-$round"
  up=$(curl -sS -o "$dir/put.json" -w '%{http_code} %{time_total}' -T "$dir/blob.bin" \
       -H 'Content-Type: application/octet-stream' "$GATEWAY_URL/blobs/$name")
  [ "${up%% *}" = 200 ] || { echo "upload answered ${up%% *}: $(cat "$dir/put.json")" >&2; exit 1; }
  down=$(curl -sS -o /dev/null -D "$dir/get.headers" -w '%{http_code} %{time_total}' "$GATEWAY_URL/blobs/$name")
  [ "${down%% *}" = 200 ] || { echo "download answered ${down%% *}" >&2; exit 1; }
  grep -qi "^etag: \"$sha\"" "$dir/get.headers" || { echo "ETag is not the file's SHA-256 $sha" >&2; exit 1; }
  awk -v r="$round" -v mib="$SIZE_MIB" -v u="${up#* }" -v d="${down#* }" \
    'BEGIN { b = mib * 1048576 / 1e6; printf "| %d | %.2f | %.0f | %.2f | %.0f |\n", r, u, b / u, d, b / d }'
done
echo
echo "size: $SIZE_MIB MiB of fresh random bytes per round (each download's ETag matched the file's SHA-256)"
echo "disk: $dd_line"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
