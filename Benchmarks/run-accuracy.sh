#!/usr/bin/env bash
# Timing accuracy against the test server (MailTestServer); figures in ../BENCHMARKS.md ("Timing accuracy").
#
#   Benchmarks/run-accuracy.sh          # PROBES=200 MAX_MS=50 SEED=42
#
# PROBES SMTP probes (plaintext, pipelining off: one command per round trip), each against a fresh
# server whose FaultPlan delays greeting, ehlo, mail_from, rcpt_to, data and data_accepted by a seeded
# random 0..MAX_MS ms (microsecond resolution, different per phase and probe). Reported per phase:
# error = measured phase duration - injected delay, p50 / p99 / max / min. Three runs:
#   1. server in a separate process (accuracy-bench re-executes itself as `serve`: the same
#      TestMailServer that `mailprobe test-server` runs, one process per probe);
#   2. server in-process (shares the client's cooperative thread pool);
#   3. baseline: separate process, no delays (MAX_MS=0): loopback round trip + both sides' work.
# Builds in release under Benchmarks/.build-scale. Everything stops by itself.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
source "$HERE/common.sh"
PROBES=${PROBES:-200}
MAX_MS=${MAX_MS:-50}
SEED=${SEED:-42}
SCRATCH=$HERE/.build-scale

cd "$HERE"
build_bench "$SCRATCH" accuracy-bench 2>/dev/null
BIN=$BIN/accuracy-bench

echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== 1. separate-process server"
"$BIN" --probes "$PROBES" --max-ms "$MAX_MS" --seed "$SEED"
echo "== 2. in-process server"
"$BIN" --probes "$PROBES" --max-ms "$MAX_MS" --seed "$SEED" --inprocess
echo "== 3. baseline, no injected delay (separate process)"
"$BIN" --probes "$PROBES" --max-ms 0 --seed "$SEED"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
