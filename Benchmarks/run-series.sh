#!/usr/bin/env bash
# `/api/series` for a 30-day chart on a store holding 30 days of per-minute history; figures in
# ../BENCHMARKS.md ("The daemon").
#
#   Benchmarks/run-series.sh            # PROBES=10 DAYS=30 READS=200
#
# 1. One real run record: `mailprobe roundtrip --json` (STARTTLS both sides) against the test server.
# 2. series-bench fills a fresh store with PROBES × DAYS × 1440 copies of it (series-1 ... series-N,
#    one a minute each, phases scaled by a seeded log-normal factor, 1 % warnings), through
#    HistoryStore.insert(_:keepTrace:) in batches of 1,440; then times READS in-process
#    HistoryStore.series calls (the library alone).
# 3. `mailprobe serve` on that store (the same probes configured at a 7-day interval, so none is
#    due during the reads), then READS sequential curl requests of
#    GET /api/series?probe=series-K&phase=total&since=<DAYS ago>&until=<now>, K cycling.
# Everything on 127.0.0.1; stops by itself.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
source "$HERE/common.sh"
PROBES=${PROBES:-10}
DAYS=${DAYS:-30}
READS=${READS:-200}
SCRATCH=$HERE/.build-serve

die() { echo "run-series.sh: $*" >&2; exit 1; }
for tool in curl python3 swift; do command -v "$tool" >/dev/null || die "$tool not found"; done
(( PROBES >= 1 && PROBES <= 100 )) || die "PROBES from 1 to 100"
(( READS >= 1 && READS <= 5000 )) || die "READS from 1 to 5000"

bench_workdir seriesbench

cd "$HERE"
echo "building mailprobe and series-bench (release, scratch path Benchmarks/.build-serve)..." >&2
build_bench "$SCRATCH" mailprobe series-bench 2>/dev/null
MAILPROBE=$BIN/mailprobe
SERIES_BENCH=$BIN/series-bench


echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); PROBES=$PROBES DAYS=$DAYS READS=$READS"
"$MAILPROBE" test-server --self-signed --user "s@bench.test:bench-secret" >"$WORK/server.out" 2>"$WORK/server.err" &
PIDS+=("$!")
wait_for 100 grep -q imap "$WORK/server.out" || die "test server did not start: $(cat "$WORK/server.err")"
read -r SMTP_PORT IMAP_PORT < <(python3 -c 'import json,sys; p=json.loads(open(sys.argv[1]).readline()); print(p["smtp"], p["imap"])' "$WORK/server.out")
SERVE_PORT=$(free_port)
{
    echo "location: bench"
    echo "accounts:"
    echo "  s:"
    echo "    address: s@bench.test"
    echo "    smtp: {server: \"127.0.0.1:$SMTP_PORT\", tls: starttls, insecure: true, password: {env: BENCH_PW}}"
    echo "    imap: {server: \"127.0.0.1:$IMAP_PORT\", tls: starttls, insecure: true, password: {env: BENCH_PW}}"
    echo "serve:"
    echo "  listen: \"127.0.0.1:$SERVE_PORT\""
    echo "  data_dir: $WORK/state"
    echo "  retention: {runs: $((DAYS + 30))d}"
    echo "  grace: 5s"
    echo "probes:"
    for ((i = 1; i <= PROBES; i++)); do
        echo "  series-$i: {type: roundtrip, account: s, interval: 7d, timeout: 10s}"
    done
} >"$WORK/mailprobe.yaml"

BENCH_PW=bench-secret "$MAILPROBE" roundtrip --config "$WORK/mailprobe.yaml" --probe series-1 --json >"$WORK/template.json" \
    || die "the template run failed: $(cat "$WORK/template.json")"
echo "template: $(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["outcome"], len(r["phases"]), "phases (" + ", ".join(p["name"] for p in r["phases"]) + "),", len(open(sys.argv[1]).read()), "bytes of JSON")' "$WORK/template.json")"

"$SERIES_BENCH" --store "$WORK/state/mailprobe.sqlite" --template "$WORK/template.json" --probes "$PROBES" --days "$DAYS" --reads "$READS"

START_NS=$(date +%s%N)
BENCH_PW=bench-secret "$MAILPROBE" serve --config "$WORK/mailprobe.yaml" 2>"$WORK/serve.log" &
SERVE_PID=$!; PIDS+=("$SERVE_PID")
wait_for 600 curl -fsS "http://127.0.0.1:$SERVE_PORT/healthz" || die "daemon did not start: $(tail -5 "$WORK/serve.log")"
echo "daemon healthy after $(( ($(date +%s%N) - START_NS) / 1000000 )) ms on the filled store"

NOW_MS=$(( $(date +%s%N) / 1000000 ))
SINCE_MS=$(( NOW_MS - DAYS * 86400000 ))
URL="http://127.0.0.1:$SERVE_PORT/api/series?phase=total&since=$SINCE_MS&until=$NOW_MS&probe=series-"
curl -fsS "${URL}1" >"$WORK/first.json"
echo "response: $(python3 -c 'import json,sys; b=json.load(open(sys.argv[1])); print(len(b["points"]), "points,", sum(p.get("count", 0) for p in b["points"]), "runs,", len(open(sys.argv[1]).read()), "bytes")' "$WORK/first.json")"
CPU0=$(awk '{print $14 + $15}' "/proc/$SERVE_PID/stat")
for ((i = 0; i < READS; i++)); do
    curl -fsS -o /dev/null -w '%{time_total}\n' "${URL}$(( i % PROBES + 1 ))" >>"$WORK/times.txt"
done
CPU1=$(awk '{print $14 + $15}' "/proc/$SERVE_PID/stat")
python3 - "$WORK/times.txt" "$(( CPU1 - CPU0 ))" "$(getconf CLK_TCK)" <<'EOF'
import sys
times = sorted(float(t) * 1000 for t in open(sys.argv[1]))
ticks, hz = int(sys.argv[2]), int(sys.argv[3])
def pct(p): return times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))]
print(f"GET /api/series over HTTP (curl time_total), {len(times)} requests: p50 {pct(50):.1f} ms, p95 {pct(95):.1f} ms, "
      f"p99 {pct(99):.1f} ms, max {times[-1]:.1f} ms; daemon CPU {ticks / hz / len(times) * 1000:.1f} ms per request")
EOF
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
