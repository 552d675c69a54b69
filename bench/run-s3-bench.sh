#!/usr/bin/env bash
# The S3 API beside the blob API on a local cluster: one file (1 GiB by default) uploaded and
# downloaded with `aws s3 cp` (8 MiB parts, 10 in flight: multipart up, ranged GETs down) and with
# curl through PUT/GET /blobs, in the same run, alternating. Not a test.
#
#   bench/run-s3-bench.sh                          # 1 GiB: 1 warm-up round, then 2 measured
#   SIZE_MIB=256 WARMUP=1 ROUNDS=1 bench/run-s3-bench.sh
#   SIGNED=1 bench/run-s3-bench.sh                 # aws-cli signs (SigV4, payload hashes) with the cluster's key
#   JFR=1 bench/run-s3-bench.sh                    # a JFR recording of the gateway, to bench/target/s3-gateway.jfr,
#                                                  # and when each transfer began, to bench/target/s3-phases.txt
#                                                  # (bench/jfr-by-transfer.py cuts the recording by them)
#
# Starts its own cluster on free ports under bench/target/s3-bench (8 nodes, 1 gateway, no healer;
# every app a JVM with -Xmx256m, as `make run` starts them) and stops it at the end, whatever
# happens. Needs aws-cli (scripts/env.sh ensure_s3_clients). aws-cli is anonymous by default (the
# local cluster accepts anonymous requests; it then sends no payload hash, only a CRC32 checksum);
# SIGNED=1 signs with the cluster's key.
# NODE_JIT: unset, the storage nodes run tiered-early (compile thresholds at a tenth), as under `make run`; c1 (C1 only) or tiered (the JVM's default) for an A/B (NodeJit).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
pick_jdk
ensure_etcd
ensure_s3_clients

SIZE_MIB=${SIZE_MIB:-1024}
WARMUP=${WARMUP:-1}
ROUNDS=${ROUNDS:-2}
dir=$(pwd)/bench/target/s3-bench
. bench/local-cluster.sh
build_if_missing storage-node api-gateway
cluster() { local_cluster --nodes 8 --gateways 1 --healers 0 "$@"; }

cluster down >/dev/null 2>&1 || true
rm -rf "$dir"
mkdir -p "$dir"
trap 'cluster down >/dev/null 2>&1 || true; rm -rf "$dir"/file.bin "$dir"/back.bin "$dir"/parts "$dir"/parts-headers "$dir"/node-*/data "$dir"/kafka "$dir"/etcd' EXIT
cluster up >&2
. "$dir/cluster.env"

# aws-cli's transfer settings, spelled out (they are its defaults): 8 MiB parts, 10 requests in flight.
cat > "$dir/aws-config" <<CONFIG
[default]
region = us-east-1
s3 =
  multipart_threshold = 8MB
  multipart_chunksize = 8MB
  max_concurrent_requests = 10
CONFIG
# The client's own CPU seconds (user + system, threads included) go to $dir/aws.cpu: aws-cli is a
# Python program on the same 2 cores as the cluster, curl next to nothing.
# SIGNED=1: aws-cli signs with the cluster's access key (cluster.env) instead of --no-sign-request.
# Over plain HTTP it then signs each body as its SHA-256 (x-amz-content-sha256), which it hashes
# itself and the gateway verifies while the body streams.
# DIAG=1 (the default when aws-cli is anonymous) adds the second table: the same transfers by curl,
# anonymous, so it needs the anonymous aws-cli's bucket (a signed aws-cli's bucket is its key's, and
# curl's requests to it are refused): with SIGNED=1 it is off.
if [ "${SIGNED:-0}" = 1 ]; then
  [ -n "${AWS_ACCESS_KEY_ID:-}" ] || { echo "SIGNED=1, but cluster.env has no access key" >&2; exit 1; }
  [ "${DIAG:-0}" = 0 ] || { echo "DIAG=1 needs an anonymous aws-cli (curl's S3 requests are anonymous); drop SIGNED=1" >&2; exit 1; }
  signing=()
  DIAG=0
