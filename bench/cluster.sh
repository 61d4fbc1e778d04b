#!/usr/bin/env bash
# Issue 9's cluster benchmark: durable creates/s on one node (SQLite vs PostgreSQL, 16 writers x 32 in flight,
# one hot list and 16 lists), fan-out to 1,000 subscribers spread over 3 nodes vs all on 1 (events/s, p50/p99
# delivery, the cross-node hop), NATS messages and PostgreSQL connections per node. Rerunnable; medians.
#
#   bench/cluster.sh                                     the full run (~10 minutes on 2 cores)
#   bench/cluster.sh --reps 1 --duration 2 --warmup 1 --subs 30 --writers 2 --inflight 4     a smoke run
#   bench/cluster.sh --only creates --out bench/results-cluster.md
#
# Needs postgresql, nats-server (Debian packages; started privately on free ports, as the tests do) and Maven
# (it fetches maven-dependency-plugin once if the local repository lacks it; offline after that). Every run uses a fresh database; nothing else is touched. Arguments go to todo.bench.ClusterBench.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/todo-cluster-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
echo "building..." >&2
mvn -q -B -ntp -pl server test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null
# Copies, so that a build in this tree during the run cannot change what is measured.
cp -r server/target/classes "$WORK/classes"
cp -r server/target/test-classes "$WORK/test-classes"
CP="$WORK/test-classes:$WORK/classes:$(cat "$WORK/classpath.txt")"
# The nodes and the load generator share this JVM: twice the young generation of the README's run command for one
# node. Measured (A B A B, --only creates --reps 1): -Xmn64m against the default (a young generation grown from 16
# MB) was 15-18 % more creates/s on PostgreSQL's hot list and 12-32 % on SQLite; -Xmn256m no better than 64m.
java -XX:+UseSerialGC -Xms16m -Xmn64m -Xmx2g -cp "$CP" todo.bench.ClusterBench "$@"
