# hybridstore — the two commands that matter: `make run` and `make test`.
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c
MVN := ./mvnw -B -q -e
ENV := . scripts/env.sh && pick_jdk
N ?= 1

# The local cluster (local-cluster/): logs, data, pids and cluster.env under $(RUN_DIR).
RUN_DIR := .run
# e.g. make run CLUSTER_ARGS="--nodes 4 --healers 1"
CLUSTER_ARGS ?=
LAUNCHER_CP := local-cluster/target/classes/io/hybridstore/cluster/launcher.classpath
CLUSTER := "$$JAVA_HOME/bin/java" -cp "local-cluster/target/classes:$$(cat $(LAUNCHER_CP))" io.hybridstore.cluster.LocalClusterMain --dir $(RUN_DIR)
BUILD_STAMP := local-cluster/target/make-run.stamp
# Build when the launcher or an app jar (of a module with code) is missing, or a pom or source is newer than the last build.
BUILD_NEEDED := [ ! -f $(BUILD_STAMP) ] || [ ! -f $(LAUNCHER_CP) ] \
	|| [ -n "$$(find pom.xml */pom.xml */src -newer $(BUILD_STAMP) -print -quit 2>/dev/null)" ] \
	|| [ -n "$$(for m in storage-node api-gateway healer; do [ -d $$m/src/main/java ] && [ ! -f $$m/target/quarkus-app/quarkus-run.jar ] && echo $$m; done)" ]
# The stamp is taken before the build, so a file edited during it still counts as newer next time.
BUILD_IF_NEEDED := if $(BUILD_NEEDED); then echo "building (sources changed or jars missing)..."; \
	touch $(BUILD_STAMP).next 2>/dev/null || { mkdir -p local-cluster/target && touch $(BUILD_STAMP).next; }; \
	$(MVN) -DskipTests install; mv $(BUILD_STAMP).next $(BUILD_STAMP); fi
REQUIRE_LAUNCHER := [ -f $(LAUNCHER_CP) ] || { echo "the launcher is not built: nothing was started from it (make run / make up build it)"; exit 0; }

.PHONY: help build test run up down status logs kill-node start-node bench compose-up compose-down clean

help:
	@echo "make run        start a local cluster in the foreground (Ctrl-C stops it)"
	@echo "make test       build and run every test (unit, wiring, end-to-end)"
	@echo "make up|down    start/stop the local cluster in the background"
	@echo "make status     show what runs;  make logs: tail the logs"
	@echo "make kill-node N=3 / start-node N=3   SIGKILL / restart storage node 3"
	@echo "bin/hybridstore status|nodes|watch|inspect KEY|heal KEY|put|get|ls|rm|kill-node N|start-node N"
	@echo "               the operator's command (built by make build / make test; --help on each; docs/operations.md)"
	@echo "make bench      JMH codec benchmark (see docs/benchmarks.md)"
	@echo "make bench-blob 1 GiB blob up and down on a local cluster, beside dd (docs/benchmarks.md)"
	@echo "make bench-s3   1 GiB with aws s3 cp (multipart) beside PUT/GET /blobs on a local cluster (docs/benchmarks.md)"
	@echo "make bench-small  small documents: writes, reads, mixed at 1/8/32 clients beside their floors, CPU per process"
	@echo "make bench-heal   SIGKILL 1 of 8 nodes holding 10,000 documents under load: time to full redundancy"
	@echo "make bench-list   the catalogue's listing at 10k, 100k and 1M records: page p50/p99 and etcd db size"
	@echo "make chaos      kill nodes, gateway, healer leader, broker under load; check every acked write"
	@echo "make compose-up|compose-down   the cluster in Docker Compose (deploy/compose; needs a Docker engine)"

build:
	@$(ENV)
	$(MVN) -DskipTests install

# requireApps: every app is packaged by this same build, so an e2e suite missing a jar fails (a
# packaging regression) instead of skipping as it does in a local ./mvnw -pl e2e-tests run.
test:
	@$(ENV) && ensure_etcd && ensure_browser && ensure_s3_clients
	./mvnw -B -ntp verify -Dhybridstore.requireApps=true

# Foreground: Ctrl-C (or SIGTERM) stops every process, gateways first, etcd last.
run:
	@$(ENV) && ensure_etcd
	$(BUILD_IF_NEEDED)
	exec $(CLUSTER) $(CLUSTER_ARGS) run

up:
	@$(ENV) && ensure_etcd
	$(BUILD_IF_NEEDED)
	$(CLUSTER) $(CLUSTER_ARGS) up

down:
	@$(ENV)
	$(REQUIRE_LAUNCHER)
	$(CLUSTER) down

status:
	@$(ENV)
	$(REQUIRE_LAUNCHER)
	$(CLUSTER) status

