#!/usr/bin/env bash
# Issue 11's side-by-side table: the Tornado peer (A) against this server (B), with the shared load generator,
# alternating A B A B per row, medians of ROUNDS rounds (default 2) and the ratio B/A.
#
#   bench/compare.sh                                   every row, Load.java's default durations
#   bench/compare.sh --rows conn200,idle --duration 8 --warmup 2     a subset, shorter runs
#   bench/compare.sh --a "java -jar /work/team/base-520b130.jar" --b "java -jar server/target/todo-server.jar"
#
# Rows: fanout (saturated), fanout10, fanout45 (--rate 10 / 45 creates/s), writes (16 x 32), write1 (one writer,
# one in flight, 20 creates/s: the ack of an isolated create, what a user's click waits for), conn10k, conn200, idle,
# and, not in the default set, conn19k: 19,000 connections of 4 users (4,750 subscribers per list) from two client
# addresses, 20 broadcasts: goal 4's shape as far as a per-process limit of 20,000 descriptors allows.
# `idle` is the server's RSS one second after it printed its ws:// line, before any client; every run records it.
# --duration/--warmup go to the fanout and writes rows. The other Load.java options are fixed per row below.
# Env: ROUNDS, SHARED (default ../shared beside this repo: anchors/load/Load.java, anchors/peer-tornado/server.py),
# JAVA, GEN_OPTS (JVM options for the load generator only, e.g. -XX:TieredStopAtLevel=1: bench/README.md, "The
# ping tail is the generator's JIT"), KEEP=1 keeps the JSON. The jar is built (offline) if missing or older than
# the sources, then copied to the temp folder so that a build during the run cannot change the server under test.
# Needs python3 and curl.
# A server that answers GET /metrics (this one; docs/metrics.md) is scraped before and after each load run, and
# the rows marked "(/metrics)" come from there: the numbers an operator's Prometheus sees, over the whole run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
LOAD=$SHARED/anchors/load/Load.java
PEER=$SHARED/anchors/peer-tornado/server.py
JAVA=${JAVA:-java}
ROUNDS=${ROUNDS:-2}
JAR=$ROOT/server/target/todo-server.jar
[ -f "$LOAD" ] || { echo "no $LOAD: set SHARED to the folder holding anchors/" >&2; exit 2; }

rows=fanout,fanout10,fanout45,writes,write1,conn10k,conn200
cmd_a= cmd_b= dur=()
while [ $# -gt 0 ]; do
    case $1 in
        --rows) rows=$2; shift 2 ;;
        --a) cmd_a=$2; shift 2 ;;
        --b) cmd_b=$2; shift 2 ;;
        --duration|--warmup) dur+=("$1" "$2"); shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

out=$(mktemp -d /tmp/todo-compare.XXXXXX)
if [ -z "$cmd_b" ]; then
    if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/server/src/main" "$ROOT/server/pom.xml" -newer "$JAR" -print -quit)" ]; then
        echo "building $JAR" >&2
        (cd "$ROOT" && mvn -q -B -ntp -o -DskipTests package)
    fi
    cp "$JAR" "$out/server.jar"
    cmd_b="$JAVA -XX:+UseSerialGC -Xms16m -Xmn32m -Xmx1g -XX:TieredStopAtLevel=1 -jar $out/server.jar"   # the README's run command
fi
[ -n "$cmd_a" ] || cmd_a="/usr/bin/python3 $PEER"
# Same terms for both: no rate limit, and the peer's 100,000 PBKDF2 iterations (ours defaults to 600,000).
# The Java server also needs its abuse limits out of the generator's way, as the rate limit is: connection caps
# above 10,000 for the 10k row (one client address), room for the generator's pipelined registers in the hashing
# queues, and no tasks-per-list cap (the writes row puts over 10,000 tasks into each writer's list).
flags_a="--max-rate 0"
flags_b="--max-rate 0"
java_flags="--password-iterations 100000 --max-connections 30000 --max-connections-per-address 30000"
java_flags="$java_flags --hash-queue-per-connection 256 --hash-queue-per-address 256 --max-tasks-per-list 100000000"
case $cmd_b in *java*) flags_b="$flags_b $java_flags" ;; esac
case $cmd_a in *java*) flags_a="$flags_a $java_flags" ;; esac

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
pid=
stop() {
    [ -n "$pid" ] || return 0
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
    wait "$pid" 2>/dev/null || true
    pid=
}
cleanup() { stop; if [ "${KEEP:-0}" = 1 ]; then echo "results: $out" >&2; else rm -rf "$out"; fi; }
trap cleanup EXIT

