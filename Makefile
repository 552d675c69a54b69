# hybridstore — the two commands that matter: `make run` and `make test`.
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c
MVN := ./mvnw -B -q -e
ENV := . scripts/env.sh && pick_jdk
N ?= 1

.PHONY: help build test run up down status logs kill-node start-node bench clean

help:
	@echo "make run        start a local cluster in the foreground (Ctrl-C stops it)"
	@echo "make test       build and run every test (unit, wiring, end-to-end)"
	@echo "make up|down    start/stop the local cluster in the background"
	@echo "make status     show what runs;  make logs: tail the logs"
	@echo "make kill-node N=3 / start-node N=3   SIGKILL / restart storage node 3"
	@echo "make bench      JMH codec benchmark (see docs/benchmarks.md)"

build:
	@$(ENV)
	$(MVN) -DskipTests install

test:
	@$(ENV) && ensure_etcd
	./mvnw -B -ntp verify

clean:
	@$(ENV)
	$(MVN) clean