logs:
	@ls $(RUN_DIR)/logs/*.log >/dev/null 2>&1 || { echo "no logs in $(RUN_DIR)/logs: start the cluster with make run or make up"; exit 0; }
	tail -n 20 -F $(RUN_DIR)/logs/*.log

kill-node:
	@$(ENV)
	$(REQUIRE_LAUNCHER)
	$(CLUSTER) kill node-$(N)

start-node:
	@$(ENV)
	$(REQUIRE_LAUNCHER)
	$(CLUSTER) $(CLUSTER_ARGS) start node-$(N)

# JMH codec benchmark (bench/run-codec-bench.sh, ~3 min on 2 cores), on the JDK pick_jdk chose;
# BENCH_ARGS passes JMH options through, e.g. make bench BENCH_ARGS="-p shape=4+2 -p shardSize=65536".
BENCH_ARGS ?=
bench:
	@$(ENV)
	bench/run-codec-bench.sh $(BENCH_ARGS)

# Blob throughput (bench/run-blob-bench.sh): its own cluster on free ports, a 1 GiB blob up and down
# 6 times to warm up, then 3 times measured, beside dd's fsync'd disk write speed.
# E.g. make bench-blob SIZE_MIB=256 WARMUP=1 ROUNDS=1
.PHONY: bench-blob
bench-blob:
	@$(ENV)
	SIZE_MIB=$${SIZE_MIB:-1024} WARMUP=$${WARMUP:-6} ROUNDS=$${ROUNDS:-3} bench/run-blob-bench.sh

# The S3 API beside the blob API (bench/run-s3-bench.sh): one 1 GiB file up and down with aws s3 cp
# (8 MiB parts, 10 in flight) and with PUT/GET /blobs, same run. E.g. make bench-s3 SIZE_MIB=256 ROUNDS=1
.PHONY: bench-s3
bench-s3:
	@$(ENV)
	SIZE_MIB=$${SIZE_MIB:-1024} WARMUP=$${WARMUP:-1} ROUNDS=$${ROUNDS:-2} bench/run-s3-bench.sh

# Small documents (bench/run-small-bench.sh, issue 14): its own cluster on free ports in the `make up`
# shape, a warm-up, then writes, reads and an 80/20 mixed run at 1, 8 and 32 clients, the floors
# (Kafka append, etcd commit and get, node chunk PUT and GET) of the same run, CPU per process. ~6 min, up to 3 more while the JIT settles.
# Knobs in the environment, e.g. make bench-small PHASE=60s FLOOR=10s CLIENTS=1,32 (see the script).
# bench-heal: 10,000 documents, the floors, a 32-client load, SIGKILL node-3, time to full redundancy.
# ~6 min with the heal itself (HEAL_TIMEOUT, 1800s from the kill, bounds it). HEALER_JIT=tiered-early|c1 for an A/B.
# The catalogue (bench/run-list-bench.sh, issue 15): records and indexes loaded into an etcd per size,
# kept under bench/target/list-bench for the next run (KEEP=0: not kept), pages timed at 10k, 100k
# and 1M. E.g. make bench-list SIZES=10000,100000 SAMPLES=50
.PHONY: bench-list
bench-list:
	@$(ENV)
	SIZES=$${SIZES:-10000,100000,1000000} SAMPLES=$${SAMPLES:-100} bench/run-list-bench.sh

.PHONY: bench-small bench-heal
bench-small:
	@$(ENV)
	bench/run-small-bench.sh small

bench-heal:
	@$(ENV)
	bench/run-small-bench.sh heal

# Chaos run (chaos/): a private cluster on free ports under write load while 2 storage nodes, the
# gateway and the healer leader are SIGKILLed and the broker restarted at seeded random times; then
# every acknowledged write is checked. A few minutes; exit code 1 on any violation. The report names
# the seed; e.g. make chaos CHAOS_SEED=42 CHAOS_DURATION=300s CHAOS_CLIENTS=8 CHAOS_ARGS="--rounds 4"
CHAOS_SEED ?=
CHAOS_DURATION ?=
CHAOS_CLIENTS ?=
CHAOS_ARGS ?=
CHAOS_CP := chaos/target/classes/io/hybridstore/chaos/chaos.classpath
.PHONY: chaos
chaos:
	@$(ENV) && ensure_etcd
	$(BUILD_IF_NEEDED)
	[ -f $(CHAOS_CP) ] || $(MVN) -DskipTests install
	exec "$$JAVA_HOME/bin/java" -cp "chaos/target/classes:$$(cat $(CHAOS_CP))" io.hybridstore.chaos.ChaosMain \
	  --dir chaos/target/runs/$$(date +%Y%m%d-%H%M%S) $(if $(CHAOS_SEED),--seed $(CHAOS_SEED)) \
	  $(if $(CHAOS_DURATION),--duration $(CHAOS_DURATION)) $(if $(CHAOS_CLIENTS),--clients $(CHAOS_CLIENTS)) $(CHAOS_ARGS)

# The same cluster in Docker Compose (deploy/compose/README.md). Needs a Docker engine with the compose
# plugin; none runs where hybridstore is built and tested. compose-up builds the app jars, writes
# deploy/compose/.env with a random CLUSTER_TOKEN when it is missing, then builds the images and
# starts everything in the background. compose-down stops it and keeps the volumes (data).
COMPOSE_ENV := deploy/compose/.env
REQUIRE_DOCKER := { command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; } \
	|| { echo "make compose-up/compose-down need a Docker engine with the compose plugin (docker compose): none found" >&2; exit 1; }

compose-up:
	@$(REQUIRE_DOCKER)
	$(ENV)
	$(MVN) -DskipTests -pl storage-node,api-gateway,healer -am package
	if [ ! -f $(COMPOSE_ENV) ]; then
	  (umask 077; echo "CLUSTER_TOKEN=$$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" > $(COMPOSE_ENV))
	  echo "wrote $(COMPOSE_ENV) with a new CLUSTER_TOKEN"
	fi
	docker compose -f deploy/compose/docker-compose.yml up -d --build

compose-down:
	@$(REQUIRE_DOCKER)
	docker compose -f deploy/compose/docker-compose.yml down

clean:
	@$(ENV)
	$(MVN) clean