else
  signing=(--no-sign-request)
  DIAG=${DIAG:-1}
fi
aws_s3() {
  env -u AWS_CA_BUNDLE AWS_CONFIG_FILE="$dir/aws-config" AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    /usr/bin/time -f '%U %S' -o "$dir/aws.cpu" aws --endpoint-url "$S3_ENDPOINT" "${signing[@]}" "$@" >/dev/null
}
aws_cpu() { awk '{printf "%.1f", $1 + $2}' "$dir/aws.cpu"; }
# curl's own CPU seconds likewise, to $dir/curl.cpu: what the blob API's client costs the same 2 cores.
curl_timed() { /usr/bin/time -f '%U %S' -o "$dir/curl.cpu" curl "$@"; }
curl_cpu() { awk '{printf "%.1f", $1 + $2}' "$dir/curl.cpu"; }
now() { date +%s.%N; }
# When each transfer of a measured round began (epoch seconds, then its name), to cut a JFR recording by transfer.
phase() { echo "$(now) round-$round $1" >> "$dir/phases.txt"; }
# "gateway/nodes" CPU-seconds between two cpu() readings.
cpu_between() { echo "$1 $2" | awk -v t="$ticks" '{printf "%.1f/%.1f", ($3 - $1) / t, ($4 - $2) / t}'; }
# The object read as aws-cli reads it, 8 MiB ranges with 10 in flight, but by one curl (--parallel,
# to /dev/null): through GET /blobs ($1 = blobs) or S3 GetObject ($1 = s3). Its time beside
# aws-cli's separates the client from the gateway, and its S3 time beside its /blobs time the S3 layer.
ranged() {
  local base args=() i
  base=$([ "$1" = s3 ] && echo "$S3_ENDPOINT/bench" || echo "$GATEWAY_URL/blobs/bench")
  for i in $(seq 0 $(((SIZE_MIB - 1) / 8))); do
    args+=(--next -r "$((i * 8388608))-$(((i + 1) * 8388608 - 1))" -o /dev/null "$base/$2")
  done
  curl -sS -f --parallel --parallel-max 10 "${args[@]:1}"
}

# The file uploaded as aws-cli uploads it, by S3 multipart in 8 MiB parts with 10 in flight, but by
# curl (--parallel), whose own CPU is next to nothing: its time beside PUT /blobs is the servers'
# ratio without aws-cli's CPU on the same 2 cores. Its parts are cut from the file before the round.
multipart_by_curl() {
  local key=$1 id args=() i n
  id=$(curl -sS -f -X POST "$S3_ENDPOINT/bench/$key?uploads" | sed -n 's:.*<UploadId>\(.*\)</UploadId>.*:\1:p')
  n=$(find "$dir/parts" -type f | wc -l)
  for i in $(seq 1 "$n"); do
    args+=(--next -f -T "$dir/parts/p.$(printf %04d $((i - 1)))" -o /dev/null -D "$dir/parts-headers/$i" \
      "$S3_ENDPOINT/bench/$key?partNumber=$i&uploadId=$id")
  done
  curl -sS --parallel --parallel-max 10 "${args[@]:1}"
  { echo "<CompleteMultipartUpload>"
    for i in $(seq 1 "$n"); do
      echo "<Part><PartNumber>$i</PartNumber><ETag>$(sed -n 's/^[Ee][Tt][Aa][Gg]: *//p' "$dir/parts-headers/$i" | tr -d '\r')</ETag></Part>"
    done
    echo "</CompleteMultipartUpload>"; } > "$dir/complete.xml"
  curl -sS -f -o /dev/null -X POST --data-binary @"$dir/complete.xml" "$S3_ENDPOINT/bench/$key?uploadId=$id"
}

