#!/usr/bin/env bash
# The daemon under load: `mailprobe serve` with many probes against the test server, beside
# Prometheus' blackbox_exporter doing the same SMTP STARTTLS check; figures in ../BENCHMARKS.md
# ("The daemon").
#
#   Benchmarks/run-serve.sh                    # MODE=mixed PROBES=1000 INTERVAL=60 DURATION=600
#   MODE=smtp PROBES=500 Benchmarks/run-serve.sh   # only the smtp probes: CPU per connection check
#   PERF=1 MODE=smtp ... Benchmarks/run-serve.sh    # and where the daemon's CPU goes (perf record over the window)
#   MAILPROBE=path/to/mailprobe ...                 # a release binary built elsewhere, instead of building one
#   WARMUP=60 ...                                   # open the window a minute after the start (steady state)
#
# MODE=mixed: PROBES/2 `smtp` probes (STARTTLS, `insecure: true`, `send: false`: EHLO, STARTTLS,
# EHLO, AUTH PLAIN, QUIT) and PROBES/2 `roundtrip` probes (SMTP STARTTLS + AUTH + a message to
# itself, IMAP STARTTLS + LOGIN + IDLE until it arrives). Account N serves smtp-N and rt-N; one test
# server user per account. MODE=smtp: PROBES `smtp` probes only. Every probe runs every INTERVAL
# seconds (first runs splayed over the first interval by the daemon).
# Beside it, in the same window, blackbox_exporter is asked for BB_PER_MIN probes a minute of an
# smtp_starttls tcp module (220, EHLO, 250-STARTTLS, STARTTLS, 220, TLS, EHLO, QUIT) against the
# same test server (one Python client, paced, one request at a time).
# Measured over the window [daemon healthy, +DURATION seconds]: CPU of each process from /proc/PID/stat,
# daemon VmHWM/VmRSS, lateness (the daemon's histogram and from the store), store size, run counts,
# load average every 10 s. Everything listens on 127.0.0.1 and stops by itself.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
source "$HERE/common.sh"
MODE=${MODE:-mixed}
PROBES=${PROBES:-1000}
INTERVAL=${INTERVAL:-60}
SECONDS_RUN=${DURATION:-600}
# Seconds between the daemon's start and the window: with WARMUP=INTERVAL every probe has run once
# (its metrics and rollup rows made), so the window measures the steady state.
WARMUP=${WARMUP:-0}
BB_PER_MIN=${BB_PER_MIN:-500}
CONCURRENCY=${CONCURRENCY:-64}
LOG_LEVEL=${LOG_LEVEL:-info}
SCRATCH=$HERE/.build-serve
BLACKBOX=${BLACKBOX:-$(command -v prometheus-blackbox-exporter || echo /usr/bin/prometheus-blackbox-exporter)}

die() { echo "run-serve.sh: $*" >&2; exit 1; }
[[ $MODE == mixed || $MODE == smtp ]] || die "MODE is mixed or smtp"
[[ -x $BLACKBOX ]] || die "blackbox_exporter not found (apt-get install prometheus-blackbox-exporter)"
for tool in curl python3 swift; do command -v "$tool" >/dev/null || die "$tool not found"; done
(( PROBES >= 2 && PROBES <= 5000 )) || die "PROBES from 2 to 5000"
(( SECONDS_RUN >= 30 && SECONDS_RUN <= 3600 )) || die "DURATION from 30 to 3600 (seconds)"

bench_workdir servebench

cd "$HERE"
if [[ -z ${MAILPROBE:-} ]]; then
    echo "building mailprobe (release, scratch path Benchmarks/.build-serve)..." >&2
    build_bench "$SCRATCH" mailprobe 2>/dev/null
    MAILPROBE=$BIN/mailprobe
fi
[[ -x $MAILPROBE ]] || die "MAILPROBE=$MAILPROBE is not an executable"


if [[ $MODE == mixed ]]; then ACCOUNTS=$((PROBES / 2)); else ACCOUNTS=$PROBES; fi
PASSWORD=bench-secret

