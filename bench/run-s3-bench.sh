#!/usr/bin/env bash
# The S3 API beside the blob API on a local cluster: one file (1 GiB by default) uploaded and
# downloaded with `aws s3 cp` (8 MiB parts, 10 in flight: multipart up, ranged GETs down) and with
# curl through PUT/GET /blobs, in the same run, alternating. Not a test.
#
#   bench/run-s3-bench.sh                          # 1 GiB: 1 warm-up round, then 2 measured
#   SIZE_MIB=256 WARMUP=1 ROUNDS=1 bench/run-s3-bench.sh
#
# Starts its own cluster on free ports under bench/target/s3-bench (8 nodes, 1 gateway, no healer;
# every app a JVM with -Xmx256m, as `make run` starts them) and stops it at the end, whatever
# happens. Needs aws-cli (scripts/env.sh ensure_s3_clients). Anonymous requests: the placeholder
# authenticator is in place (docs/s3.md).
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
launcher_cp=local-cluster/target/classes/io/hybridstore/cluster/launcher.classpath
for jar in storage-node api-gateway; do
  [ -f "$jar/target/quarkus-app/quarkus-run.jar" ] || need_build=1
done
if [ -n "${need_build:-}" ] || [ ! -f "$launcher_cp" ]; then
  echo "building the apps ..." >&2
  ./mvnw -B -q -ntp -DskipTests install
fi
cluster() {
  "$JAVA_HOME/bin/java" -cp "local-cluster/target/classes:$(cat "$launcher_cp")" io.hybridstore.cluster.LocalClusterMain \
    --dir "$dir" --free-ports --nodes 8 --gateways 1 --healers 0 "$@"
}

cluster down >/dev/null 2>&1 || true
rm -rf "$dir"
mkdir -p "$dir"
trap 'cluster down >/dev/null 2>&1 || true; rm -rf "$dir"/file.bin "$dir"/back.bin "$dir"/node-*/data "$dir"/kafka "$dir"/etcd' EXIT
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
aws_s3() {
  env -u AWS_CA_BUNDLE AWS_CONFIG_FILE="$dir/aws-config" AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    /usr/bin/time -f '%U %S' -o "$dir/aws.cpu" aws --endpoint-url "$S3_ENDPOINT" --no-sign-request "$@" >/dev/null
}
aws_cpu() { awk '{printf "%.1f", $1 + $2}' "$dir/aws.cpu"; }
now() { date +%s.%N; }

head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$dir/file.bin"
sum=$(md5sum "$dir/file.bin" | cut -d' ' -f1)
aws_s3 s3 mb s3://bench >/dev/null

echo
echo "| round | PUT /blobs s | aws s3 cp up s | up ratio | aws-cli CPU-s up | GET /blobs s | aws s3 cp down s | down ratio | aws-cli CPU-s down |"
echo "|---|---|---|---|---|---|---|---|---|"
for round in $(seq 1 "$((WARMUP + ROUNDS))"); do
  t0=$(now)
  code=$(curl -sS -o "$dir/put.json" -w '%{http_code}' -T "$dir/file.bin" "$GATEWAY_URL/blobs/bench/blob-$round")
  [ "$code" = 200 ] || { echo "PUT /blobs answered $code: $(cat "$dir/put.json")" >&2; exit 1; }
  t1=$(now)
  aws_s3 s3 cp "$dir/file.bin" "s3://bench/s3-$round"
  t2=$(now); cpu_up=$(aws_cpu)
  code=$(curl -sS -o "$dir/back.bin" -w '%{http_code}' "$GATEWAY_URL/blobs/bench/blob-$round")
  [ "$code" = 200 ] || { echo "GET /blobs answered $code" >&2; exit 1; }
  t3=$(now)
  [ "$(md5sum < "$dir/back.bin" | cut -d' ' -f1)" = "$sum" ] || { echo "GET /blobs returned other bytes" >&2; exit 1; }
  rm -f "$dir/back.bin"
  aws_s3 s3 cp "s3://bench/s3-$round" "$dir/back.bin"
  t4=$(now); cpu_down=$(aws_cpu)
  [ "$(md5sum < "$dir/back.bin" | cut -d' ' -f1)" = "$sum" ] || { echo "aws s3 cp returned other bytes" >&2; exit 1; }
  rm -f "$dir/back.bin"
  label=$([ "$round" -le "$WARMUP" ] && echo "warm-up $round" || echo "$((round - WARMUP))")
  awk -v r="$label" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v e="$t4" -v cu="$cpu_up" -v cd="$cpu_down" 'BEGIN {
    printf "| %s | %.2f | %.2f | %.2f | %s | %.2f | %.2f | %.2f | %s |\n", r, b - a, c - b, (c - b) / (b - a), cu, d - c, e - d,
      (e - d) / (d - c), cd }'
  aws_s3 s3 rm "s3://bench/s3-$round" >/dev/null
  curl -sS -o /dev/null -X DELETE "$GATEWAY_URL/blobs/bench/blob-$round"
done
echo
echo "size: $SIZE_MIB MiB of random bytes; aws-cli $(aws --version 2>&1 | cut -d' ' -f1), 8 MiB parts, 10 in flight; every download's MD5 matched"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