head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$dir/file.bin"
sum=$(md5sum "$dir/file.bin" | cut -d' ' -f1)
if [ "$DIAG" = 1 ]; then
  mkdir -p "$dir/parts" "$dir/parts-headers"
  split -b 8388608 -d -a 4 "$dir/file.bin" "$dir/parts/p."
fi
aws_s3 s3 mb s3://bench >/dev/null

echo
# The last column takes each client's CPU out of its wall time as if it had had the 2 cores' share
# it used to itself (t - client CPU-s / 2): a model, not a measurement; see docs/benchmarks.md.
echo "| round | PUT /blobs s | aws s3 cp up s | up ratio | GET /blobs s | aws s3 cp down s | down ratio | aws-cli CPU-s up / down | curl CPU-s up / down | gateway/nodes CPU-s: PUT / aws up / GET / aws down | ratio up / down, clients' CPU / 2 out |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
: > "$dir/diag.md"
: > "$dir/phases.txt"
for round in $(seq 1 "$((WARMUP + ROUNDS))"); do
  if [ "${JFR:-0}" = 1 ] && [ "$round" = "$((WARMUP + 1))" ]; then # the measured rounds only, not the warm-up's JIT
    gateway_pid=$(pgrep -f "hybridstore.member.dir=$dir/gateway-" | head -1)
    "$JAVA_HOME/bin/jcmd" "$gateway_pid" JFR.start name=s3bench settings=profile >/dev/null
  fi
  phase put-blobs
  c0=$(cpu); t0=$(now)
  code=$(curl_timed -sS -o "$dir/put.json" -w '%{http_code}' -T "$dir/file.bin" "$GATEWAY_URL/blobs/bench/blob-$round")
  [ "$code" = 200 ] || { echo "PUT /blobs answered $code: $(cat "$dir/put.json")" >&2; exit 1; }
  t1=$(now); c1=$(cpu); curl_up=$(curl_cpu)
  phase aws-up
  aws_s3 s3 cp "$dir/file.bin" "s3://bench/s3-$round"
  t2=$(now); c2=$(cpu); cpu_up=$(aws_cpu)
  phase get-blobs
  code=$(curl_timed -sS -o "$dir/back.bin" -w '%{http_code}' "$GATEWAY_URL/blobs/bench/blob-$round")
  [ "$code" = 200 ] || { echo "GET /blobs answered $code" >&2; exit 1; }
  t3=$(now); c3=$(cpu); curl_down=$(curl_cpu)
  [ "$(md5sum < "$dir/back.bin" | cut -d' ' -f1)" = "$sum" ] || { echo "GET /blobs returned other bytes" >&2; exit 1; }
  rm -f "$dir/back.bin"
  phase aws-down
  c3b=$(cpu); t3b=$(now)
  aws_s3 s3 cp "s3://bench/s3-$round" "$dir/back.bin"
  t4=$(now); c4=$(cpu); cpu_down=$(aws_cpu)
  [ "$(md5sum < "$dir/back.bin" | cut -d' ' -f1)" = "$sum" ] || { echo "aws s3 cp returned other bytes" >&2; exit 1; }
  rm -f "$dir/back.bin"
  label=$([ "$round" -le "$WARMUP" ] && echo "warm-up $round" || echo "$((round - WARMUP))")
  awk -v r="$label" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v d2="$t3b" -v e="$t4" -v cu="$cpu_up" -v cd="$cpu_down" \
    -v ku="$curl_up" -v kd="$curl_down" \
    -v g="$(cpu_between "$c0" "$c1") / $(cpu_between "$c1" "$c2") / $(cpu_between "$c2" "$c3") / $(cpu_between "$c3b" "$c4")" 'BEGIN {
    printf "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %s / %s | %s / %s | %s | %.2f / %.2f |\n", r, b - a, c - b, (c - b) / (b - a),
      d - c, e - d2, (e - d2) / (d - c), cu, cd, ku, kd, g, (c - b - cu / 2) / (b - a - ku / 2), (e - d2 - cd / 2) / (d - c - kd / 2) }'
  if [ "$DIAG" = 1 ]; then
    # The same multipart object (s3-N) read four ways; see ranged().
    phase whole-blobs
    c5=$(cpu); t5=$(now)
    curl -sS -f -o /dev/null "$GATEWAY_URL/blobs/bench/s3-$round"
    t6=$(now); c6=$(cpu)
    phase ranged-blobs
    ranged blobs "s3-$round"
    t7=$(now); c7=$(cpu)
    phase ranged-s3
    ranged s3 "s3-$round"
    t8=$(now); c8=$(cpu)
    phase curl-multipart-up
    multipart_by_curl "c-$round"
    t9=$(now); c9=$(cpu)
    phase end
    awk -v r="$label" -v a="$t5" -v b="$t6" -v c="$t7" -v d="$t8" -v e="$(echo "$t4 - $t3b" | bc)" -v f="$t9" -v p="$(echo "$t1 - $t0" | bc)" \
      -v g="$(cpu_between "$c5" "$c6") / $(cpu_between "$c6" "$c7") / $(cpu_between "$c7" "$c8") / $(cpu_between "$c3b" "$c4")" \
      -v h="$(cpu_between "$c0" "$c1") / $(cpu_between "$c8" "$c9")" 'BEGIN {
      printf "| %s | %.2f | %.2f | %.2f | %.2f | %s | %.2f | %.2f | %.2f | %s |\n", r, b - a, c - b, d - c, e, g, p, f - d, (f - d) / p, h }' \
      >> "$dir/diag.md"
  fi
  phase cleanup
  aws_s3 s3 rm "s3://bench/s3-$round" >/dev/null
  if [ "$DIAG" = 1 ]; then
    aws_s3 s3 rm "s3://bench/c-$round" >/dev/null
  fi
  curl -sS -o /dev/null -X DELETE "$GATEWAY_URL/blobs/bench/blob-$round"
