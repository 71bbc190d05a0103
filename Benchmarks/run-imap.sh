#!/usr/bin/env bash
# IMAP benchmarks beside the named peers, all on loopback; figures go in ../BENCHMARKS.md (IMAP).
#
#   sudo Benchmarks/run-imap.sh      # ROUNDS=3 PARSE_RUNS=7 FETCH_REPS=7 COUNT=10000
#
# 1. Response-parser throughput: COUNT FETCH responses (UID, FLAGS, RFC822.SIZE, ENVELOPE,
#    multipart BODYSTRUCTURE, a ~1-2 KB BODY[HEADER] literal) generated with a fixed seed by
#    imap_corpus.py into one file; MailProbe's IMAPResponseParser (imap-bench parse) and
#    imapclient's parse_fetch_response (imap_parse.py) read the same file, in each of ROUNDS rounds.
# 2. UID FETCH 1:* (UID BODY.PEEK[HEADER]) of the COUNT messages of folder Bench10k on the
#    private Dovecot (Scripts/mailservers, port 10143, LOGIN, no TLS), from each of STORES:
#      maildir  carol's Maildir (one file per message: Dovecot opens each file on every fetch);
#      mdbox    the benchmark user dave's mdbox (messages appended to a few large files, MIME
#               structure cached at save time), the same messages imported from carol's.
#    MailProbe's IMAPConnection (imap-bench fetch), Python imaplib, imaplib + imapclient's parser,
#    and a raw socket that parses nothing (the server's floor). ROUNDS rounds, in each the stores
#    one after the other and for each store the clients one after another; each client does one
#    untimed warm-up fetch, then FETCH_REPS timed fetches on one connection. One table per store,
#    ratios against imaplib on the same store in the same round.
#
# Builds in release under Benchmarks/.build-imap; starts Scripts/mailservers if it is down (needs
# root); fills Bench10k of both users (imap_mailbox.py, idempotent; dave's by doveadm import).
# Needs `pip install imapclient`.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
source "$HERE/common.sh"
ROOT=$(cd "$HERE/.." && pwd)
ROUNDS=${ROUNDS:-3}
PARSE_RUNS=${PARSE_RUNS:-7}
FETCH_REPS=${FETCH_REPS:-7}
COUNT=${COUNT:-10000}
MAILBOX=${MAILBOX:-Bench10k}
STORES=${STORES:-maildir mdbox}
HOST=127.0.0.1
SCRATCH=$HERE/.build-imap

die() { echo "run-imap.sh: $*" >&2; exit 1; }
command -v swift >/dev/null || die "swift not found"
python3 -c "import imapclient" 2>/dev/null || die "imapclient not found (pip install imapclient)"
for store in $STORES; do
    case $store in maildir | mdbox) ;; *) die "unknown store $store (STORES: maildir, mdbox)" ;; esac
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# --- Build -------------------------------------------------------------------------
echo "building imap-bench (release, scratch path Benchmarks/.build-imap)..." >&2
cd "$HERE"
build_bench "$SCRATCH" imap-bench

# --- Data --------------------------------------------------------------------------
CORPUS=$SCRATCH/fetch-corpus-$COUNT.imap
[[ -s $CORPUS ]] || python3 "$HERE/imap_corpus.py" corpus "$CORPUS" --count "$COUNT"
mail_servers_env
PORT=$MAILPROBE_TEST_IMAP_PORT
if [[ -z ${MAILPROBE_TEST_DAVE_USER:-} && " $STORES " == *" mdbox "* ]]; then
    # Servers started by an older Scripts/mailservers: start writes the users and env files anew
    # (Dovecot rereads its passwd-file by itself).
    "$ROOT/Scripts/mailservers" start >&2
    # shellcheck disable=SC1091
    set -a; source "$STATE/env"; set +a
    [[ -n ${MAILPROBE_TEST_DAVE_USER:-} ]] || die "no benchmark user dave in $STATE/env"
fi
declare -A STORE_USER=([maildir]=$MAILPROBE_TEST_CAROL_USER [mdbox]=${MAILPROBE_TEST_DAVE_USER:-})
declare -A STORE_PASSWORD=([maildir]=$MAILPROBE_TEST_CAROL_PASSWORD [mdbox]=${MAILPROBE_TEST_DAVE_PASSWORD:-})
python3 "$HERE/imap_mailbox.py" $HOST "$PORT" "$MAILPROBE_TEST_CAROL_USER" "$MAILPROBE_TEST_CAROL_PASSWORD" \
    "$MAILPROBE_TEST_CAROL_MAILDIR" --mailbox "$MAILBOX" --count "$COUNT" >&2
if [[ " $STORES " == *" mdbox "* ]]; then
    python3 "$HERE/imap_mailbox.py" $HOST "$PORT" "$MAILPROBE_TEST_DAVE_USER" "$MAILPROBE_TEST_DAVE_PASSWORD" \
        --import-from "$MAILPROBE_TEST_CAROL_MAILDIR" --doveadm-config "$MAILPROBE_TEST_DOVECOT_CONF" \
        --mailbox "$MAILBOX" --count "$COUNT" >&2
fi

