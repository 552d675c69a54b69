#!/usr/bin/env bash
# Blob throughput on a local cluster: upload and download one 1 GiB blob through the gateway,
# next to the raw disk write speed of this machine (dd of 1.5 GiB with fsync). Not a test.
#
#   bench/run-blob-bench.sh                        # 1 GiB: 6 warm-up rounds, then 3 measured; ~4 minutes
#   SIZE_MIB=256 WARMUP=1 ROUNDS=1 bench/run-blob-bench.sh
#
# Starts its own cluster on free ports under bench/target/blob-bench (8 nodes, 1 gateway, 1 healer;
# every app a JVM with -Xmx256m, as `make run` starts them) and stops it at the end, whatever
# happens. Builds the jars first if they are missing.
#
# Warm-up: 10 JVMs share 2 cores here, and each JIT-compiles the request path as its invocation
# counts climb; measured, a fresh cluster still spent 1-2 CPU-s per 1 GiB upload compiling after 5
# rounds. The warm-up rounds are printed too, and every round reports the JIT time it contained.
# NODE_JIT: unset, the storage nodes run tiered-early (compile thresholds at a tenth), as under `make run`; c1 (C1 only) or tiered (the JVM's default) for an A/B (NodeJit).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
pick_jdk
ensure_etcd

SIZE_MIB=${SIZE_MIB:-1024}
WARMUP=${WARMUP:-6}
ROUNDS=${ROUNDS:-3}
dir=$(pwd)/bench/target/blob-bench
. bench/local-cluster.sh
build_if_missing storage-node api-gateway healer
cluster() { local_cluster --nodes 8 --gateways 1 --healers 1 "$@"; }

# Seconds the cluster's JVMs spent JIT-compiling so far.
jit() {
  for pid in $(pgrep -f 'hybridstore.member.dir='"$dir"); do
    "$JAVA_HOME/bin/jstat" -compiler "$pid" 2>/dev/null | awk 'NR == 2 {print $4}'
  done | awk '{t += $1} END {printf "%.2f\n", t}'
}

# A fresh cluster each run (its JVMs are fresh anyway); its data goes at the end, its logs stay.
cluster down >/dev/null 2>&1 || true
rm -rf "$dir"
mkdir -p "$dir"
trap 'cluster down >/dev/null 2>&1 || true; rm -rf "$dir"/blob.bin "$dir"/dd.test "$dir"/node-*/data "$dir"/kafka "$dir"/etcd' EXIT
echo "disk: dd of 1536 MiB with conv=fsync, buffered then O_DIRECT ..." >&2
dd_line=$(dd if=/dev/zero of="$dir/dd.test" bs=1M count=1536 conv=fsync 2>&1 | tail -1)
rm -f "$dir/dd.test"
dd_direct=$(dd if=/dev/zero of="$dir/dd.test" bs=1M count=1536 oflag=direct conv=fsync 2>&1 | tail -1 || echo "O_DIRECT refused here")
rm -f "$dir/dd.test"
cluster up >&2
. "$dir/cluster.env"

# One file for every round: stripe shard ids name the upload, so each round writes new chunks.
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$dir/blob.bin"
sha=$(sha256sum "$dir/blob.bin" | cut -d' ' -f1)

echo
echo "| round | upload s | upload MB/s | download s | download MB/s | CPU-s up: gateway / nodes | CPU-s down: gateway / nodes | JIT compile s in round (all JVMs) |"
echo "|---|---|---|---|---|---|---|---|"
for round in $(seq 1 "$((WARMUP + ROUNDS))"); do
  name="bench/$SIZE_MIB-$round"
  j0=$(jit); c0=$(cpu)
  up=$(curl -sS -o "$dir/put.json" -w '%{http_code} %{time_total}' -T "$dir/blob.bin" \
       -H 'Content-Type: application/octet-stream' "$GATEWAY_URL/blobs/$name")
  [ "${up%% *}" = 200 ] || { echo "upload answered ${up%% *}: $(cat "$dir/put.json")" >&2; exit 1; }
  c1=$(cpu)
  down=$(curl -sS -o /dev/null -D "$dir/get.headers" -w '%{http_code} %{time_total}' "$GATEWAY_URL/blobs/$name")
  [ "${down%% *}" = 200 ] || { echo "download answered ${down%% *}" >&2; exit 1; }
  c2=$(cpu); j1=$(jit)
  grep -qi "^etag: \"$sha\"" "$dir/get.headers" || { echo "ETag is not the file's SHA-256 $sha" >&2; exit 1; }
  label=$([ "$round" -le "$WARMUP" ] && echo "warm-up $round" || echo "$((round - WARMUP))")
  echo "$c0 $c1 $c2" | awk -v r="$label" -v mib="$SIZE_MIB" -v u="${up#* }" -v d="${down#* }" -v t="$ticks" -v j="$(echo "$j1 - $j0" | bc)" \
    '{ b = mib * 1048576 / 1e6;
       printf "| %s | %.2f | %.0f | %.2f | %.0f | %.1f / %.1f | %.1f / %.1f | %.1f |\n", r, u, b / u, d, b / d,
         ($3 - $1) / t, ($4 - $2) / t, ($5 - $3) / t, ($6 - $4) / t, j }'
done
echo
echo "size: $SIZE_MIB MiB of random bytes, uploaded as a new blob each round (each download's ETag matched the file's SHA-256)"
echo "disk, buffered: $dd_line"
echo "disk, O_DIRECT: $dd_direct"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
