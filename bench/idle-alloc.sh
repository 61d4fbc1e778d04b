#!/usr/bin/env bash
# What a server with N idle, signed-in, subscribed WebSocket connections allocates (issue 11 goal 5: young GCs at
# 10k idle connections). Starts the jar with the README's JVM flags plus a GC log, opens the connections with
# bench/idle/IdleConns.java (which answers the server's pings), lets them settle, then:
#  1. HOLD seconds untouched: the allocation rate from the GC log (eden filled between young GCs), the GCs and
#     their pauses, and the server CPU from its own /metrics;
#  2. JFR_HOLD seconds of Java Flight Recorder (profile settings) for who allocates: per thread, and the sampled
#     allocation sites. JFR's own start-up allocates, which is why the rate comes from phase 1.
#
#   bench/idle-alloc.sh                      3,000 connections, 30 s + 20 s
#   CONNS=5000 HOLD=40 bench/idle-alloc.sh
#   JAR=/tmp/other.jar bench/idle-alloc.sh   another build; JVM_EXTRA adds JVM flags, SERVER_EXTRA server flags
#
# Env: CONNS (3000), HOLD (30), JFR_HOLD (20), SETTLE (5), JAVA, KEEP=1 keeps the folder (recording, logs).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAVA=${JAVA:-java}
CONNS=${CONNS:-3000}
HOLD=${HOLD:-30}
JFR_HOLD=${JFR_HOLD:-20}
SETTLE=${SETTLE:-5}
JAR=${JAR:-$ROOT/server/target/todo-server.jar}
out=$(mktemp -d /tmp/todo-idle.XXXXXX)
if [ "$JAR" = "$ROOT/server/target/todo-server.jar" ] && { [ ! -f "$JAR" ] || \
        [ -n "$(find "$ROOT/server/src/main" "$ROOT/server/pom.xml" -newer "$JAR" -print -quit)" ]; }; then
    echo "building $JAR" >&2
    (cd "$ROOT" && mvn -q -B -ntp -o -DskipTests package)
fi
cp "$JAR" "$out/server.jar"
ulimit -n $((CONNS * 2 + 1000)) 2>/dev/null || ulimit -n "$(ulimit -Hn)"

