#!/usr/bin/env bash
# Scale: IMAP IDLE sessions and concurrent SMTP senders against the test server in another process;
# figures in ../BENCHMARKS.md ("Scale").
#
#   Benchmarks/run-scale.sh            # SIZES="1000 10000" DELIVERIES=1000 SMTP_SESSIONS=100 SMTP_MESSAGES=20 TLS=1
#
# idle: scale-bench raises RLIMIT_NOFILE to the hard limit, starts the server as a child process
#   (itself in `serve` mode: MailTestServer with users u1..uM@x.test, printing the ports line, then one
#   JSON line per stored message with its wall-clock store instant, like `mailprobe test-server
#   --log-deliveries`), opens N IMAP sessions (LOGIN, SELECT INBOX, IDLE; 100 connecting at a time),
#   hooks each session's notifications stream, reads VmRSS before and after, sends DELIVERIES
#   messages over one SMTP connection to mailbox i % M, and takes latency = client wall clock at the
#   hook (EXISTS n) - server wall clock when UID n entered that mailbox. M = 1000 mailboxes (so
#   10 sessions per mailbox at N = 10,000) and M = N (one session per mailbox).
# smtp: SMTP_SESSIONS concurrent connections each sending SMTP_MESSAGES (pipelining on).
# The server stops when the bench closes its stdin (also if the bench dies); nothing is left behind.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
source "$HERE/common.sh"
SIZES=${SIZES:-"1000 10000"}
DELIVERIES=${DELIVERIES:-1000}
SMTP_SESSIONS=${SMTP_SESSIONS:-100}
SMTP_MESSAGES=${SMTP_MESSAGES:-20}
TLS=${TLS:-1}
SCRATCH=$HERE/.build-scale

cd "$HERE"
build_bench "$SCRATCH" scale-bench 2>/dev/null
BIN=$BIN/scale-bench
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 20000 || true

echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), nofile $(ulimit -n)"
for n in $SIZES; do
  for users in 1000 "$n"; do
    echo "== idle plaintext N=$n mailboxes=$users"
    timeout 600 "$BIN" idle --sessions "$n" --users "$users" --deliveries "$DELIVERIES"
    [ "$users" = "$n" ] && break
  done
  if [ "$TLS" = 1 ]; then
    echo "== idle implicit TLS N=$n mailboxes=1000"
    timeout 600 "$BIN" idle --sessions "$n" --users 1000 --deliveries "$DELIVERIES" --tls
  fi
done
echo "== smtp N=$SMTP_SESSIONS x $SMTP_MESSAGES"
timeout 300 "$BIN" smtp --sessions "$SMTP_SESSIONS" --messages "$SMTP_MESSAGES"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
