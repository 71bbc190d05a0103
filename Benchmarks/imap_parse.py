#!/usr/bin/env python3
"""imapclient's FETCH parser over the corpus of imap_corpus.py (see ../BENCHMARKS.md, IMAP).

    imap_parse.py CORPUS [--runs 5]

imapclient.response_parser.parse_fetch_response takes what imaplib returns: a list
of bytes (a response line without its "* " and CRLF) and (line-ending-in-{n}, literal)
tuples. The corpus is turned into that list by imaplib's own reading code
(IMAP4._get_response over an in-memory file), outside the timed region. Each run then
parses the whole list in one call, as IMAPClient.fetch() does. Prints one key=value
line per run (after one untimed warm-up run), like imap-bench parse.
"""
import argparse
import imaplib
import io
import time

from imapclient import response_parser


def imaplib_fetch_data(corpus: bytes):
    """The `data` of `typ, data = imap.uid("FETCH", ...)` had the server sent `corpus`."""
    imap = imaplib.IMAP4.__new__(imaplib.IMAP4)
    imap.debug = 0
    imap.state = "SELECTED"
    imap.literal = None
    imap.tagged_commands = {}
    imap.untagged_responses = {}
    imap.continuation_response = ""
    imap.is_readonly = False
    imap.tagnum = 0
    imap._tls_established = False
    imap._mode_ascii()
    imap.tagpre = b"BENCH"
    imap.tagre = imaplib.re.compile(rb"(?P<tag>BENCH\d+) (?P<type>[A-Z]+) (?P<data>.*)", imaplib.re.ASCII)
    imap.file = io.BytesIO(corpus)
    imap.sock = None
    imap._cmd_log_len = 10
    imap._cmd_log_idx = 0
    imap._cmd_log = {}
    while imap.file.tell() < len(corpus):
        imap._get_response()
    return imap.untagged_responses["FETCH"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    corpus = open(args.corpus, "rb").read()
    data = imaplib_fetch_data(corpus)
    for run in range(args.runs + 1):
        cpu_started = time.thread_time()
        started = time.perf_counter()
        parsed = response_parser.parse_fetch_response(data, normalise_times=True, uid_is_key=True)
        seconds = time.perf_counter() - started
        cpu_seconds = time.thread_time() - cpu_started
        messages = len(parsed)
        sample = parsed[1]
        assert messages == len(data) // 2, (messages, len(data))
        assert b"ENVELOPE" in sample and b"BODYSTRUCTURE" in sample and b"BODY[HEADER]" in sample, sample.keys()
        if run == 0:
            continue
        print(f"run={run} bytes={len(corpus)} responses={messages} seconds={seconds:.6f} cpu_seconds={cpu_seconds:.6f} "
              f"mb_per_s={len(corpus) / 1e6 / seconds:.3f} mb_per_cpu_s={len(corpus) / 1e6 / cpu_seconds:.3f} "
              f"responses_per_s={messages / seconds:.1f}", flush=True)


if __name__ == "__main__":
    main()
