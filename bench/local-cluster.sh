# Sourced by the bench scripts that start a local cluster of their own (run-blob-bench.sh,
# run-s3-bench.sh, run-small-bench.sh): building what is missing, the cluster command, and the CPU
# its processes used.
# Each script sets $dir (the cluster's run dir) before calling these, from the repository root.

launcher_cp=local-cluster/target/classes/io/hybridstore/cluster/launcher.classpath

# Builds everything once when the launcher is missing, or something "$@" names: a module (its app
# jar), or a path with a slash (a file the build writes, e.g. the small bench's classpath).
build_if_missing() {
  local wanted need_build=
  for wanted in "$@"; do
    case "$wanted" in
      */*) [ -f "$wanted" ] || need_build=1 ;;
      *) [ -f "$wanted/target/quarkus-app/quarkus-run.jar" ] || need_build=1 ;;
    esac
  done
  if [ -n "$need_build" ] || [ ! -f "$launcher_cp" ]; then
    echo "building the apps ..." >&2
    ./mvnw -B -q -ntp -DskipTests install
  fi
}

# LocalClusterMain on $dir and free ports, NODE_JIT, GATEWAY_JIT, HEALER_JIT, NODE_HEAP, GATEWAY_HEAP and HEALER_HEAP passed on; "$@": the shape (--nodes 8 ...) and the command (up, down).
local_cluster() {
  "$JAVA_HOME/bin/java" -cp "local-cluster/target/classes:$(cat "$launcher_cp")" io.hybridstore.cluster.LocalClusterMain \
    --dir "$dir" --free-ports ${NODE_JIT:+--node-jit "$NODE_JIT"} ${GATEWAY_JIT:+--gateway-jit "$GATEWAY_JIT"} \
    ${HEALER_JIT:+--healer-jit "$HEALER_JIT"} ${NODE_HEAP:+--node-heap "$NODE_HEAP"} ${GATEWAY_HEAP:+--gateway-heap "$GATEWAY_HEAP"} ${HEALER_HEAP:+--healer-heap "$HEALER_HEAP"} "$@"
}

# CPU ticks (user + system) so far of the gateway and of the nodes together, as "gateway nodes".
cpu() {
  local pid kind
  for pid in $(pgrep -f 'hybridstore.member.dir='"$dir"); do
    kind=$(tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | sed -n 's/.*member.dir=[^ ]*\/\([a-z]*\)-[0-9]*\/ .*/\1/p') || continue # gone since pgrep listed it
    # if, not &&: a last pid that is no member (etcd, Kafka) must not fail the loop, and with it,
    # under pipefail and set -e, the whole bench without a word.
    if [ -n "$kind" ]; then echo "$kind $(awk '{print $14, $15}' "/proc/$pid/stat" 2>/dev/null)"; fi
  done | awk '{t[$1] += $2 + $3} END {printf "%d %d\n", t["gateway"], t["node"]}'
}
# Ticks per CPU-second, to turn cpu() readings into seconds.
ticks=$(getconf CLK_TCK)
