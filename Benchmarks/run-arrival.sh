#!/usr/bin/env bash
# Arrival-detection latency (issue 5 "Benchmark"); figures in ../BENCHMARKS.md ("Arrival detection").
#
#   Benchmarks/run-arrival.sh           # RUNS=20
#
# Lag = instant a detector first sees the message (EXISTS) - instant the message entered the store:
#   test server: TestMailServer.deliveries[].instant (same process, ContinuousClock);
#   Dovecot:     the file appearing in carol's Maildir/new (inotify IN_MOVED_TO|IN_CREATE, stamped on a
#                dedicated thread), message submitted to Postfix :10025, watched over IMAPS :10993.
# Detectors, all on the same delivery: mailprobe (IDLE session + NOOP every 3 ms on a second session,
# first EXISTS of either, as RoundTripProbe does), idle (the IDLE session alone), poll-5s (NOOP every 5 s
# at a random phase). Each run's message is deleted (UID STORE \Deleted + UID EXPUNGE).
# Builds in release under Benchmarks/.build-arrival. Starts the Docker-free mail servers if needed.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
source "$HERE/common.sh"
RUNS=${RUNS:-20}
SCRATCH=$HERE/.build-arrival

cd "$HERE"
build_bench "$SCRATCH" arrival-bench 2>/dev/null
BIN=$BIN/arrival-bench

echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== test server (in-process)"
timeout 600 "$BIN" test --runs "$RUNS"
mail_servers_env >/dev/null
echo "== Dovecot (Postfix :$MAILPROBE_TEST_SMTP_PORT -> carol, IMAPS :$MAILPROBE_TEST_IMAPS_PORT)"
timeout 600 "$BIN" dovecot --runs "$RUNS"