done
if [ -n "${gateway_pid:-}" ]; then
  "$JAVA_HOME/bin/jcmd" "$gateway_pid" JFR.dump name=s3bench filename="$(pwd)/bench/target/s3-gateway.jfr" >/dev/null
  cp "$dir/phases.txt" bench/target/s3-phases.txt
  echo "JFR recording of the gateway over the measured rounds: bench/target/s3-gateway.jfr (transfers: bench/target/s3-phases.txt)" >&2
fi
if [ -s "$dir/diag.md" ]; then
  echo
  echo "The multipart object aws-cli wrote, read by curl: whole through GET /blobs, then 8 MiB ranges 10 in flight"
  echo "through GET /blobs and through S3 GetObject; beside it aws-cli's own download of it (from the table above)."
  echo "Then the file uploaded by curl as S3 multipart (8 MiB parts, 10 in flight), beside PUT /blobs of the same round."
  echo
  echo "| round | GET /blobs whole s | GET /blobs 8 MiB ranges ×10 s | S3 GetObject 8 MiB ranges ×10 s | aws s3 cp down s | gateway/nodes CPU-s: each, in order | PUT /blobs s | S3 multipart by curl s | its ratio | gateway/nodes CPU-s: PUT / multipart by curl |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  cat "$dir/diag.md"
fi
echo
echo "size: $SIZE_MIB MiB of random bytes; aws-cli $([ "${SIGNED:-0}" = 1 ] && echo "signing with the cluster's key" || echo anonymous), $(aws --version 2>&1 | cut -d' ' -f1), 8 MiB parts, 10 in flight; every download's MD5 matched"
# The gateway's record cache over the whole run (warm-up included): opens served by a revision read against whole-record reads.
cache=$(curl -sS "$GATEWAY_URL/q/metrics" 2>/dev/null | sed -n 's/^hybridstore_gateway_read_record_cache_total{.*result="\([a-z]*\)".*} \([0-9.E]*\)$/\1 \2/p' | tr '\n' ' ') || cache=''
echo "gateway record cache, whole run: ${cache:-not reported}"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
