#!/usr/bin/env bash
# SMTP benchmarks beside the named peers, all on loopback; figures go in ../BENCHMARKS.md.
#
#   sudo Benchmarks/run-smtp.sh            # REPS=5 MESSAGES=2000 SIZE=500 PARSE_MB=50 RUNS=20
#   sudo PIN_CPU=0 Benchmarks/run-smtp.sh  # throughput with smtp-sink and every client on CPU 0
#
# 1. Throughput: MESSAGES messages of SIZE bytes over one connection to Postfix's
#    smtp-sink: MailProbe's batch API (SMTPConnection.send(batch:), PIPELINING: the next
#    envelope rides behind each payload), its per-message send(_:envelope:) with and
#    without PIPELINING, Python's smtplib, smtp-source. REPS rounds, the clients
#    interleaved in each round. Also a prototype that is NOT the client
#    (PipelinedBatchPrototype.swift: the same idea without state machine or timings).
# 2. Reply-parser throughput over a PARSE_MB MB corpus.
# 3. Cold start (hyperfine, RUNS runs): `mailprobe smtp` vs swaks on the private Postfix
#    (Scripts/mailservers), submission with STARTTLS + AUTH PLAIN, and the plain port.
#    mailprobe is built as it ships (Scripts/demo): --static-swift-stdlib; the same
#    binary built against the shared Swift runtime is a second row.
#
# Builds in release under Benchmarks/.build; starts Scripts/mailservers if it is down
# (needs root) and its own smtp-sink, which it stops on exit. Prints a Markdown table.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
source "$HERE/common.sh"
REPS=${REPS:-5}
MESSAGES=${MESSAGES:-2000}
SIZE=${SIZE:-500}
PARSE_MB=${PARSE_MB:-50}
PARSE_RUNS=${PARSE_RUNS:-7}
RUNS=${RUNS:-20}
SINK_PORT=${SINK_PORT:-10099}
# smtp-source adds 147 bytes of headers (From, To, Date, Message-Id) to -l bytes of body.
SOURCE_LENGTH=${SOURCE_LENGTH:-$((SIZE - 150))}
HOST=127.0.0.1
PIN_CPU=${PIN_CPU:-}
PIN=()
[[ -n $PIN_CPU ]] && PIN=(taskset -c "$PIN_CPU")

die() { echo "run-smtp.sh: $*" >&2; exit 1; }
for tool in swift python3 hyperfine swaks; do
    command -v "$tool" >/dev/null || die "$tool not found (apt-get install hyperfine swaks)"
done
SMTP_SINK=$(command -v smtp-sink || echo /usr/sbin/smtp-sink)
SMTP_SOURCE=$(command -v smtp-source || echo /usr/sbin/smtp-source)
[[ -x $SMTP_SINK && -x $SMTP_SOURCE ]] || die "smtp-sink / smtp-source not found (apt-get install postfix)"