# --- Test server ---------------------------------------------------------------------
USERS=()
for ((i = 1; i <= ACCOUNTS; i++)); do USERS+=(--user "u$i@bench.test:$PASSWORD"); done
"$MAILPROBE" test-server --self-signed "${USERS[@]}" >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!; PIDS+=("$SERVER_PID")
wait_for 100 grep -q imap "$WORK/server.out" || die "test server did not start: $(cat "$WORK/server.err")"
read -r SMTP_PORT IMAP_PORT < <(python3 -c 'import json,sys; p=json.loads(open(sys.argv[1]).readline()); print(p["smtp"], p["imap"])' "$WORK/server.out")

# --- Daemon config -------------------------------------------------------------------
SERVE_PORT=$(free_port)
{
    echo "location: bench"
    echo "accounts:"
    for ((i = 1; i <= ACCOUNTS; i++)); do
        echo "  u$i:"
        echo "    address: u$i@bench.test"
        echo "    smtp: {server: \"127.0.0.1:$SMTP_PORT\", tls: starttls, insecure: true, password: {env: BENCH_PW}}"
        echo "    imap: {server: \"127.0.0.1:$IMAP_PORT\", tls: starttls, insecure: true, password: {env: BENCH_PW}}"
    done
    echo "serve:"
    echo "  listen: \"127.0.0.1:$SERVE_PORT\""
    echo "  data_dir: $WORK/state"
    echo "  concurrency: $CONCURRENCY"
    echo "  traces: failures"
    echo "  retention: {runs: 60d}"
    echo "  grace: 5s"
    echo "probes:"
    for ((i = 1; i <= ACCOUNTS; i++)); do
        echo "  smtp-$i: {type: smtp, account: u$i, send: false, interval: ${INTERVAL}s, timeout: 10s}"
        [[ $MODE == mixed ]] && echo "  rt-$i: {type: roundtrip, account: u$i, interval: ${INTERVAL}s, timeout: 10s, late_after: 10s, lost_after: 30s}"
    done
} >"$WORK/mailprobe.yaml"

# --- blackbox_exporter ---------------------------------------------------------------
BB_PORT=$(free_port)
cat >"$WORK/blackbox.yml" <<'EOF'
modules:
  smtp_starttls:
    prober: tcp
    timeout: 10s
    tcp:
      preferred_ip_protocol: ip4
      query_response:
        - expect: "^220"
        - send: "EHLO blackbox.bench\r"
        - expect: "^250[- ]STARTTLS"
        - send: "STARTTLS\r"
        - expect: "^220"
        - starttls: true
        - send: "EHLO blackbox.bench\r"
        - expect: "^250 "
        - send: "QUIT\r"
        - expect: "^221"
      tls_config:
        insecure_skip_verify: true
EOF

echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); MODE=$MODE PROBES=$PROBES" \
     "INTERVAL=${INTERVAL}s DURATION=${SECONDS_RUN}s WARMUP=${WARMUP}s BB_PER_MIN=$BB_PER_MIN concurrency=$CONCURRENCY log=$LOG_LEVEL"

BENCH_PW=$PASSWORD "$MAILPROBE" serve --config "$WORK/mailprobe.yaml" --log-level "$LOG_LEVEL" 2>"$WORK/serve.log" &
SERVE_PID=$!; PIDS+=("$SERVE_PID")
wait_for 300 curl -fsS "http://127.0.0.1:$SERVE_PORT/healthz" || die "daemon did not start: $(tail -5 "$WORK/serve.log")"
"$BLACKBOX" --config.file="$WORK/blackbox.yml" --web.listen-address="127.0.0.1:$BB_PORT" 2>"$WORK/blackbox.log" &
BB_PID=$!; PIDS+=("$BB_PID")
wait_for 100 curl -fsS "http://127.0.0.1:$BB_PORT/metrics" || die "blackbox_exporter did not start: $(tail -5 "$WORK/blackbox.log")"