# --- Rounds ------------------------------------------------------------------------
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq "$ROUNDS"); do
    echo "round $round/$ROUNDS: parsers..." >&2
    "$BIN/imap-bench" parse --corpus "$CORPUS" --runs "$PARSE_RUNS" | sed "s/^/parser=mailprobe round=$round /" >>"$WORK/parse.txt"
    python3 "$HERE/imap_parse.py" "$CORPUS" --runs 3 | sed "s/^/parser=imapclient round=$round /" >>"$WORK/parse.txt"
    for store in $STORES; do
        echo "round $round/$ROUNDS: UID FETCH from $store..." >&2
        user=${STORE_USER[$store]}
        export IMAP_BENCH_PASSWORD=${STORE_PASSWORD[$store]}
        tag="store=$store round=$round"
        "$BIN/imap-bench" fetch --host $HOST --port "$PORT" --user "$user" --password-env IMAP_BENCH_PASSWORD \
            --mailbox "$MAILBOX" --reps "$FETCH_REPS" --expect "$COUNT" | sed "s/^/client=mailprobe $tag /" >>"$WORK/fetch.txt"
        for client in imaplib imapclient raw; do
            python3 "$HERE/imap_fetch.py" $client $HOST "$PORT" "$user" "$MAILBOX" --reps "$FETCH_REPS" --expect "$COUNT" \
                | sed "s/^/client=$client $tag /" >>"$WORK/fetch.txt"
        done
    done
done

# --- Tables ------------------------------------------------------------------------
# Other work on the machine shows in every figure: the load average is part of the result.
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after; $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1); $(swift --version 2>&1 | head -1); $(python3 --version), imapclient $(python3 -c 'import imapclient; print(imapclient.__version__)'); $(dovecot --version 2>/dev/null | sed 's/^/Dovecot /')"
echo
python3 - "$WORK/parse.txt" "$WORK/fetch.txt" "$ROUNDS" <<'PY'
import statistics, sys
parse, fetch, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])

def records(path, key):
    rows = {}
    for line in open(path):
        fields = dict(kv.split("=", 1) for kv in line.split())
        rows.setdefault(fields[key], []).append(fields)
    return rows

p = records(parse, "parser")
first = p["mailprobe"][0]
print(f"### Parser: {int(first['bytes']):,} bytes, {first['responses']} FETCH responses; {rounds} rounds\n")
print("| parser | median MB/s per round | median of all passes | min–max | MB per CPU-second (median) | responses/s | vs imapclient (per round) |")
print("|---|---:|---:|---:|---:|---:|---:|")
def per_round(rows, field):
    return [statistics.median(float(r[field]) for r in rows if r["round"] == str(k)) for k in range(1, rounds + 1)]
base = per_round(p["imapclient"], "mb_per_s")
for name, label in (("mailprobe", "MailProbe IMAPResponseParser"), ("imapclient", "imapclient parse_fetch_response")):
    mbs = [float(r["mb_per_s"]) for r in p[name]]
    rounds_mbs = per_round(p[name], "mb_per_s")
    print(f"| {label} | {' / '.join(f'{v:,.1f}' for v in rounds_mbs)} | {statistics.median(mbs):,.1f} | "
          f"{min(mbs):,.1f}–{max(mbs):,.1f} | {statistics.median(float(r['mb_per_cpu_s']) for r in p[name]):,.1f} | "
          f"{statistics.median(float(r['responses_per_s']) for r in p[name]):,.0f} | "
          f"{' / '.join(f'{v / b:.1f}×' for v, b in zip(rounds_mbs, base))} |")
mp = statistics.median(float(r["mb_per_s"]) for r in p["mailprobe"])
ic = statistics.median(float(r["mb_per_s"]) for r in p["imapclient"])
cpu = statistics.median(float(r["mb_per_cpu_s"]) for r in p["mailprobe"])
print(f"\nTargets: ≥ 20× imapclient: {'met' if mp >= 20 * ic else 'NOT met'} ({mp / ic:.1f}×); "
      f"≥ 300 MB/s: {'met' if mp >= 300 else 'NOT met'} ({mp:,.0f} MB/s wall; {cpu:,.0f} MB per CPU-second)\n")

stores = {"maildir": "carol's Maildir (one file per message)",
          "mdbox": "dave's mdbox (many messages per file, MIME structure cached)"}
labels = {"mailprobe": "MailProbe IMAPConnection.uidFetch", "imaplib": "Python imaplib",
          "imapclient": "imaplib + imapclient parse_fetch_response", "raw": "raw socket, parses nothing (server floor)"}
by_store = records(fetch, "store")
for store, rows in by_store.items():
    f = {}
    for r in rows:
        f.setdefault(r["client"], []).append(r)
    print(f"### UID FETCH 1:* (UID BODY.PEEK[HEADER]), {f['mailprobe'][0]['messages']} messages, Dovecot on loopback, "
          f"{stores.get(store, store)}; {rounds} rounds × {len(f['mailprobe']) // rounds} fetches\n")
    print("| client | median ms per round | median of all | min–max | vs imaplib (per round) | above the raw floor (median) |")
    print("|---|---:|---:|---:|---:|---:|")
    ref = per_round(f["imaplib"], "seconds")
    floor = statistics.median(float(r["seconds"]) for r in f["raw"])
    for name, label in labels.items():
        secs = [float(r["seconds"]) for r in f[name]]
        rs = per_round(f[name], "seconds")
        print(f"| {label} | {' / '.join(f'{v * 1e3:.0f}' for v in rs)} | {statistics.median(secs) * 1e3:.0f} | "
              f"{min(secs) * 1e3:.0f}–{max(secs) * 1e3:.0f} | {' / '.join(f'{v / b:.2f}×' for v, b in zip(rs, ref))} | "
              f"{(statistics.median(secs) - floor) * 1e3:+.0f} ms |")
    m = statistics.median(float(r["seconds"]) for r in f["mailprobe"])
    i = statistics.median(float(r["seconds"]) for r in f["imaplib"])
    print(f"\nTarget ≤ 0.5× imaplib ({store}): {'met' if m <= 0.5 * i else 'NOT met'} "
          f"({m / i:.2f}×; the raw floor is {floor / i:.2f}× imaplib)\n")
PY
