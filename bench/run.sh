#!/usr/bin/env bash
# Benchmark of the to-do server. Usage (from anywhere):
#   bench/run.sh            full run (~5 minutes), writes bench/results.md
#   bench/run.sh --quick    smoke run (~1 minute), writes bench/results-quick.md
# Other arguments go to todo.bench.ServerBench (--reps N, --tmp DIR, --only writes,pipelining,memory,fanout).
# Only traffic to 127.0.0.1; every server is a fresh one on ephemeral ports with its SQLite file in a temp dir.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MVN_OFFLINE="-o"
if [[ "${BENCH_ONLINE:-}" == "1" ]]; then MVN_OFFLINE=""; fi

# 1,000 client sockets + 1,000 server sockets (memory scenario), plus the JVMs' own files.
NEED_FILES=8192
if [[ "$(ulimit -n)" != "unlimited" && "$(ulimit -n)" -lt "$NEED_FILES" ]]; then
  ulimit -n "$NEED_FILES" 2>/dev/null || {
    echo "warning: could not raise the open-file limit to $NEED_FILES (it is $(ulimit -n)); the memory scenario may fail" >&2
  }
fi

OUT="$ROOT/bench/results.md"
for a in "$@"; do
  if [[ "$a" == "--quick" ]]; then OUT="$ROOT/bench/results-quick.md"; fi
done

echo "building..." >&2
# Everything generated goes to a private temp folder: other builds in this working tree (mvn clean, mvn test) may
# rewrite server/target while the benchmark runs. The server's classes are copied (recompiled by maven if a
# concurrent build removed them); the benchmark's own sources are compiled here with javac.
WORK="$(mktemp -d "${TMPDIR:-/tmp}/todo-bench-run.XXXXXX")"
TMP_BODY="$WORK/body.md"
trap 'rm -rf "$WORK"' EXIT
mvn -q $MVN_OFFLINE -pl server compile
mvn -q $MVN_OFFLINE -pl server dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null
DEPS="$(cat "$WORK/classpath.txt")"
for attempt in 1 2 3; do
  rm -rf "$WORK/classes"
  cp -r "$ROOT/server/target/classes" "$WORK/classes" 2>/dev/null || true
  if [[ -f "$WORK/classes/todo/app/Server.class" && -f "$WORK/classes/todo/store/SqliteStore.class" ]]; then break; fi
  echo "server classes incomplete (concurrent build?); compiling again (attempt $attempt)" >&2
  sleep 5
  mvn -q $MVN_OFFLINE -pl server compile
done
mkdir -p "$WORK/bench-classes"
# HopProbe drives the server with the tests' RawClient (JDK only), so that one is compiled too.
javac -nowarn -d "$WORK/bench-classes" -cp "$WORK/classes:$DEPS" "$ROOT"/server/src/test/java/todo/bench/*.java \
  "$ROOT"/server/src/test/java/todo/support/RawClient.java
# Warnings-only logging, as in the tests (the server logs one INFO line per connection otherwise).
cp "$ROOT/server/src/test/resources/simplelogger.properties" "$WORK/bench-classes/" 2>/dev/null || true
CP="$WORK/bench-classes:$WORK/classes:$DEPS"

{
  echo "# Benchmark run"
  echo
  echo "- command: \`bench/run.sh $*\`"
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- host: nproc=$(nproc), CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), RAM: $(free -m | awk '/^Mem:/{print $2}') MiB"
  echo "- java: $(java -version 2>&1 | tr '\n' ' ' | sed 's/ *$//')"
  echo "- file system of the temp dir: $(df -T "${TMPDIR:-/tmp}" | awk 'NR==2{print $2" on "$1}')"
  echo "- git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?') (working tree as it was; uncommitted changes included)"
  echo "- open-file limit: $(ulimit -n)"
  echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg); other JVMs running: $(pgrep -c java || true)"
  echo
} > "$OUT"
cat "$OUT"

# A hard bound on the whole run, whatever happens inside.
LIMIT=900
for a in "$@"; do if [[ "$a" == "--quick" ]]; then LIMIT=300; fi; done

set +e
timeout --kill-after=20 "$LIMIT" java -Xms1g -Xmx2g -Xss512k -cp "$CP" todo.bench.ServerBench --out "$TMP_BODY" "$@"
rc=$?
set -e
cat "$TMP_BODY" >> "$OUT" 2>/dev/null || true
echo "- load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
echo >&2
echo "results written to $OUT (exit $rc)" >&2
exit $rc
