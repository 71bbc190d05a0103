#!/usr/bin/env python3
"""Deterministic IMAP benchmark data for Benchmarks/run-imap.sh (see ../BENCHMARKS.md, IMAP).

    imap_corpus.py corpus OUT [--count 10000] [--seed 20261129]
        OUT: COUNT untagged FETCH responses, as Dovecot would send them for
        UID FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER]):
        UID, FLAGS, RFC822.SIZE, ENVELOPE (several addresses), BODYSTRUCTURE
        (multipart with 2-3 parts) and a BODY[HEADER] literal of ~1-2 KB; CRLF line ends.
        Both parsers (imap-bench parse, imap_parse.py) read this file.

    imap_corpus.py maildir DIR [--count 10000] [--seed 20261129]
        Writes COUNT messages (the same headers, a short body) as Maildir files into DIR/cur.
        Dovecot indexes them on the next SELECT.

The same seed gives the same bytes on every run and machine (random.Random is specified).
"""
import argparse
import base64
import os
import random

SEED = 20261129

FIRST = ["Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy",
         "Mallory", "Niaj", "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter", "Zoë"]
LAST = ["Anderson", "Brown", "Clarke", "Dubois", "Evans", "Fischer", "García", "Hansen", "Ivanova",
        "Jensen", "Kowalski", "López", "Müller", "Nakamura", "O'Brien", "Petrov", "Quinn", "Rossi"]
DOMAINS = ["example.test", "mail.example.org", "corp.example.com", "lists.example.net",
           "eu.example.io", "support.example.co.uk"]
WORDS = ("quarterly report meeting notes invoice budget review release candidate build failure "
         "deploy schedule lunch tomorrow urgent follow-up draft proposal contract renewal outage "
         "postmortem migration database backup certificate expiry password reset welcome newsletter "
         "update roadmap feedback survey travel booking confirmation receipt shipment delayed").split()
FLAGSETS = [[], ["\\Seen"], ["\\Seen"], ["\\Seen", "\\Answered"], ["\\Seen", "\\Flagged"],
            ["\\Seen", "$Forwarded"], ["\\Seen", "$Junk", "NonJunk"], ["\\Draft"]]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def b64ish(rng, n):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return "".join(rng.choice(alphabet) for _ in range(n))