args_for() {  # the Load.java scenario and options of a row
    case $1 in
        fanout) echo "fanout ${dur[*]}" ;;
        fanout10) echo "fanout --rate 10 ${dur[*]}" ;;
        fanout45) echo "fanout --rate 45 ${dur[*]}" ;;
        writes) echo "writes ${dur[*]}" ;;
        write1) echo "writes --writers 1 --window 1 --rate 20 ${dur[*]}" ;;
        conn10k) echo "connections --conns 10000" ;;
        conn200) echo "connections --conns 200" ;;
        conn19k) echo "connections --conns 19000 --users 4 --sources 2 --broadcasts 20" ;;
        idle) echo "" ;;
        *) echo "unknown row $1" >&2; exit 2 ;;
    esac
}

metrics_delta() {  # metrics_delta DIR WALL_S: the run's figures from the two scrapes of /metrics, as JSON
    python3 - "$1" "$2" <<'EOF'
import json, sys
d, wall = sys.argv[1], float(sys.argv[2])
def read(name):
    m = {}
    for line in open(f"{d}/metrics-{name}.txt"):
        if line.strip() and not line.startswith("#"):
            k, v = line.rsplit(" ", 1)
            m[k] = float(v)
    return m
b, a = read("before"), read("after")
delta = lambda k: a.get(k, 0.0) - b.get(k, 0.0)
def quantile(name, q):  # as PromQL's histogram_quantile, over the run's increase
    buckets = sorted((float(k.split('le="')[1].split('"')[0]), delta(k)) for k in a if k.startswith(name + "_bucket{"))
    total = buckets[-1][1] if buckets else 0
    if not total:
        return None
    lo, below = 0.0, 0.0
    for le, n in buckets:
        if n >= q * total:
            return lo if le == float("inf") else lo + (le - lo) * (q * total - below) / max(n - below, 1e-9)
        lo, below = le, n
cpu = delta("process_cpu_seconds_total")
r = {"m_wall_s": round(wall, 2), "m_server_cpu_pct": round(100 * cpu / wall, 1),
     "m_rss_kb": a.get("process_resident_memory_bytes", 0) / 1024, "m_events": delta("todo_events_delivered_total"),
     "m_events_per_cpu_s": delta("todo_events_delivered_total") / max(cpu, 1e-9),
     "m_batches": delta("todo_write_batch_size_count"),
     "m_gcs": sum(delta(k) for k in a if k.startswith("jvm_gc_collection_seconds_count"))}
if r["m_batches"]:
    r["m_ops_per_batch"] = delta("todo_write_batch_size_sum") / r["m_batches"]
    r["m_commit_ms_mean"] = 1000 * delta("todo_write_commit_seconds_sum") / r["m_batches"]
p99 = quantile("todo_delivery_latency_seconds", 0.99)
if p99 is not None:
    r["m_delivery_ms_p99"] = 1000 * p99
print(json.dumps(r))
EOF
}

