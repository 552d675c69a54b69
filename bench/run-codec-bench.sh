#!/usr/bin/env bash
# JMH Reed-Solomon benchmark: reference vs vector coding loop, encode and 2-erasure decode,
# (4,2) and (10,4), 64 KiB and 1 MiB shards. Prints MB/s and the vector/reference ratio.
#
#   bench/run-codec-bench.sh                 # full run, ~3 minutes on 2 cores
#   bench/run-codec-bench.sh -p shape=4+2    # any JMH option narrows or changes the run
#
# Builds bench/target/benchmarks.jar first if it is missing or older than the codec or bench sources.
# Raw JMH results go to bench/target/codec-bench.json (unless -rff is given).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
pick_jdk

jar=bench/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find common/src/main bench/src bench/pom.xml -newer "$jar" -print -quit)" ]; then
  echo "building $jar ..." >&2
  ./mvnw -B -q -pl bench -am package -DskipTests
fi

# Iteration counts and times come from the annotations on CodecBenchmark (1 fork, 2 x 1 s warm-up,
# 5 x 1 s measurement); JMH options given here override them.
exec "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector -cp "$jar" io.hybridstore.bench.CodecBenchReport "$@"
