#!/usr/bin/env python3
"""The Python side of the large-message fetch benchmark (see ../BENCHMARKS.md, IMAP).

    imap_large.py fill HOST PORT USER MAILBOX --size BYTES     (password in $IMAP_BENCH_PASSWORD)
    imap_large.py fetch HOST PORT USER MAILBOX

fill: makes MAILBOX hold exactly one message of BYTES bytes (a short header, then lines of
base64-like text; the same bytes for the same size), by IMAP APPEND; left alone when it already
holds one message of that size.
fetch: imaplib.IMAP4.uid("FETCH", uid, "(BODY.PEEK[])") of that message, then its MD5; prints
the time, the MD5 and the peak resident memory of the process before and after, like
`imap-bench large`.
"""
import argparse
import hashlib
import imaplib
import os
import resource
import time


def message(size):
    head = b"From: <alice@example.test>\r\nTo: <carol@example.test>\r\nSubject: large message benchmark\r\n\r\n"
    lines = []
    total = len(head)
    number = 0
    while total < size:
        line = b"%08d ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/\r\n" % number
        lines.append(line)
        total += len(line)
        number += 1
    return (head + b"".join(lines))[:size - 2] + b"\r\n"


def connect(args):
    imap = imaplib.IMAP4(args.host, args.port)
    imap.login(args.user, os.environ["IMAP_BENCH_PASSWORD"])
    return imap


def fill(args):
    imap = connect(args)
    typ, data = imap.select(args.mailbox, readonly=True)
    if typ == "OK" and int(data[0]) == 1:
        typ, data = imap.fetch("1", "(RFC822.SIZE)")
        if typ == "OK" and b"RFC822.SIZE %d)" % args.size in data[0]:
            print(f"{args.mailbox}: one message of {args.size:,} bytes already")
            imap.logout()
            return
    if typ == "OK":
        imap.close()
        imap.delete(args.mailbox)
    typ, data = imap.create(args.mailbox)
    assert typ == "OK", data
    started = time.monotonic()
    typ, data = imap.append(args.mailbox, None, None, message(args.size))
    assert typ == "OK", data
    print(f"{args.mailbox}: appended {args.size:,} bytes in {time.monotonic() - started:.1f} s")
    imap.logout()


def fetch(args):
    imap = connect(args)
    typ, data = imap.select(args.mailbox, readonly=True)
    assert typ == "OK" and int(data[0]) == 1, data
    typ, data = imap.uid("SEARCH", "ALL")
    uid = data[0].split()[0].decode()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    typ, data = imap.uid("FETCH", uid, "(BODY.PEEK[])")
    assert typ == "OK", data
    body = data[0][1]
    md5 = hashlib.md5(body).hexdigest()
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"mode=imaplib bytes={len(body)} md5={md5} seconds={seconds} peak_rss_before_kb={before} peak_rss_kb={peak}")
    imap.logout()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["fill", "fetch"])
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("user")
    parser.add_argument("mailbox")
    parser.add_argument("--size", type=int, default=50_000_000)
    args = parser.parse_args()
    fill(args) if args.action == "fill" else fetch(args)


if __name__ == "__main__":
    main()