# --- The window ----------------------------------------------------------------------
(( WARMUP > 0 )) && { echo "warm-up: ${WARMUP}s before the window" >&2; sleep "$WARMUP"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
START_NS=$(date +%s%N)
START_MS=$((START_NS / 1000000))
echo "$(cpu_ticks "$SERVE_PID") $(cpu_ticks "$BB_PID") $(cpu_ticks "$SERVER_PID")" >"$WORK/cpu.start"

# blackbox driver: BB_PER_MIN a minute, paced to a fixed schedule, bounded in count.
python3 - "$BB_PORT" "$SMTP_PORT" "$BB_PER_MIN" "$SECONDS_RUN" >"$WORK/blackbox.txt" <<'EOF' &
import sys, time, urllib.request
port, target, per_min, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
period = 60.0 / per_min
count = int(seconds / period)
url = f"http://127.0.0.1:{port}/probe?target=127.0.0.1:{target}&module=smtp_starttls"
ok = failed = behind = 0
start = time.monotonic()
for k in range(count):
    due = start + k * period
    wait = due - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    else:
        behind += 1
    try:
        body = urllib.request.urlopen(url, timeout=15).read().decode()
        success = any(line == "probe_success 1" for line in body.splitlines())
    except Exception:
        success = False
    ok += success
    failed += not success
print(f"requests={count} ok={ok} failed={failed} started_behind_schedule={behind}")
EOF
DRIVER_PID=$!; PIDS+=("$DRIVER_PID")
if [[ -n ${PERF:-} ]]; then
    command -v perf >/dev/null || die "PERF=1 needs perf (apt-get install linux-perf)"
    perf record -q -F 997 -g -p "$SERVE_PID" -o "$WORK/perf.data" -- sleep "$SECONDS_RUN" 2>"$WORK/perf.log" &
    PERF_PID=$!
fi

LOADS=()
END=$((START_NS / 1000000000 + SECONDS_RUN))
while (( $(date +%s) < END )); do
    LEFT=$(( END - $(date +%s) ))
    sleep $(( LEFT < 10 ? LEFT : 10 ))
    LOADS+=("$(cut -d' ' -f1 /proc/loadavg)")
done
echo "$(cpu_ticks "$SERVE_PID") $(cpu_ticks "$BB_PID") $(cpu_ticks "$SERVER_PID")" >"$WORK/cpu.end"
END_NS=$(date +%s%N)
grep -E '^Vm(HWM|RSS)' "/proc/$SERVE_PID/status" >"$WORK/memory"
grep -E '^Vm(HWM|RSS)' "/proc/$BB_PID/status" | sed 's/^/blackbox_/' >>"$WORK/memory"
curl -fsS "http://127.0.0.1:$SERVE_PORT/metrics" >"$WORK/metrics.txt"
curl -fsS "http://127.0.0.1:$BB_PORT/metrics" >"$WORK/blackbox-metrics.txt"
wait "$DRIVER_PID" || true
if [[ -n ${PERF:-} ]]; then
    wait "$PERF_PID" || true
    echo "-- where the daemon's CPU went (perf, self time by symbol, top 40):"
    perf report -i "$WORK/perf.data" --no-children --sort dso,symbol --percent-limit 0.4 --stdio 2>/dev/null \
        | grep -E '^ +[0-9.]+%' | head -40 | sed 's/  */ /g' | cut -c1-160
    echo "-- by library:"
    perf report -i "$WORK/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9.]+%' | head -12
fi
kill -TERM "$SERVE_PID"; wait "$SERVE_PID" || true

# --- Report --------------------------------------------------------------------------
python3 - "$WORK" "$START_MS" "$(( (END_NS - START_NS) / 1000000 ))" "$(getconf CLK_TCK)" "$INTERVAL" "${LOADS[*]}" <<'EOF'
import os, re, sqlite3, statistics, sys
work, start_ms, window_ms, hz, interval_s, loads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6].split()
window_s = window_ms / 1000
c0 = [int(x) for x in open(f"{work}/cpu.start").read().split()]
c1 = [int(x) for x in open(f"{work}/cpu.end").read().split()]
cpu = [(b - a) / hz for a, b in zip(c0, c1)]
mem = dict(line.split(":", 1) for line in open(f"{work}/memory").read().splitlines())
mem = {k: int(v.split()[0]) / 1024 for k, v in mem.items()}

db = sqlite3.connect(f"file:{work}/state/mailprobe.sqlite?mode=ro", uri=True)
rows = db.execute("SELECT probe, kind, started_at_ms, state, status, duration_ms FROM run ORDER BY probe, started_at_ms").fetchall()
window = [r for r in rows if start_ms <= r[2] < start_ms + window_ms]
size = sum(os.path.getsize(f"{work}/state/{f}") for f in os.listdir(f"{work}/state") if f.startswith("mailprobe.sqlite"))

def pct(values, p):
    if not values: return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

# Lateness from the store: per probe, completed/cancelled runs k at started_k; the slot grid is
# base + n*interval with base the earliest (started_k - n_k*interval): a lower bound on lateness.
late = []
by_probe = {}
for probe, kind, started, state, status, dur in rows:
    if state != "skipped": by_probe.setdefault(probe, []).append(started)
