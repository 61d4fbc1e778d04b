#!/usr/bin/env bash
# Soak test of the to-do server: honest load for N minutes with the attacks of issue 6 in rotation. See bench/README.md.
#   bench/soak.sh [--minutes 30] [--jar PATH] [--write-results] [driver options: --slice S, --only 1,3, --idle N, ...]
# Builds the jar if it is missing or older than the sources, compiles the driver (bench/soak/*.java) into a temp dir,
# and runs it; the driver starts the server as a child process on 127.0.0.1 with free ports and a temp database.
# Prints the report on stdout; --write-results also writes it to bench/soak-results.md.
# Exit: 0 pass, 1 fail (lost acks, duplicates, rev gaps, violations, not accepting at the end), 2 setup or usage error.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR=""
# The server runs with the JVM flags of the README's run command unless SOAK_JVM_OPTS says otherwise.
export SOAK_JVM_OPTS="${SOAK_JVM_OPTS--XX:+UseSerialGC -Xms16m -Xmn32m -Xmx1g -XX:TieredStopAtLevel=1}"
MINUTES=30
ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jar) JAR="$2"; shift 2 ;;
    --minutes) MINUTES="$2"; ARGS+=(--minutes "$2"); shift 2 ;;
    --write-results) ARGS+=(--out "$ROOT/bench/soak-results.md"); shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done

if [[ -z "$JAR" ]]; then
  JAR="$ROOT/server/target/todo-server.jar"
  if [[ ! -f "$JAR" ]] || [[ -n "$(find "$ROOT/server/src/main" "$ROOT/web-client" "$ROOT/server/pom.xml" -newer "$JAR" -type f 2>/dev/null | head -1)" ]]; then
    echo "soak: building $JAR" >&2
    (cd "$ROOT" && { mvn -q -B -ntp -o -DskipTests package || mvn -q -B -ntp -DskipTests package; })
  fi
fi
[[ -f "$JAR" ]] || { echo "soak: no jar at $JAR" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/todo-soak-driver.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# A private copy: a build in this working tree during the run must not change the server under test.
cp "$JAR" "$WORK/server.jar"
javac -nowarn -d "$WORK/classes" "$ROOT"/bench/soak/*.java

# The driver holds thousands of sockets (idle-connection attack); the JVM raises its soft limit to the hard one.
LIMIT=$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 + 600 }')
set +e
timeout --kill-after=20 "$LIMIT" java -Xmx1g -cp "$WORK/classes" Soak --jar "$WORK/server.jar" "${ARGS[@]}"
rc=$?
set -e
exit $rc