run() {  # run ROW LABEL ROUND CMD FLAGS
    local row=$1 label=$2 r=$3 cmd=$4 flags=$5 dir="$out/$1-$2$3" ws=
    local args; args=$(args_for "$row")
    mkdir -p "$dir"
    bash -c "exec $cmd $flags --port 0 --ws-port 0 --host 127.0.0.1 --db '$dir/todo.db'" >"$dir/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 600); do
        ws=$(grep -o 'ws://[A-Za-z0-9.:/_-]*' "$dir/server.log" | head -1 || true)
        [ -n "$ws" ] && break
        kill -0 "$pid" 2>/dev/null || { echo "server $label died:" >&2; cat "$dir/server.log" >&2; exit 1; }
        sleep 0.1
    done
    [ -n "$ws" ] || { echo "server $label printed no ws:// URL in 60 s" >&2; exit 1; }
    sleep 1
    local rss; rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")  # before any scrape: a scrape loads classes
    echo "== $row round $r: $label ($ws, pid $pid, idle RSS $rss kB)" >&2
    local http t0=; http=$(grep -o 'http://[A-Za-z0-9.:_-]*/' "$dir/server.log" | head -1 || true)
    if [ -n "$args" ] && [ -n "$http" ] && curl -sf -m 5 "${http}metrics" -o "$dir/metrics-before.txt" \
            && grep -q '^todo_' "$dir/metrics-before.txt"; then
        t0=$(date +%s.%N)
    fi
    if [ -n "$args" ]; then
        # shellcheck disable=SC2086
        "$JAVA" ${GEN_OPTS:-} "$LOAD" $args --ws "$ws" --pid "$pid" --json "$dir/load.json" >/dev/null 2>"$dir/load.err" \
            || { echo "load run failed:" >&2; tail -5 "$dir/load.err" >&2; }
    fi
    if [ -n "$t0" ] && curl -sf -m 10 "${http}metrics" -o "$dir/metrics-after.txt"; then
        metrics_delta "$dir" "$(python3 -c "import time; print(time.time() - $t0)")" >"$dir/metrics.json"
    fi
    printf '{"server_rss_idle_kb": %s}\n' "$rss" >"$dir/idle.json"
    stop
    rm -f "$dir"/todo.db*
    sleep 1
}

IFS=, read -r -a row_list <<<"$rows"
for row in "${row_list[@]}"; do
    for r in $(seq "$ROUNDS"); do
        run "$row" A "$r" "$cmd_a" "$flags_a"
        run "$row" B "$r" "$cmd_b" "$flags_b"
    done
done

python3 - "$out" "$ROUNDS" "$rows" "$cmd_a" "$cmd_b" <<'EOF'
import json, os, statistics, sys
out, rounds, rows, cmd_a, cmd_b = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4], sys.argv[5]
def runs(row, label, name):
    got = []
    for r in range(1, rounds + 1):
        p = os.path.join(out, f"{row}-{label}{r}", name)
        if os.path.exists(p):
            got.append(json.load(open(p)))
            m = os.path.join(out, f"{row}-{label}{r}", "metrics.json")
            if name == "load.json" and os.path.exists(m):
                got[-1].update(json.load(open(m)))  # the server's own figures, where it has /metrics
    return got
def med(rs, k):
    v = [x[k] for x in rs if isinstance(x.get(k), (int, float))]
    return statistics.median(v) if v else None