WORK=$(mktemp -d)
SINK_PID=
cleanup() {
    if [[ -n $SINK_PID ]]; then kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- Build -------------------------------------------------------------------------
echo "building (release, scratch path Benchmarks/.build)..." >&2
cd "$HERE"
build_bench "$HERE/.build" smtp-bench mailprobe
# mailprobe as it ships (Scripts/demo): the Swift runtime linked in with --static-swift-stdlib.
swift build -c release --scratch-path "$HERE/.build/static" --static-swift-stdlib --product mailprobe >&2
STATIC_BIN=$(swift build -c release --scratch-path "$HERE/.build/static" --static-swift-stdlib --show-bin-path)
for binary in "$BIN/mailprobe" "$STATIC_BIN/mailprobe"; do
    if ldd "$binary" | grep -Eq 'libFoundation\.so|libFoundationInternationalization|_FoundationICU'; then
        echo "run-smtp.sh: warning: $binary loads Foundation / ICU:" >&2
        ldd "$binary" | grep -E 'Foundation|ICU' >&2
    fi
done

# --- Peers -------------------------------------------------------------------------
mail_servers_env

# smtp-sink: -u postfix drops root; the backlog is 1000. -c would print counters; not wanted.
"${PIN[@]}" "$SMTP_SINK" -u postfix "$HOST:$SINK_PORT" 1000 >"$WORK/sink.log" 2>&1 &
SINK_PID=$!
for _ in $(seq 50); do
    python3 -c "import socket; socket.create_connection(('$HOST', $SINK_PORT), 0.2).close()" 2>/dev/null && break
    sleep 0.1
done
python3 - "$HOST" "$SINK_PORT" <<'PY' || die "smtp-sink on $SINK_PORT does not offer PIPELINING"
import smtplib, sys
with smtplib.SMTP(sys.argv[1], int(sys.argv[2])) as s:
    s.ehlo()
    sys.exit(0 if s.has_extn("pipelining") else 1)
PY

# --- 1. Throughput -----------------------------------------------------------------
RESULTS=$WORK/results.txt
: >"$RESULTS"
rate() { sed -n 's/.*msgs_per_s=\([0-9.e+-]*\).*/\1/p'; }
for round in $(seq "$REPS"); do
    echo "throughput round $round/$REPS..." >&2
    # SMTPConnection.send(batch:) with PIPELINING (the default of smtp-bench throughput).
    echo "mailprobe_pipelining $("${PIN[@]}" "$BIN/smtp-bench" throughput --host $HOST --port "$SINK_PORT" --messages "$MESSAGES" --size "$SIZE" | rate)" >>"$RESULTS"
    # SMTPConnection.send(_:envelope:) once per message, with and without PIPELINING.
    echo "mailprobe_per_message $("${PIN[@]}" "$BIN/smtp-bench" throughput --host $HOST --port "$SINK_PORT" --messages "$MESSAGES" --size "$SIZE" --per-message | rate)" >>"$RESULTS"
    echo "mailprobe_lockstep $("${PIN[@]}" "$BIN/smtp-bench" throughput --host $HOST --port "$SINK_PORT" --messages "$MESSAGES" --size "$SIZE" --per-message --no-pipelining | rate)" >>"$RESULTS"
    echo "batch_prototype $("${PIN[@]}" "$BIN/smtp-bench" throughput --host $HOST --port "$SINK_PORT" --messages "$MESSAGES" --size "$SIZE" --batch-prototype | rate)" >>"$RESULTS"
    echo "smtplib $("${PIN[@]}" python3 "$HERE/smtplib_throughput.py" $HOST "$SINK_PORT" "$MESSAGES" "$SIZE" | rate)" >>"$RESULTS"
    # smtp-source: one session (-s 1), MESSAGES messages (-m) on it (-d: don't disconnect).
    started=$EPOCHREALTIME
    "${PIN[@]}" "$SMTP_SOURCE" -s 1 -m "$MESSAGES" -d -l "$SOURCE_LENGTH" -M bench.example.test "$HOST:$SINK_PORT"
    ended=$EPOCHREALTIME
    echo "smtp_source $(python3 -c "print($MESSAGES / ($ended - $started))")" >>"$RESULTS"
done

# --- 2. Reply parser ---------------------------------------------------------------
echo "reply parser ($PARSE_MB MB, $PARSE_RUNS runs)..." >&2
"$BIN/smtp-bench" parse --megabytes "$PARSE_MB" --runs "$PARSE_RUNS" >"$WORK/parse.txt"

# --- 3. Cold start -----------------------------------------------------------------
echo "cold start (hyperfine, $RUNS runs)..." >&2
export MAILPROBE_BENCH_PASSWORD=$MAILPROBE_TEST_ALICE_PASSWORD
CA=$MAILPROBE_TEST_CA_FILE
SUBMISSION="$HOST:$MAILPROBE_TEST_SUBMISSION_PORT"
PLAIN="$HOST:$MAILPROBE_TEST_SMTP_PORT"
FROM=$MAILPROBE_TEST_ALICE_USER
TO=$MAILPROBE_TEST_BOB_USER
hyperfine -N --warmup 3 --runs "$RUNS" --style basic --export-json "$WORK/cold-tls.json" \
    -n mailprobe-dynamic "$BIN/mailprobe smtp --server $SUBMISSION --starttls --ca-file $CA --user $FROM --password-env MAILPROBE_BENCH_PASSWORD --auth PLAIN --from $FROM --to $TO --subject benchmark" \
    -n mailprobe "$STATIC_BIN/mailprobe smtp --server $SUBMISSION --starttls --ca-file $CA --user $FROM --password-env MAILPROBE_BENCH_PASSWORD --auth PLAIN --from $FROM --to $TO --subject benchmark" \
    -n swaks "swaks --server $SUBMISSION --tls --tls-verify --tls-ca-path $CA --auth PLAIN --auth-user $FROM --auth-password $MAILPROBE_BENCH_PASSWORD --from $FROM --to $TO --header Subject:benchmark --silent 2" >&2
hyperfine -N --warmup 3 --runs "$RUNS" --style basic --export-json "$WORK/cold-plain.json" \
    -n mailprobe-dynamic "$BIN/mailprobe smtp --server $PLAIN --plain --from $FROM --to $TO --subject benchmark" \
    -n mailprobe "$STATIC_BIN/mailprobe smtp --server $PLAIN --plain --from $FROM --to $TO --subject benchmark" \
    -n swaks "swaks --server $PLAIN --from $FROM --to $TO --header Subject:benchmark --silent 2" >&2

# --- Table -------------------------------------------------------------------------
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1); $(swift --version 2>&1 | head -1)${PIN_CPU:+; throughput pinned to CPU $PIN_CPU}"
echo
python3 - "$RESULTS" "$WORK/parse.txt" "$WORK/cold-tls.json" "$WORK/cold-plain.json" "$MESSAGES" "$SIZE" "$REPS" <<'PY'
import json, statistics, sys
results, parse, cold_tls, cold_plain, messages, size, reps = sys.argv[1:8]
rates = {}
for line in open(results):
    name, value = line.split()
    rates.setdefault(name, []).append(float(value))
