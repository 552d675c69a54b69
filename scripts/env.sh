#!/usr/bin/env bash
# Sourced by the Makefile and .ci/run: picks a JDK >= 21 and makes sure etcd is installed.
# The machine's default java may be older (17 here); hybridstore needs 21+ (release 21, Vector API).

# The JDK's release file answers without starting a JVM (bin/hybridstore runs this on every command);
# a java without one is asked.
java_major() {
  local release v
  release="$(dirname "$(dirname "$1")")/release"
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null | head -1)
  if [ -n "$v" ]; then echo "$v"; else "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; fi
}

pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-2*-jdk* /usr/lib/jvm/java-2*-openjdk* /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "hybridstore needs a JDK >= 21: install one (e.g. apt-get install -y openjdk-21-jdk-headless) or set JAVA_HOME." >&2
  return 1
}

ensure_etcd() {
  command -v etcd >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "etcd not found: installing the Debian package etcd-server" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server) >&2 || return 1
    # The Debian package may start a system etcd on 2379; hybridstore runs its own.
    if command -v systemctl >/dev/null 2>&1; then systemctl stop etcd >/dev/null 2>&1 || true; fi
    command -v etcd >/dev/null 2>&1 && return 0
  fi
  echo "etcd is missing: run 'sudo apt-get install -y etcd-server' (etcd 3.4+ on PATH)." >&2
  return 1
}

# The console's browser test (e2e-tests ConsoleBrowserTest): Debian's chromium, and Playwright from
# npm (playwright-core: the driver only; it downloads no browser of its own) into target/browser.
PLAYWRIGHT_VERSION=1.65.1

browser_dir() { echo "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target/browser"; }

ensure_browser() {
  local dir; dir="$(browser_dir)"
  local missing=""
  command -v chromium >/dev/null 2>&1 || missing="chromium"
  command -v npm >/dev/null 2>&1 || missing="$missing npm"
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      echo "installing the Debian packages:$missing (the console's browser test)" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing) >&2 || return 1
    else
      echo "the console's browser test needs:$missing; run 'sudo apt-get install -y$missing'" >&2
      return 1
    fi
  fi
  if ! grep -qs "\"version\": \"$PLAYWRIGHT_VERSION\"" "$dir/node_modules/playwright-core/package.json"; then
    echo "installing playwright-core $PLAYWRIGHT_VERSION from npm into $dir" >&2
    mkdir -p "$dir"
    npm install --no-audit --no-fund --silent --prefix "$dir" "playwright-core@$PLAYWRIGHT_VERSION" >&2 || return 1
  fi
}

# The real S3 clients the end-to-end suite drives (aws-cli, rclone, s3cmd), from Debian's packages.
# Without them their tests skip, or fail under CI / -Dhybridstore.requireApps=true.
ensure_s3_clients() {
  local missing=()
  command -v aws >/dev/null 2>&1 || missing+=(awscli)
  command -v rclone >/dev/null 2>&1 || missing+=(rclone)
  command -v s3cmd >/dev/null 2>&1 || missing+=(s3cmd)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "S3 clients not found: installing the Debian packages ${missing[*]}" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >&2 && return 0
  fi
  echo "S3 clients missing: run 'sudo apt-get install -y ${missing[*]}' (their end-to-end tests skip without them)." >&2
  return 1
}