# (row, metric, label, unit, higher is better)
ROWS = {
    "fanout": [("events_per_s", "fan-out 1,000 subs, saturated: events/s", True), ("delivery_ms_p99", "  delivery p99 ms", False),
               ("server_cpu_pct", "  server CPU %", None), ("m_server_cpu_pct", "  server CPU %, whole run (/metrics)", None),
               ("m_events_per_cpu_s", "  events per server CPU-s, whole run (/metrics)", True),
               ("m_delivery_ms_p99", "  commit to frame queued p99 ms (/metrics)", False),
               ("m_ops_per_batch", "  writes per commit (/metrics)", None)],
    "fanout10": [("delivery_ms_p50", "fan-out 10 creates/s: delivery p50 ms", False), ("delivery_ms_p99", "  delivery p99 ms", False)],
    "fanout45": [("delivery_ms_p50", "fan-out 45 creates/s: delivery p50 ms", False), ("delivery_ms_p99", "  delivery p99 ms", False),
                 ("server_cpu_pct", "  server CPU %", None), ("m_server_cpu_pct", "  server CPU %, whole run (/metrics)", None),
                 ("m_delivery_ms_p99", "  commit to frame queued p99 ms (/metrics)", False)],
    "writes": [("acked_per_s", "durable creates/s, 16 x 32", True), ("ack_ms_p99", "  ack p99 ms", False),
               ("m_server_cpu_pct", "  server CPU %, whole run (/metrics)", None),
               ("m_ops_per_batch", "  writes per commit (/metrics)", None), ("m_commit_ms_mean", "  COMMIT mean ms (/metrics)", None)],
    "write1": [("ack_ms_p50", "isolated create (1 writer, 20/s): ack p50 ms", False), ("ack_ms_p99", "  ack p99 ms", False)],
    "conn10k": [("server_kb_per_conn", "10k connections: server KB per connection", False), ("ping_ms_p50", "  ping p50 ms", False),
                ("ping_ms_p99", "  ping p99 ms", False), ("broadcast_ack_ms_p50", "  broadcast's own ack p50 ms", False),
                ("broadcast_last_ms_p50", "  broadcast, last receiver p50 ms", False), ("connect_per_s", "  connected per s", True),
                ("server_rss_kb_before", "  server RSS kB, 10 users registered, no conns", False), ("server_rss_kb", "  server RSS kB with 10k connections", False),
                ("m_rss_kb", "  server RSS kB at the end (/metrics)", False), ("m_gcs", "  GCs during the run (/metrics)", False)],
    "conn19k": [("server_kb_per_conn", "19k connections: server KB per connection", False), ("connect_per_s", "  connected per s", True),
                ("broadcast_ack_ms_p50", "  broadcast to 4,750: its own ack p50 ms", False),
                ("broadcast_last_ms_p50", "  broadcast, last receiver p50 ms", False), ("broadcast_last_ms_max", "  broadcast, last receiver max ms", False),
                ("ping_ms_p50", "  ping p50 ms", False), ("ping_ms_p99", "  ping p99 ms", False),
                ("server_rss_kb", "  server RSS kB with 19k connections", False)],
    "conn200": [("ping_ms_p50", "200 connections: ping p50 ms", False), ("ping_ms_p95", "  ping p95 ms", False),
                ("ping_ms_p99", "  ping p99 ms", False), ("server_rss_kb_before", "  server RSS kB, 10 users registered, no conns", False),
                ("m_server_cpu_pct", "  server CPU %, whole run (/metrics)", None)],
}
fmt = lambda v: "-" if v is None else f"{v:.4g}"
print(f"\nA = {cmd_a}\nB = {cmd_b}\nmedians of {rounds} rounds, A B A B per row\n")
print(f"| {'figure':48} | {'A':>9} | {'B':>9} | {'B/A':>6} | other_cpu_pct A / B |")
print(f"|{'-'*50}|{'-'*11}|{'-'*11}|{'-'*8}|---------------------|")
idle_a, idle_b, noise_max, errors = [], [], 0, {}
for row in rows:
    la, lb = runs(row, "A", "load.json"), runs(row, "B", "load.json")
    idle_a += runs(row, "A", "idle.json"); idle_b += runs(row, "B", "idle.json")
    def noise(rs):
        v = [x.get("other_cpu_pct", x.get("connect_other_cpu_pct")) for x in rs]
        return [x for x in v if isinstance(x, (int, float))]
    na, nb = noise(la), noise(lb)
    noise_max = max([noise_max] + na + nb)
    for label, rs in (("A", la), ("B", lb)):
        for x in rs:
            for c, n in x.get("error_codes", {}).items():
                errors[(row, label, c)] = errors.get((row, label, c), 0) + n
            for k in ("missing_events", "rev_errors", "broadcast_missing"):
                if x.get(k):
                    errors[(row, label, k)] = errors.get((row, label, k), 0) + x[k]
    for i, (k, title, _) in enumerate(ROWS.get(row, [])):
        a, b = med(la, k), med(lb, k)
        ratio = f"{b / a:.3g}" if a and b is not None else "-"
        nz = f"{fmt(statistics.median(na) if na else None)} / {fmt(statistics.median(nb) if nb else None)}" if i == 0 else ""
        print(f"| {title:48} | {fmt(a):>9} | {fmt(b):>9} | {ratio:>6} | {nz:19} |")
a, b = med(idle_a, "server_rss_idle_kb"), med(idle_b, "server_rss_idle_kb")
print(f"| {'server RSS before any client, MB':48} | {fmt(a and a / 1024):>9} | {fmt(b and b / 1024):>9} | "
      f"{(f'{b / a:.3g}' if a and b else '-'):>6} | {'':19} |")
if noise_max > 25:
    print(f"\nWARNING: other processes used up to {noise_max:.0f}% of a core during these runs (other_cpu_pct): the machine was shared")
for (row, label, c), n in sorted(errors.items()):
    print(f"errors {row} {label}: {c} = {n}")
EOF
