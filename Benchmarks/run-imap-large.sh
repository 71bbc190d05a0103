#!/usr/bin/env bash
# Fetching one large message (BODY.PEEK[]) from the private Dovecot: what the client holds in memory.
# Figures go in ../BENCHMARKS.md (IMAP, large message).
#
#   sudo Benchmarks/run-imap-large.sh      # ROUNDS=3 SIZE=50000000
#
# carol's folder BenchLarge holds one message of SIZE bytes (imap_large.py fill, idempotent). In each
# round, each client runs in its own process (so that its peak resident memory is its own), logs in on
# 127.0.0.1 (LOGIN, no TLS), fetches the message and computes its MD5 from what arrived:
#   streamed  IMAPConnection.uidFetch(..., streamingLiteralsFrom: 64 KiB) { chunk in md5.update(chunk) }
#   buffered  IMAPConnection.uidFetch(...) then MD5 of the body
#   imaplib   IMAP4.uid("FETCH", uid, "(BODY.PEEK[])") then hashlib.md5
# and prints the fetch time and the peak RSS before and after the fetch (getrusage ru_maxrss).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
source "$HERE/common.sh"
ROUNDS=${ROUNDS:-3}
SIZE=${SIZE:-50000000}
MAILBOX=${MAILBOX:-BenchLarge}
HOST=127.0.0.1
SCRATCH=$HERE/.build-imap

die() { echo "run-imap-large.sh: $*" >&2; exit 1; }
command -v swift >/dev/null || die "swift not found"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "building imap-bench (release, scratch path Benchmarks/.build-imap)..." >&2
cd "$HERE"
build_bench "$SCRATCH" imap-bench
mail_servers_env
PORT=$MAILPROBE_TEST_IMAP_PORT
USER_NAME=$MAILPROBE_TEST_CAROL_USER
export IMAP_BENCH_PASSWORD=$MAILPROBE_TEST_CAROL_PASSWORD
python3 "$HERE/imap_large.py" fill $HOST "$PORT" "$USER_NAME" "$MAILBOX" --size "$SIZE" >&2

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq "$ROUNDS"); do
    echo "round $round/$ROUNDS..." >&2
    for mode in streamed buffered; do
        "$BIN/imap-bench" large --host $HOST --port "$PORT" --user "$USER_NAME" --password-env IMAP_BENCH_PASSWORD \
            --mailbox "$MAILBOX" --mode $mode | sed "s/^/round=$round /" >>"$WORK/large.txt"
    done
    python3 "$HERE/imap_large.py" fetch $HOST "$PORT" "$USER_NAME" "$MAILBOX" | sed "s/^/round=$round /" >>"$WORK/large.txt"
done

echo "$(date -u '+%Y-%m-%d %H:%M UTC'); load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after; $(nproc) CPUs; $(swift --version 2>&1 | head -1); $(python3 --version); $(dovecot --version 2>/dev/null | sed 's/^/Dovecot /')"
echo
python3 - "$WORK/large.txt" "$ROUNDS" "$SIZE" <<'PY'
import statistics, sys
path, rounds, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = [dict(kv.split("=", 1) for kv in line.split()) for line in open(path)]
md5s = {r["md5"] for r in rows}
sizes = {int(r["bytes"]) for r in rows}
assert md5s.__len__() == 1 and sizes == {size}, f"the clients disagree: {md5s} {sizes}"
print(f"### UID FETCH (BODY.PEEK[]) of one {size:,}-byte message, Dovecot on loopback; {rounds} rounds (MD5 {md5s.pop()} for every client)\n")
print("| client | fetch + MD5, s (per round) | median s | peak RSS before, MB | peak RSS after, MB (median) | grew by, MB | grew by ÷ message size |")
print("|---|---:|---:|---:|---:|---:|---:|")
labels = {"streamed": "MailProbe uidFetch, streamed to a sink (64 KiB threshold)", "buffered": "MailProbe uidFetch, buffered",
          "imaplib": "Python imaplib"}
for mode, label in labels.items():
    mine = [r for r in rows if r["mode"] == mode]
    secs = [float(r["seconds"]) for r in mine]
    before = statistics.median(int(r["peak_rss_before_kb"]) for r in mine) / 1024
    after = statistics.median(int(r["peak_rss_kb"]) for r in mine) / 1024
    print(f"| {label} | {' / '.join(f'{s:.2f}' for s in secs)} | {statistics.median(secs):.2f} | {before:.1f} | {after:.1f} | "
          f"{after - before:+.1f} | {(after - before) * 1024 * 1024 / size:.2f}× |")
print()
PY
