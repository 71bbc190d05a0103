#!/usr/bin/env python3
"""The Python side of the UID FETCH benchmark (see ../BENCHMARKS.md, IMAP).

    imap_fetch.py CLIENT HOST PORT USER MAILBOX [--reps 7] [--expect N]    (password in $IMAP_BENCH_PASSWORD)

CLIENT is one of
  imaplib     imaplib.IMAP4: uid("FETCH", "1:*", "(UID BODY.PEEK[HEADER])"); the peer of the target.
  imapclient  what IMAPClient.fetch() does (use_uid=True): the same command through imaplib, then
              imapclient's parse_fetch_response, giving a dict per message.
  raw         a socket that sends the same command and only reads until the tagged OK, parsing
              nothing: how long Dovecot itself needs, the floor for any client.
Like imap-bench fetch: log in (plain LOGIN on loopback), select MAILBOX read-only, one untimed
warm-up fetch, then REPS timed fetches of the same connection; one key=value line each.
"""
import argparse
import imaplib
import os
import socket
import time

COMMAND = "(UID BODY.PEEK[HEADER])"


def run_imaplib(args, password):
    imap = imaplib.IMAP4(args.host, args.port)
    imap.login(args.user, password)
    typ, data = imap.select(args.mailbox, readonly=True)
    assert typ == "OK", data

    def fetch():
        typ, data = imap.uid("FETCH", "1:*", COMMAND)
        assert typ == "OK", data
        literals = [item for item in data if isinstance(item, tuple)]
        return len(literals), sum(len(item[1]) for item in literals)

    yield from timed(fetch, args.reps)
    imap.logout()


def run_imapclient(args, password):
    from imapclient import IMAPClient, response_parser
    client = IMAPClient(args.host, port=args.port, ssl=False, use_uid=True)
    client.login(args.user, password)
    client.select_folder(args.mailbox, readonly=True)

    def fetch():
        # IMAPClient.fetch() itself wants message ids, not "1:*" (it filters the answer by them);
        # this is its body: the command through imaplib, then parse_fetch_response.
        typ, data = client._imap.uid("FETCH", "1:*", COMMAND)
        assert typ == "OK", data
        result = response_parser.parse_fetch_response(data, client.normalise_times, True)
        return len(result), sum(len(item[b"BODY[HEADER]"]) for item in result.values())

    yield from timed(fetch, args.reps)
    client.logout()


def run_raw(args, password):
    sock = socket.create_connection((args.host, args.port))
    pending = [b""]

    def until(tag):
        data = pending[0]
        marker = b"\r\n" + tag + b" "
        while marker not in data[-300:] and not data.startswith(tag + b" "):
            data += sock.recv(1 << 20)
        pending[0] = b""
        return data

    sock.recv(4096)  # the greeting
    sock.sendall(f"L LOGIN {args.user} {password}\r\n".encode())
    assert b"L OK" in until(b"L")
    sock.sendall(f"S EXAMINE {args.mailbox}\r\n".encode())
    assert b"S OK" in until(b"S")
    counter = [0]

    def fetch():
        counter[0] += 1
        tag = b"F%d" % counter[0]
        sock.sendall(tag + b" UID FETCH 1:* " + COMMAND.encode() + b"\r\n")
        received, tail, done = 0, b"", b"\r\n" + tag + b" OK"
        while True:
            chunk = sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("closed")
            received += len(chunk)
            tail = (tail + chunk)[-300:]
            if done in tail:
                return None, received

    yield from timed(fetch, args.reps)
    sock.close()


def timed(fetch, reps):
    for run in range(reps + 1):
        started = time.perf_counter()
        messages, size = fetch()
        seconds = time.perf_counter() - started
        if run:
            yield messages, size, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("client", choices=["imaplib", "imapclient", "raw"])
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("user")
    parser.add_argument("mailbox")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--expect", type=int)
    args = parser.parse_args()
    password = os.environ["IMAP_BENCH_PASSWORD"]
    runner = {"imaplib": run_imaplib, "imapclient": run_imapclient, "raw": run_raw}[args.client]
    for run, (messages, size, seconds) in enumerate(runner(args, password), start=1):
        if messages is not None and args.expect is not None:
            assert messages == args.expect, (messages, args.expect)
        count = messages if messages is not None else args.expect
        print(f"run={run} messages={count} {'header_bytes' if messages is not None else 'wire_bytes'}={size} "
              f"seconds={seconds:.6f} msgs_per_s={(count or 0) / seconds:.1f}", flush=True)


if __name__ == "__main__":
    main()