med = {name: statistics.median(values) for name, values in rates.items()}
labels = {
    "mailprobe_pipelining": "MailProbe send(batch:), PIPELINING",
    "mailprobe_per_message": "MailProbe send(_:envelope:) per message, PIPELINING",
    "mailprobe_lockstep": "MailProbe send(_:envelope:) per message, no pipelining",
    "batch_prototype": "prototype, not the client: envelope pipelined behind the dot",
    "smtplib": "Python smtplib",
    "smtp_source": "Postfix smtp-source",
}
print(f"### Throughput: {messages} messages of ~{size} bytes, one connection to smtp-sink, {reps} runs each\n")
print("| client | median msgs/s | min | max | vs smtplib | vs smtp-source |")
print("|---|---:|---:|---:|---:|---:|")
for key, label in labels.items():
    v = rates[key]
    print(f"| {label} | {med[key]:,.0f} | {min(v):,.0f} | {max(v):,.0f} | "
          f"{med[key] / med['smtplib']:.2f}× | {med[key] / med['smtp_source']:.2f}× |")
p = med["mailprobe_pipelining"]
print(f"\nTargets: ≥ 3× smtplib: {'met' if p >= 3 * med['smtplib'] else 'NOT met'} "
      f"({p / med['smtplib']:.2f}×); ≥ smtp-source: {'met' if p >= med['smtp_source'] else 'NOT met'} "
      f"({p / med['smtp_source']:.2f}×)\n")

runs = [dict(kv.split("=") for kv in line.split()) for line in open(parse)]
mbs = [float(r["mb_per_s"]) for r in runs]
rps = [float(r["replies_per_s"]) for r in runs]
print(f"### Reply parser: {int(runs[0]['bytes']) / 1e6:.0f} MB, {runs[0]['replies']} replies, "
      f"{runs[0]['lines']} lines, {len(runs)} runs\n")
print("| parser | median MB/s | min | max | median replies/s |")
print("|---|---:|---:|---:|---:|")
print(f"| SMTPReplyParser | {statistics.median(mbs):,.0f} | {min(mbs):,.0f} | {max(mbs):,.0f} | "
      f"{statistics.median(rps):,.0f} |\n")

for title, path in (("submission, STARTTLS + AUTH PLAIN, one message", cold_tls),
                    ("plain port, no TLS, no AUTH, one message", cold_plain)):
    data = {r["command"]: r for r in json.load(open(path))["results"]}
    m, s = data["mailprobe"], data["swaks"]
    ratio = m["median"] / s["median"]
    print(f"### Cold start: {title} ({len(m['times'])} runs, 3 warm-up)\n")
    print("| client | median ms | mean ± σ ms | min | max | runs ≥ min + 30 ms | vs swaks |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in (("mailprobe smtp (--static-swift-stdlib, as shipped)", m),
                    ("mailprobe smtp, shared Swift runtime", data["mailprobe-dynamic"]), ("swaks", s)):
        print(f"| {name} | {r['median'] * 1e3:.1f} | {r['mean'] * 1e3:.1f} ± {r['stddev'] * 1e3:.1f} | "
              f"{r['min'] * 1e3:.1f} | {r['max'] * 1e3:.1f} | "
              f"{sum(t >= r['min'] + 0.030 for t in r['times'])}/{len(r['times'])} | {r['median'] / s['median']:.2f}× |")
    print(f"\nmailprobe / swaks (medians): {ratio:.2f}× — target ≤ 0.3×: {'met' if ratio <= 0.3 else 'NOT met'}\n")
PY
