#!/usr/bin/env python3
"""Fills an IMAP folder MAILBOX with COUNT messages for the UID FETCH benchmark.

    imap_mailbox.py HOST PORT USER PASSWORD MAILDIR [--mailbox Bench10k] [--count 10000] [--append]
    imap_mailbox.py HOST PORT USER PASSWORD --import-from MAILDIR --doveadm-config CONF [--mailbox ...] [--count ...]

Idempotent: a folder that already holds COUNT messages of this seed is left alone.
Otherwise the folder is deleted and created over IMAP, and the messages of
imap_corpus.py (same seed: the same headers as the parser corpus) are written as
Maildir files into MAILDIR/.MAILBOX/cur, owned by the Maildir's owner; the SELECT at
the end makes Dovecot index them. With --append they go in by IMAP APPEND instead
(one command per message; slower, kept to compare). With --import-from (for a user whose
storage is not Maildir, e.g. mdbox) the folder MAILBOX of that other Maildir, filled first
the usual way, is copied in by `doveadm -c CONF import` (0.4 s for 10,000 messages; flags
kept; the source is opened with an in-memory index, INDEX=MEMORY). Prints what it did and
how long it took.
"""
import argparse
import imaplib
import os
import subprocess
import time

import imap_corpus


def fetch_marker(imap, mailbox):
    """(message count, X-Mailer of the last message) of `mailbox`, or None if it does not exist."""
    typ, data = imap.select(mailbox, readonly=True)
    if typ != "OK":
        return None
    count = int(data[0])
    marker = b""
    if count:
        typ, data = imap.fetch(str(count), "(BODY.PEEK[HEADER.FIELDS (X-MAILER)])")
        marker = data[0][1].strip() if typ == "OK" and isinstance(data[0], tuple) else b""
    imap.close()
    return count, marker


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in ("host", "port", "user", "password"):
        parser.add_argument(name)
    parser.add_argument("maildir", nargs="?", help="the user's Maildir (not needed with --import-from)")
    parser.add_argument("--mailbox", default="Bench10k")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=imap_corpus.SEED)
    parser.add_argument("--append", action="store_true")
    parser.add_argument("--import-from", metavar="MAILDIR", help="a Maildir whose MAILBOX already holds the messages")
    parser.add_argument("--doveadm-config", metavar="CONF", help="dovecot.conf of the server (for --import-from)")
    args = parser.parse_args()
    if args.import_from and not args.doveadm_config:
        parser.error("--import-from needs --doveadm-config")
    if not args.import_from and not args.append and not args.maildir:
        parser.error("MAILDIR is needed unless --append or --import-from is given")

    imap = imaplib.IMAP4(args.host, int(args.port))
    imap.login(args.user, args.password)
    expected_marker = f"X-Mailer: MailProbe corpus {args.seed}".encode()
    state = fetch_marker(imap, args.mailbox)
    if state == (args.count, expected_marker):
        print(f"mailbox={args.mailbox} messages={args.count} action=kept")
        imap.logout()
        return

    started = time.perf_counter()
    if state is not None:
        imap.delete(args.mailbox)
    typ, data = imap.create(args.mailbox)
    assert typ == "OK", data
    if args.import_from:
        action = "doveadm-import"
        source = f"maildir:{args.import_from}:INDEX=MEMORY"
        subprocess.run(["doveadm", "-c", args.doveadm_config, "import", "-u", args.user, source, "",
                        "mailbox", args.mailbox], check=True)
    elif args.append:
        action = "append"
        for message in imap_corpus.messages(args.count, args.seed):
            typ, data = imap.append(args.mailbox, "(\\Seen)", None, message.rfc822())
            assert typ == "OK", data
    else:
        action = "maildir"
        folder = os.path.join(args.maildir, "." + args.mailbox)
        owner = os.stat(args.maildir)
        imap_corpus.write_maildir(folder, args.count, args.seed)
        for directory, _, files in os.walk(folder):
            os.chown(directory, owner.st_uid, owner.st_gid)
            for name in files:
                os.chown(os.path.join(directory, name), owner.st_uid, owner.st_gid)
    filled = time.perf_counter()
    typ, data = imap.select(args.mailbox, readonly=True)
    assert typ == "OK" and int(data[0]) == args.count, (typ, data)
    indexed = time.perf_counter()
    imap.logout()
    print(f"mailbox={args.mailbox} messages={args.count} action={action} "
          f"fill_seconds={filled - started:.2f} select_seconds={indexed - filled:.2f}")


if __name__ == "__main__":
    main()