for starts in by_probe.values():
    first = starts[0]
    slots = [round((s - first) / (interval_s * 1000)) for s in starts]
    base = min(s - n * interval_s * 1000 for s, n in zip(starts, slots))
    late += [s - (base + n * interval_s * 1000) for s, n in zip(starts, slots)]

# The daemon's own histogram (bucket bounds in seconds, cumulative counts).
buckets = []
for line in open(f"{work}/metrics.txt"):
    m = re.match(r'mailprobe_scheduler_lateness_seconds_bucket\{.*le="([^"]+)".*\} (\S+)', line)
    if m: buckets.append((float(m.group(1)), float(m.group(2))))
total = buckets[-1][1] if buckets else 0
def bucket_pct(p):
    for le, n in buckets:
        if total and n >= p / 100 * total: return f"≤ {le * 1000:g} ms"
    return "n/a"
m = re.search(r'mailprobe_scheduler_lateness_seconds_sum\{[^}]*\} (\S+)', open(f"{work}/metrics.txt").read())
hist_mean = float(m.group(1)) / total * 1000 if m and total else float("nan")

kinds = {}
for probe, kind, started, state, status, dur in window:
    key = (kind, state if state != "completed" else status)
    kinds[key] = kinds.get(key, 0) + 1
smtp_checks = sum(n for (k, s), n in kinds.items() if k == "smtp" and s != "skipped")
durations = {}
for probe, kind, started, state, status, dur in window:
    if state == "completed": durations.setdefault(kind, []).append(dur)
bb = open(f"{work}/blackbox.txt").read().strip()
bb_ok = int(re.search(r"ok=(\d+)", bb).group(1)); bb_n = int(re.search(r"requests=(\d+)", bb).group(1))
loads_f = [float(x) for x in loads] or [float("nan")]

print(f"window {window_s:.0f} s; load average (1 min, every 10 s): median {statistics.median(loads_f):.2f}, "
      f"min {min(loads_f):.2f}, max {max(loads_f):.2f}")
print()
print("| | mailprobe serve | blackbox_exporter | test server |")
print("|---|---:|---:|---:|")
print(f"| CPU s in window | {cpu[0]:.1f} | {cpu[1]:.1f} | {cpu[2]:.1f} |")
print(f"| CPU % of one core | {cpu[0] / window_s * 100:.1f} | {cpu[1] / window_s * 100:.1f} | {cpu[2] / window_s * 100:.1f} |")
print(f"| checks in window | {len(window)} runs ({smtp_checks} smtp) | {bb_n} ({bb_ok} ok) | |")
print(f"| CPU ms per smtp check | {cpu[0] / max(smtp_checks, 1) * 1000:.2f} (all CPU / smtp runs) | {cpu[1] / max(bb_n, 1) * 1000:.2f} | |")
print(f"| CPU ms per run (any kind) | {cpu[0] / max(len(window), 1) * 1000:.2f} | | |")
print(f"| RSS peak / final MiB | {mem['VmHWM']:.1f} / {mem['VmRSS']:.1f} | {mem['blackbox_VmHWM']:.1f} / {mem['blackbox_VmRSS']:.1f} | |")
print()
print("runs in window by kind and status: " + ", ".join(f"{k} {s}: {n}" for (k, s), n in sorted(kinds.items())))
for kind, values in sorted(durations.items()):
    print(f"run duration {kind}: p50 {pct(values, 50):.1f} ms, p99 {pct(values, 99):.1f} ms, max {max(values):.1f} ms")
print(f"lateness from the store ({len(late)} runs): p50 {pct(late, 50)} ms, p99 {pct(late, 99)} ms, max {max(late) if late else 'n/a'} ms")
print(f"lateness, daemon histogram ({total:.0f} starts): p50 {bucket_pct(50)}, p99 {bucket_pct(99)}, mean {hist_mean:.2f} ms, "
      f"count > 50 ms: {total - next((n for le, n in buckets if abs(le - 0.05) < 1e-9), total):.0f}")
print(f"store: {len(rows)} runs, {size / 1e6:.1f} MB (db + wal) = {size / max(len(rows), 1) * 1e6 / 1e9:.2f} GB per 1M runs")
print(f"blackbox driver: {bb}")
EOF
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