class Message:
    """One synthetic message: header fields and the facts ENVELOPE/BODYSTRUCTURE report."""

    def __init__(self, rng, number):
        self.number = number
        self.people = [self.person(rng) for _ in range(rng.randint(4, 8))]
        self.sender = self.people[0]
        self.to = self.people[1:rng.randint(2, 4)]
        self.cc = self.people[len(self.to) + 1:]
        day = rng.randint(1, 28)
        self.date = (f"{DAYS[(day + number) % 7]}, {day} {MONTHS[number % 12]} 2026 "
                     f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} "
                     f"{rng.choice(['+0000', '+0100', '-0700', '+0530'])}")
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))
        style = number % 10
        if style == 0:
            self.subject = f"Re: {words} \"quoted\" \\ backslash"
        elif style == 1:
            self.subject = f"=?UTF-8?Q?{words.replace(' ', '_')}_=E2=9C=93?="
        else:
            self.subject = ("Re: " if style < 5 else "") + words.capitalize() + f" #{number}"
        self.message_id = f"<{number}.{b64ish(rng, 12).replace('/', 'x').replace('+', 'y')}@{self.sender[2]}>"
        self.in_reply_to = f"<{number - 1}.parent@{self.sender[2]}>" if style < 5 and number > 1 else None
        self.flags = FLAGSETS[rng.randrange(len(FLAGSETS))]
        self.boundary = "b1_" + b64ish(rng, 24).replace("/", "x").replace("+", "y")
        self.parts = rng.choice([2, 2, 3])
        self.text_octets = rng.randint(200, 6000)
        self.html_octets = self.text_octets * 3 + rng.randint(0, 900)
        self.attachment_octets = rng.randint(2000, 90000)
        self.attachment_name = f"{rng.choice(WORDS)}-{number}.pdf"
        self.header = self.build_header(rng)
        self.size = len(self.header) + self.text_octets + self.html_octets + (self.attachment_octets if self.parts == 3 else 0)

    @staticmethod
    def person(rng):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        name = f"{first} {last}"
        if not name.isascii():
            # Non-ASCII display names travel RFC 2047-encoded, in the header and so in ENVELOPE.
            name = "=?UTF-8?B?" + base64.b64encode(name.encode("utf-8")).decode("ascii") + "?="
        return (name, f"{first.lower()}.{last.lower()}".encode("ascii", "ignore").decode().replace("'", ""),
                rng.choice(DOMAINS))

    def build_header(self, rng):
        def addr(p):
            name = p[0] if p[0].startswith("=?") else f"\"{p[0]}\""
            return f"{name} <{p[1]}@{p[2]}>"
        received = []
        for hop in range(rng.randint(2, 4)):
            received.append(
                f"Received: from mx{hop}.{self.sender[2]} (mx{hop}.{self.sender[2]} [192.0.2.{rng.randint(1, 254)}])\r\n"
                f"\tby mail.example.test (Postfix) with ESMTPS id {b64ish(rng, 10).replace('/', 'Q').replace('+', 'Z')}\r\n"
                f"\tfor <{self.to[0][1]}@{self.to[0][2]}>; {self.date}")
        lines = [
            f"Return-Path: <{self.sender[1]}@{self.sender[2]}>",
            "Delivered-To: carol@example.test",
            *received,
            f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={self.sender[2]}; s=s1;\r\n"
            f"\th=from:to:cc:subject:date:message-id; bh={b64ish(rng, 44)}=;\r\n"
            f"\tb={b64ish(rng, 72)}\r\n\t {b64ish(rng, 72)}\r\n\t {b64ish(rng, rng.randint(20, 200))}",
            f"From: {addr(self.sender)}",
            f"To: {', '.join(addr(p) for p in self.to)}",
        ]
        if self.cc:
            lines.append(f"Cc: {', '.join(addr(p) for p in self.cc)}")
        lines += [
            f"Subject: {self.subject}",
            f"Date: {self.date}",
            f"Message-ID: {self.message_id}",
        ]
        if self.in_reply_to:
            lines += [f"In-Reply-To: {self.in_reply_to}", f"References: {self.in_reply_to}"]
        lines += [
            "MIME-Version: 1.0",
            f"Content-Type: multipart/{'mixed' if self.parts == 3 else 'alternative'}; boundary=\"{self.boundary}\"",
            f"X-Mailer: MailProbe corpus {SEED}",
        ]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")

    # --- IMAP renderings --------------------------------------------------------------

    @staticmethod
    def quoted(text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def address_list(self, people):
        if not people:
            return "NIL"
        return "(" + "".join(f"({self.quoted(p[0])} NIL {self.quoted(p[1])} {self.quoted(p[2])})" for p in people) + ")"

    def envelope(self):
        sender = self.address_list([self.sender])
        return (f"({self.quoted(self.date)} {self.quoted(self.subject)} {sender} {sender} {sender} "
                f"{self.address_list(self.to)} {self.address_list(self.cc)} NIL "
                f"{self.quoted(self.in_reply_to) if self.in_reply_to else 'NIL'} {self.quoted(self.message_id)})")

    def bodystructure(self):
        text = (f"(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" {self.text_octets} "
                f"{self.text_octets // 60 + 1} NIL NIL NIL NIL)")
        html = (f"(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" {self.html_octets} "
                f"{self.html_octets // 70 + 1} NIL NIL NIL NIL)")
        if self.parts == 2:
            return f"({text}{html} \"alternative\" (\"boundary\" {self.quoted(self.boundary)}) NIL NIL NIL)"
        attachment = (f"(\"application\" \"pdf\" (\"name\" {self.quoted(self.attachment_name)}) NIL NIL \"base64\" "
                      f"{self.attachment_octets} NIL (\"attachment\" (\"filename\" {self.quoted(self.attachment_name)})) NIL NIL)")
        return f"({text}{html}{attachment} \"mixed\" (\"boundary\" {self.quoted(self.boundary)}) NIL NIL NIL)"

    def fetch_response(self):
        flags = " ".join(self.flags)
        head = (f"* {self.number} FETCH (UID {self.number} FLAGS ({flags}) RFC822.SIZE {self.size} "
                f"ENVELOPE {self.envelope()} BODYSTRUCTURE {self.bodystructure()} "
                f"BODY[HEADER] {{{len(self.header)}}}\r\n").encode("utf-8")
        return head + self.header + b")\r\n"

    def rfc822(self):
        body = f"--{self.boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMessage {self.number}.\r\n--{self.boundary}--\r\n"
        return self.header + body.encode("ascii")


def messages(count, seed):
    rng = random.Random(seed)
    for number in range(1, count + 1):
        yield Message(rng, number)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["corpus", "maildir"])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    if args.what == "corpus":
        with open(args.out, "wb") as out:
            for message in messages(args.count, args.seed):
                out.write(message.fetch_response())
        return
    write_maildir(args.out, args.count, args.seed)


def write_maildir(folder, count, seed):
    """COUNT messages as seen (`:2,S`) Maildir files in FOLDER/cur (FOLDER/new and /tmp made too)."""
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    for message in messages(count, seed):
        data = message.rfc822()
        # Maildir name: <secs>.<unique>.<host>,S=<size>:2,<flags>; fixed times keep it deterministic.
        name = f"{1_790_000_000 + message.number}.M{message.number}P1.bench,S={len(data)}:2,S"
        with open(os.path.join(folder, "cur", name), "wb") as out:
            out.write(data)


if __name__ == "__main__":
    main()