pid= client=
cleanup() {
    [ -z "$client" ] || kill "$client" 2>/dev/null || true
    [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
    wait 2>/dev/null || true
    if [ "${KEEP:-0}" = 1 ]; then echo "kept: $out" >&2; else rm -rf "$out"; fi
}
trap cleanup EXIT

# The README's run command, plus a GC log; the limits out of the way of one client address.
# shellcheck disable=SC2086
"$JAVA" -XX:+UseSerialGC -Xms16m -Xmn32m -Xmx1g -XX:TieredStopAtLevel=1 -Xlog:gc,gc+heap:file="$out/gc.log":uptime ${JVM_EXTRA:-} -jar "$out/server.jar" \
    --host 127.0.0.1 --port 0 --ws-port 0 --db "$out/todo.db" --password-iterations 1000 --max-rate 0 \
    --max-connections $((CONNS + 1000)) --max-connections-per-address $((CONNS + 1000)) ${SERVER_EXTRA:-} \
    >"$out/server.log" 2>&1 &
pid=$!
ws= http=
for _ in $(seq 300); do
    ws=$(grep -o 'ws://[0-9.:]*/' "$out/server.log" | head -1 || true)
    http=$(grep -o 'http://[0-9.:]*/' "$out/server.log" | head -1 || true)
    [ -n "$ws" ] && [ -n "$http" ] && break
    sleep 0.1
done
[ -n "$ws" ] || { echo "server did not start:" >&2; cat "$out/server.log" >&2; exit 1; }

"$JAVA" "$ROOT/bench/idle/IdleConns.java" --ws "$ws" --conns "$CONNS" --hold $((HOLD + JFR_HOLD + SETTLE + 20)) \
    >"$out/client.log" 2>&1 &
client=$!
for _ in $(seq 1200); do
    grep -q READY "$out/client.log" && break
    kill -0 "$client" 2>/dev/null || { echo "client failed:" >&2; cat "$out/client.log" >&2; exit 1; }
    sleep 0.1
done
grep READY "$out/client.log" >&2
sleep "$SETTLE"
curl -s "${http}metrics" >"$out/metrics-before.txt"
gc_from=$(wc -l <"$out/gc.log")
sleep "$HOLD"
gc_to=$(wc -l <"$out/gc.log")
curl -s "${http}metrics" >"$out/metrics-after.txt"
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
sed -n "$((gc_from + 1)),${gc_to}p" "$out/gc.log" >"$out/gc-window.log"
jcmd "$pid" JFR.start name=idle settings=profile filename="$out/idle.jfr" >/dev/null
sleep "$JFR_HOLD"
jcmd "$pid" JFR.stop name=idle >/dev/null

jfr print --json --events jdk.ThreadAllocationStatistics "$out/idle.jfr" >"$out/threads.json"
jfr print --json --stack-depth 12 --events jdk.ObjectAllocationSample "$out/idle.jfr" >"$out/samples.json"
python3 - "$out" "$CONNS" "$HOLD" "$rss" "$JFR_HOLD" <<'EOF'
import json, re, sys, collections
out, conns, hold, rss, jfr_hold = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
# Phase 1: eden filled between consecutive young GCs of the window (eden is empty after each), over their span.
gcs = []  # (uptime s, eden before KB)
pauses = []
for line in open(f"{out}/gc-window.log"):
    m = re.search(r"\[([0-9.]+)s\].*Eden: (\d+)K\(", line)
    if m:
        gcs.append((float(m.group(1)), int(m.group(2))))
    m = re.search(r"Pause (Young|Full).* ([0-9.]+)ms", line)
    if m:
        pauses.append(float(m.group(2)))
def metric(f, name):
    s = 0.0
    for line in open(f):
        if line.startswith(name):
            s += float(line.rsplit(" ", 1)[1])
    return s
b, a = f"{out}/metrics-before.txt", f"{out}/metrics-after.txt"
cpu = metric(a, "process_cpu_seconds_total") - metric(b, "process_cpu_seconds_total")
print(f"\n{conns} idle connections; server RSS {rss/1024:.0f} MB; {hold:.0f} s untouched:")
if len(gcs) >= 2:
    rate = sum(kb for _, kb in gcs[1:]) * 1024 / (gcs[-1][0] - gcs[0][0])
    print(f"  allocation {rate/1e6:.2f} MB/s ({rate/conns:.0f} bytes/s per connection), from {len(gcs)} young GCs")
else:
    print(f"  allocation: {len(gcs)} young GC(s) in the window, too few to measure a rate (less than one eden per {hold:.0f} s)")
print(f"  GC pauses: {len(pauses)}" + (f", {min(pauses):.1f}-{max(pauses):.1f} ms, {sum(pauses):.0f} ms in all" if pauses else ""))
print(f"  server CPU (from /metrics process_cpu_seconds_total): {100*cpu/hold:.1f} % of a core")
hold = jfr_hold
def events(name):
    return json.load(open(f"{out}/{name}.json"))["recording"]["events"]
# Per thread: the allocation counter at the recording's first and last chunk event.
first, last = {}, {}
for e in events("threads"):
    v = e["values"]; t = (v["thread"] or {}).get("javaName") or "?"
    first.setdefault(t, v["allocated"]); last[t] = v["allocated"]
per = sorted(((last[t] - first[t], t) for t in last), reverse=True)
total = sum(d for d, _ in per)
print(f"\nJFR, {hold:.0f} s: {total/hold/1e6:.2f} MB/s by all threads (JFR's own start-up included)\n")
print("| thread | MB/s |\n|---|---:|")
for d, t in per[:8]:
    if d > 0:
        print(f"| {re.sub(r'-[0-9]+$', '-N', t)} | {d/hold/1e6:.3f} |")
# Allocation samples: weight (bytes the sample stands for) by the first frame of ours or the library's.
site = collections.Counter(); top = collections.Counter()
for e in events("samples"):
    v = e["values"]; w = v["weight"]; frames = (v.get("stackTrace") or {}).get("frames") or []
    names = [f'{f["method"]["type"]["name"]}.{f["method"]["name"]}'.replace("/", ".") for f in frames]
    ours = next((n for n in names if n.startswith(("todo.", "org.java_websocket."))), names[0] if names else "?")
    site[(ours, v["objectClass"]["name"].replace("/", "."))] += w
    top[names[0] if names else "?"] += w
sampled = sum(site.values()) or 1
print("\n| first frame in todo.* or org.java_websocket.* | class | share of sampled bytes |\n|---|---|---:|")
for (n, c), w in site.most_common(12):
    print(f"| {n} | {c} | {100*w/sampled:.1f} % |")
EOF
grep CLOSED "$out/client.log" >&2 || true
